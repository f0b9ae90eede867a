"""Deadlines across the 2026 National Day holiday, a 调休 Saturday and the 2027 fallback."""
import logging
from datetime import datetime, timedelta

import pytest

from hotline.deadlines import add_working_days, clock_state, deadline, working_days_between
from hotline.timeutil import SHANGHAI, to_local


def at(y, m, d, h=10, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=SHANGHAI)


def local_day(dt):
    return to_local(dt).date().isoformat()


def test_ack_before_national_day_waits_for_the_holiday_to_end():
    # Received on the last working day before 国庆 (Oct 1-7, 2026 are off; Sep 25 too).
    due = deadline(at(2026, 9, 30), "ack")
    assert local_day(due) == "2026-10-08"
    assert to_local(due).strftime("%H:%M:%S") == "23:59:59"


def test_tiaoxiu_saturday_counts_as_a_working_day():
    # Saturday 2026-10-10 is a working day made up for the holiday.
    assert local_day(deadline(at(2026, 10, 9, 15), "ack")) == "2026-10-10"


def test_tiaoxiu_sunday_before_the_holiday_counts():
    # Sunday 2026-09-20 is a working day; a call on Saturday the 19th is due that Sunday.
    assert local_day(deadline(at(2026, 9, 19), "ack")) == "2026-09-20"


def test_close_fifteen_working_days_across_the_holiday():
    # Working days after Mon Sep 28: 29, 30, Oct 8, 9, 10 (Sat), 12-16, 19-23 -> the 15th is Oct 23.
    assert local_day(deadline(at(2026, 9, 28), "close")) == "2026-10-23"


def test_call_on_a_holiday_counts_from_the_next_working_day():
    assert local_day(deadline(at(2026, 10, 3, 20), "ack")) == "2026-10-08"


def test_late_evening_call_uses_the_shanghai_date_not_utc():
    # 2026-11-23 07:30 Shanghai is still 22 Nov in UTC; Monday the 23rd is the receipt day.
    received = at(2026, 11, 23, 7, 30)
    assert local_day(deadline(received, "ack")) == "2026-11-24"


def test_urgent_clocks_run_in_hours_through_holidays():
    start = at(2026, 10, 1, 9)
    assert deadline(start, "ack_urgent") == start + timedelta(hours=2)
    assert deadline(start, "close_urgent") == start + timedelta(hours=24)


def test_past_calendar_data_falls_back_to_monday_to_friday(caplog):
    # chinese-calendar 1.11 has no 2027 data: a case filed on 2026-12-20 must still get deadlines.
    import hotline.deadlines.calendar as cal

    cal._warned_years.discard(2027)
    with caplog.at_level(logging.WARNING, logger="hotline.deadlines.calendar"):
        due = deadline(at(2026, 12, 20), "close")
    # Dec 21-25 (5), Dec 28-31 (9), Jan 1 2027 a Friday counted as working (10), Jan 4-8 (15).
    assert local_day(due) == "2027-01-08"
    assert local_day(deadline(at(2027, 1, 8), "ack")) == "2027-01-11"  # Friday -> Monday
    assert any("2027" in r.getMessage() for r in caplog.records)


def test_fallback_warns_once_per_year(caplog):
    import hotline.deadlines.calendar as cal

    cal._warned_years.discard(2028)
    with caplog.at_level(logging.WARNING, logger="hotline.deadlines.calendar"):
        add_working_days(datetime(2028, 3, 1).date(), 10)
        add_working_days(datetime(2028, 4, 1).date(), 10)
    warnings = [r for r in caplog.records if "2028" in r.getMessage()]
    assert len(warnings) == 1


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        deadline(datetime(2026, 11, 22, 9), "ack")


def test_working_days_between_skips_holidays():
    due = at(2026, 9, 30, 23, 59)
    assert working_days_between(due, at(2026, 10, 8, 9)) == 0  # holiday days do not count
    assert working_days_between(due, at(2026, 10, 10, 9)) == 2  # Oct 8 and 9 have passed
    assert working_days_between(due, at(2026, 10, 13, 9)) == 4  # Oct 10 (Sat, 调休) and 12


def test_clock_state_warns_at_three_quarters():
    start, due = at(2026, 11, 2, 8), at(2026, 11, 2, 16)
    assert clock_state(start, due, at(2026, 11, 2, 13, 59)) == "on_time"
    assert clock_state(start, due, at(2026, 11, 2, 14)) == "due_soon"
    assert clock_state(start, due, at(2026, 11, 2, 16, 1)) == "overdue"
