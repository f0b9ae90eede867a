"""The one place where deadlines are computed.

A clock is an amount and a unit:
- "workdays": the deadline is the end (23:59:59 Asia/Shanghai) of the Nth working
  day after the day the clock starts. Working days follow chinese-calendar, which
  knows public holidays and weekend days made working days (调休).
- "days": natural days, end of the Nth day after the start day.
- "hours": elapsed hours, for urgent matters that do not wait for holidays.

Past the years chinese-calendar has data for, working days fall back to
Monday-Friday and a warning is logged once per year.
"""
import functools
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

import chinese_calendar

from hotline.timeutil import SHANGHAI

log = logging.getLogger(__name__)
_warned_years = set()


@dataclass(frozen=True)
class Clock:
    amount: int
    unit: str  # workdays | days | hours


# Defaults from docs/domain.md; an administrator can override them (settings).
CLOCKS = {
    "ack": Clock(1, "workdays"),
    "ack_urgent": Clock(2, "hours"),
    "close": Clock(15, "workdays"),
    "close_urgent": Clock(24, "hours"),
    "callback": Clock(2, "workdays"),
    "send_back": Clock(5, "workdays"),
    "disposition": Clock(5, "workdays"),
    "reporter_notice": Clock(15, "workdays"),
}


@functools.lru_cache(maxsize=8192)
def _calendar_workday(day):
    # chinese-calendar scans its tables on every call; the sweep asks about the same days
    # thousands of times. Days outside its data raise, and exceptions are not cached.
    return chinese_calendar.is_workday(day)


def is_workday(day):
    try:
        return _calendar_workday(day)
    except NotImplementedError:
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            log.warning(
                "chinese-calendar has no data for %s: counting Monday-Friday as working days; "
                "upgrade chinesecalendar when the State Council publishes the holidays",
                day.year,
            )
        return day.weekday() < 5


def add_working_days(day, n):
    """The Nth working day after `day` (a date)."""
    current = day
    remaining = n
    while remaining > 0:
        current += timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def working_days_between(start, end):
    """Whole working days that have ended after `start` up to `end` (aware datetimes).

    Used to measure how late something is: 0 on the due day, 1 once a full
    working day after it has passed, and so on.
    """
    if end <= start:
        return 0
    day = start.astimezone(SHANGHAI).date()
    last = end.astimezone(SHANGHAI).date()
    count = 0
    while day < last:
        day += timedelta(days=1)
        if day < last and is_workday(day):
            count += 1
    return count


def _end_of_day(day):
    local = datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)
    return local.astimezone(timezone.utc)


def deadline(start, clock):
    """When `clock` (a Clock, or a key of CLOCKS) started at `start` runs out (aware UTC)."""
    if isinstance(clock, str):
        clock = CLOCKS[clock]
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if clock.unit == "hours":
        return (start + timedelta(hours=clock.amount)).astimezone(timezone.utc)
    local_day = start.astimezone(SHANGHAI).date()
    if clock.unit == "days":
        return _end_of_day(local_day + timedelta(days=clock.amount))
    if clock.unit == "workdays":
        return _end_of_day(add_working_days(local_day, clock.amount))
    raise ValueError(f"unknown clock unit {clock.unit!r}")


WARN_RATIO = 0.75  # warn when 75% of a clock's time has elapsed


def warn_at(start, due, ratio=WARN_RATIO):
    """When the 工作提示 for a clock from `start` to `due` is due."""
    return start + (due - start) * ratio


def clock_state(start, due, now, ratio=WARN_RATIO):
    """'overdue', 'due_soon' (past the warning point) or 'on_time'."""
    if now > due:
        return "overdue"
    if now >= warn_at(start, due, ratio):
        return "due_soon"
    return "on_time"
