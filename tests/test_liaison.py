"""The liaison's queue and dispositions; supervisors' 督办 page; the notification bell; failed jobs."""
from datetime import datetime

from hotline.escalation.sweep import sweep
from hotline.referral.models import IdentityView, Referral
from hotline.timeutil import SHANGHAI
from tests.conftest import csrf_from
from tests.helpers import make_case

SERIOUS = "村支书把我们组十几户的低保存折都收在自己手里，每季度只给老人三百块，剩下的都被他扣了。"


def at(m, d, h=10):
    return datetime(2026, m, d, h, tzinfo=SHANGHAI)


def referred_case(db, caller_name="赵实名"):
    case = make_case(db, at(11, 20), kind="举报", town="孟门镇", text=SERIOUS, caller_name=caller_name)
    sweep(at(11, 20, 11))
    return case


def test_queue_shows_the_reason_with_evidence(as_user, db):
    case = referred_case(db)
    html = as_user("liaison").get("/referrals/").get_data(as_text=True)
    assert case.case_no in html
    assert "严重问题线索" in html and "<mark>" in html


def test_overdue_referral_shows_days_overdue(as_user, db):
    case = make_case(db, at(11, 2))  # 签收 due Tue Nov 3; Nov 4, 5, 6, 9, 10 have passed by the 11th
    sweep(at(11, 11, 9))
    html = as_user("liaison").get("/referrals/").get_data(as_text=True)
    assert case.case_no in html and "签收超期5个工作日" in html


def test_identity_is_shown_to_the_liaison_and_every_view_is_logged(as_user, db):
    case = referred_case(db)
    referral = db.session.query(Referral).filter_by(case_id=case.id).one()
    liaison = as_user("liaison")
    html = liaison.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "赵实名" in html and "13800001234" in html
    liaison.get(f"/referrals/{referral.id}")
    liaison.get(f"/cases/{case.id}")
    views = db.session.query(IdentityView).filter_by(case_id=case.id).all()
    assert len(views) == 3 and {v.user.username for v in views} == {"liaison"}


def test_other_roles_cannot_open_the_queue(as_user, db):
    referred_case(db)
    for user in ("operator", "handler", "county", "supervisor"):
        assert as_user(user).get("/referrals/").status_code == 403


def test_disposition_needs_a_note_and_stops_its_clock(as_user, db):
    case = referred_case(db)
    referral = db.session.query(Referral).filter_by(case_id=case.id).one()
    liaison = as_user("liaison")
    token = csrf_from(liaison.get(f"/referrals/{referral.id}").get_data(as_text=True))
    html = liaison.post(f"/referrals/{referral.id}", data={"csrf_token": token, "action": "dispose",
                                                           "disposition": "初步核实", "note": ""}).get_data(as_text=True)
    assert "请填写处置说明" in html
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).disposition is None
    liaison.post(f"/referrals/{referral.id}", data={"csrf_token": token, "action": "dispose",
                                                    "disposition": "初步核实", "note": "安排人员入户核实"})
    db.session.expire_all()
    referral = db.session.get(Referral, referral.id)
    assert referral.disposition == "初步核实" and referral.disposed_by.username == "liaison"
    # the 5-working-day disposition clock no longer escalates
    sweep(at(12, 31))
    db.session.expire_all()
    assert all(e.clock != "disposition" for e in db.session.get(Referral, referral.id).case.escalations)


def test_undisposed_referral_reminds_the_liaison(db):
    from hotline.escalation.models import Escalation

    case = referred_case(db)
    sweep(at(11, 27, 12))  # disposition due Fri Nov 27 (5 working days after Fri Nov 20)
    assert db.session.query(Escalation).filter_by(case_id=case.id, clock="disposition", level="reminder").count() == 1


def test_real_name_reporter_notices_are_tracked(as_user, db):
    case = referred_case(db)
    referral = db.session.query(Referral).filter_by(case_id=case.id).one()
    assert referral.acceptance_notice_due is not None and referral.outcome_notice_due is None
    liaison = as_user("liaison")
    token = csrf_from(liaison.get(f"/referrals/{referral.id}").get_data(as_text=True))
    liaison.post(f"/referrals/{referral.id}", data={"csrf_token": token, "action": "acceptance"})
    liaison.post(f"/referrals/{referral.id}", data={"csrf_token": token, "action": "dispose",
                                                    "disposition": "予以了结", "note": "经核实不属实"})
    db.session.expire_all()
    referral = db.session.get(Referral, referral.id)
    assert referral.acceptance_notified_at is not None
    assert referral.outcome_notice_due is not None


def test_anonymous_reporter_gets_no_notice_clock(db):
    case = referred_case(db, caller_name="")
    referral = db.session.query(Referral).filter_by(case_id=case.id).one()
    assert referral.acceptance_notice_due is None


def test_bell_counts_unread_notifications(as_user, db):
    make_case(db, at(11, 2))
    sweep(at(11, 3, 20))
    handler = as_user("handler")
    html = handler.get("/cases/").get_data(as_text=True)
    assert 'id="bell-count">1<' in html
    page = handler.get("/notifications").get_data(as_text=True)
    assert "工作提示" in page
    handler.post("/notifications/read", data={"csrf_token": csrf_from(page)})
    assert 'id="bell-count"' not in handler.get("/cases/").get_data(as_text=True)


def test_supervisor_sees_supervision_notices(as_user, db):
    case = make_case(db, at(11, 2))
    sweep(at(11, 4, 9))
    html = as_user("supervisor").get("/supervision").get_data(as_text=True)
    assert case.case_no in html and "签收" in html
    assert as_user("handler").get("/supervision").status_code == 403


def test_admin_sees_failed_jobs_and_can_requeue(as_user, db, app):
    from rq import SimpleWorker

    from workers import tasks

    q = tasks.queue(app)
    job = q.enqueue(tasks.sweep_job, "not a time")  # fails: the time cannot be parsed
    SimpleWorker([q], connection=q.connection).work(burst=True)
    admin = as_user("admin")
    html = admin.get("/admin/jobs").get_data(as_text=True)
    assert job.id in html and "ValueError" in html
    admin.post(f"/admin/jobs/{job.id}/requeue", data={"csrf_token": csrf_from(html)})
    assert job.id in q.job_ids
    q.empty()
    assert as_user("handler").get("/admin/jobs").status_code == 403
