"""Decide the handling unit for a matter. Plain Python: no Flask, no database.

- By default the caller's town office (民政办) handles the matter.
- Recusal (回避): a matter that alleges wrongdoing by a town's or village's own
  staff never goes to that town's office; it goes to the county section.
  《信访工作条例》第30条 forbids passing a report to the person or unit reported.
- Urgent matters go to the county section for temporary assistance (先行救助).
"""
from dataclasses import dataclass

COUNTY_SECTION = "社会救助股"

# Categories that by their nature accuse local staff or the local office:
# favoritism, withheld funds, extortion, refusal, omission (stopping or refusing
# benefits is the office's decision) and privacy leaks by staff. Fraud on its
# own accuses the recipient; it accuses staff only when officials arranged it,
# which the tagger marks as serious.
ACCUSES_STAFF = {"favoritism", "withheld_funds", "extortion", "refusal", "omission", "privacy"}


@dataclass(frozen=True)
class Route:
    unit: str  # unit name
    reason: str  # shown to staff, in Chinese
    recused: bool


def town_office(town):
    return f"{town}民政办"


def accuses_local_staff(categories, serious):
    cats = set(categories)
    return bool(cats & ACCUSES_STAFF) or ("fraud" in cats and serious)


def route(town, categories, urgent=False, serious=False, kind=None):
    if accuses_local_staff(categories, serious) or (kind == "举报" and serious):
        return Route(COUNTY_SECTION, f"反映{town}或村干部问题，回避属地，由县{COUNTY_SECTION}办理", True)
    if urgent:
        return Route(COUNTY_SECTION, f"急难事项，由县{COUNTY_SECTION}先行救助", False)
    return Route(town_office(town), f"属地办理：{town_office(town)}", False)
