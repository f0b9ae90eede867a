"""Which matters go to the discipline liaison at intake. Plain Python.

- serious matters (taxonomy flag `serious`), whatever their deadline;
- reports (举报) that accuse officials (domain.md: reports against officials also
  go to the liaison's queue).
"""
from hotline.routing.rules import accuses_local_staff


def referral_reason(categories, serious, kind):
    """(kind, Chinese text) of the intake referral reason, or None."""
    if serious:
        return ("serious", "严重问题线索：反映公职人员违纪违法或涉及金额大、户数多")
    if kind == "举报" and accuses_local_staff(categories, serious):
        return ("report", "举报村、镇工作人员问题")
    return None
