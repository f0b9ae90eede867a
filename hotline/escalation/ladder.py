"""The escalation ladder as plain decisions: which rungs a clock has reached, and when to look again.

工作提示 (reminder) to the handler when 75% of a clock's time has passed;
督办 (supervision) to the unit's supervisor once the deadline has passed;
移交纪检 (referral) to the liaison at 5 or more working days overdue (or at a second 督办,
which the sweep decides because it spans clocks).
"""
from datetime import timedelta

from hotline.deadlines import Clock, deadline, warn_at

REFER_AFTER = Clock(5, "workdays")
_TICK = timedelta(seconds=1)

# Which rungs each clock climbs. Callback and the liaison's own disposition clock
# stop at 督办: they are not a handling unit's inaction to be referred.
LADDERS = {
    "ack": ("reminder", "supervision", "referral"),
    "close": ("reminder", "supervision", "referral"),
    "callback": ("reminder", "supervision"),
    "disposition": ("reminder", "supervision"),
    "refer": ("referral",),  # immediate referral of a serious case
}


def rung_times(clock, started_at, due_at):
    """[(level, moment after which it is due)] in ladder order."""
    if clock == "refer":
        return [("referral", started_at - _TICK)]
    times = {
        "reminder": warn_at(started_at, due_at) - _TICK,
        "supervision": due_at,
        "referral": deadline(due_at, REFER_AFTER),
    }
    return [(level, times[level]) for level in LADDERS[clock]]


def reached(clock, started_at, due_at, now, done=()):
    """Rungs reached at `now` that have not been done yet, in order."""
    return [level for level, at in rung_times(clock, started_at, due_at) if now > at and level not in done]


def next_check(clock, started_at, due_at, done=()):
    """When this clock next needs a look (None when every rung is done)."""
    pending = [at for level, at in rung_times(clock, started_at, due_at) if level not in done]
    return min(pending) + _TICK if pending else None
