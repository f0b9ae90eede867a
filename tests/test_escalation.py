"""The escalation ladder with the clock moved across holidays, 调休 days and weekends."""
import json
from datetime import datetime

from hotline.escalation.models import Escalation, Notification
from hotline.escalation.sweep import sweep
from hotline.referral.models import Referral
from hotline.timeutil import SHANGHAI
from tests.helpers import make_case


def at(m, d, h=10, mi=0, y=2026):
    return datetime(y, m, d, h, mi, tzinfo=SHANGHAI)


def levels(db, case, clock=None):
    q = db.session.query(Escalation).filter_by(case_id=case.id)
    if clock:
        q = q.filter_by(clock=clock)
    return sorted((e.clock, e.level) for e in q)


def test_ladder_across_national_day(db):
    # Received on the last working day before 国庆: 签收 is due at the end of Thu Oct 8.
    case = make_case(db, at(9, 30))
    assert sweep(at(10, 5)) == {"reminders": 0, "supervisions": 0, "referrals": 0}
    # 75% of the time from Sep 30 10:00 to Oct 8 23:59 has passed by Oct 7.
    assert sweep(at(10, 7)) == {"reminders": 1, "supervisions": 0, "referrals": 0}
    assert levels(db, case) == [("ack", "reminder")]
    assert sweep(at(10, 8, 23, 0)) == {"reminders": 0, "supervisions": 0, "referrals": 0}
    assert sweep(at(10, 9, 0, 30)) == {"reminders": 0, "supervisions": 1, "referrals": 0}
    # 5 working days overdue: Oct 9, Oct 10 (调休 Saturday), 12, 13, 14 -> referral after Oct 14.
    assert sweep(at(10, 14, 20)) == {"reminders": 0, "supervisions": 0, "referrals": 0}
    assert sweep(at(10, 15, 0, 30)) == {"reminders": 0, "supervisions": 0, "referrals": 1}
    referral = db.session.query(Referral).filter_by(case_id=case.id).one()
    assert referral.reasons[0]["kind"] == "overdue"
    assert referral.reasons[0]["overdue_workdays"] == 5
    assert "签收超期5个工作日" in referral.reasons[0]["text"]


def test_weekend_does_not_count_as_overdue_working_days(db):
    # Fri Nov 6: 签收 due Mon Nov 9; a weekend later it is still only 4 working days overdue.
    case = make_case(db, at(11, 6))
    sweep(at(11, 10, 9))
    assert ("ack", "supervision") in levels(db, case)
    sweep(at(11, 15, 23))  # Sunday: Nov 10-13 are 4 working days
    assert ("ack", "referral") not in levels(db, case)
    sweep(at(11, 17, 0, 30))  # Mon 16 was the 5th
    assert ("ack", "referral") in levels(db, case)


def test_acknowledged_case_climbs_the_close_clock_and_second_supervision_refers(db):
    from hotline.cases import operations as ops
    from hotline.people.models import User

    case = make_case(db, at(11, 2))
    sweep(at(11, 4, 9))  # ack overdue -> first 督办
    handler = db.session.query(User).filter_by(username="handler").one()
    ops.acknowledge(case, handler, at=at(11, 4, 10))
    db.session.commit()
    # 15 working days from Mon Nov 2 -> Mon Nov 23; the close clock's 督办 is the second one.
    counts = sweep(at(11, 24, 9))
    assert counts["supervisions"] == 1 and counts["referrals"] == 1
    referral = db.session.query(Referral).filter_by(case_id=case.id).one()
    assert referral.reasons[0]["kind"] == "second_supervision"


def test_closed_case_stops_its_clocks(db):
    from hotline.cases import operations as ops
    from hotline.people.models import User

    case = make_case(db, at(11, 2))
    handler = db.session.query(User).filter_by(username="handler").one()
    ops.acknowledge(case, handler, at=at(11, 2, 11))
    ops.close_case(case, handler, "已答复", at=at(11, 3, 11))
    db.session.commit()
    counts = sweep(at(12, 30))
    # only the operator's callback clock remains: reminder and 督办, never a referral
    assert counts == {"reminders": 1, "supervisions": 1, "referrals": 0}
    assert levels(db, case) == [("callback", "reminder"), ("callback", "supervision")]


def test_notifications_reach_handler_supervisor_and_liaison(db):
    case = make_case(db, at(11, 2))
    sweep(at(11, 3, 20))
    sweep(at(11, 4, 9))
    sweep(at(11, 12, 9))
    by_user = {}
    for n in db.session.query(Notification).filter_by(case_id=case.id):
        by_user.setdefault(n.user.username, []).append(n.kind)
    assert by_user["handler"] == ["reminder"]  # the 柳林镇 handler only
    assert "handler2" not in by_user
    assert by_user["supervisor"] == ["supervision"]
    assert by_user["liaison"] == ["referral"]


def test_serious_case_is_referred_at_intake_with_its_evidence(app, db):
    case = make_case(db, at(11, 20), kind="举报", town="孟门镇",
                     text="村支书把全村二十多户的低保金都扣下了，存折全在他手里，已经好几年了。")
    assert case.serious
    counts = sweep(at(11, 20, 10, 1))
    assert counts["referrals"] == 1
    referral = db.session.query(Referral).filter_by(case_id=case.id).one()
    assert referral.reasons[0]["kind"] == "serious"
    assert referral.reasons[0]["evidence"]
    assert referral.acceptance_notice_due is not None  # real-name reporter
    assert sweep(at(11, 20, 10, 2))["referrals"] == 0


def test_second_sweep_changes_nothing(db):
    for day in (2, 3, 4):
        make_case(db, at(11, day))
    first = sweep(at(11, 20))
    assert first["supervisions"] == 3
    assert sweep(at(11, 20)) == {"reminders": 0, "supervisions": 0, "referrals": 0}
    keys = [(e.case_id, e.clock, e.level) for e in db.session.query(Escalation)]
    assert len(keys) == len(set(keys))


def test_sweep_command_with_now(app, db):
    make_case(db, at(11, 2))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sweep", "--now", "2026-11-04T09:00:00+08:00"])
    assert json.loads(result.output) == {"reminders": 1, "supervisions": 1, "referrals": 0}
    result = runner.invoke(args=["sweep", "--now", "yesterday"])
    assert result.exit_code != 0 and "ISO 8601" in result.output
