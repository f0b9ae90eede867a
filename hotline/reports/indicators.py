"""The indicators, computed from plain rows. No Flask, no database.

- 响应率: of the matters whose 签收 deadline has come (or that were acknowledged), the share
  acknowledged by the deadline. Matters answered on the call itself are left out.
- 按期办结率: of the matters that were closed or whose closing deadline has passed, the share
  closed by the deadline.
- 满意率: of the callbacks made, the share 满意 or 基本满意.
- 重复来电率: the share of matters that repeat an earlier one (same caller or subject, 90 days).
"""
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Row:
    town: str
    categories: list
    acknowledged_at: object
    ack_due: object
    closed_at: object
    close_due: object
    satisfaction: str | None
    repeat_count: int
    on_call: bool  # closed at registration


def _rate(hits, total):
    return round(100.0 * hits / total, 1) if total else None


@dataclass
class Indicators:
    total: int = 0
    response: tuple = (0, 0)
    on_time: tuple = (0, 0)
    satisfied: tuple = (0, 0)
    repeats: tuple = (0, 0)
    by_town: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)

    @property
    def rates(self):
        return {name: _rate(*pair) for name, pair in (
            ("响应率", self.response), ("按期办结率", self.on_time),
            ("满意率", self.satisfied), ("重复来电率", self.repeats))}


def compute(rows, now):
    ind = Indicators()
    resp_hit = resp_all = done_hit = done_all = sat_hit = sat_all = rep = 0
    for r in rows:
        ind.total += 1
        ind.by_town[r.town] += 1
        ind.by_category.update(r.categories or ["（无违规问题）"])
        rep += r.repeat_count >= 2
        if r.satisfaction:
            sat_all += 1
            sat_hit += r.satisfaction in ("满意", "基本满意")
        if r.on_call:
            continue
        if r.acknowledged_at is not None or (r.ack_due and r.ack_due <= now):
            resp_all += 1
            resp_hit += r.acknowledged_at is not None and r.acknowledged_at <= r.ack_due
        if r.closed_at is not None or (r.close_due and r.close_due <= now):
            done_all += 1
            done_hit += r.closed_at is not None and r.closed_at <= r.close_due
    ind.response = (resp_hit, resp_all)
    ind.on_time = (done_hit, done_all)
    ind.satisfied = (sat_hit, sat_all)
    ind.repeats = (rep, ind.total)
    return ind
