"""Deadlines in working days (chinese-calendar: holidays and 调休) or hours."""
from hotline.deadlines.calendar import (  # noqa: F401
    CLOCKS,
    Clock,
    clock_state,
    warn_at,
    add_working_days,
    deadline,
    is_workday,
    working_days_between,
)
