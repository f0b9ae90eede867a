"""退单 within 5 working days, and a supervisor's re-dispatch that respects recusal."""
from datetime import datetime

from hotline.cases import operations as ops
from hotline.cases.models import Case
from hotline.escalation.models import Notification
from hotline.people.models import Unit, User
from hotline.timeutil import SHANGHAI, utcnow
from tests.conftest import csrf_from
from tests.helpers import latest_case, make_case, register


def test_handler_sends_back_and_supervisor_reassigns(as_user, db):
    register(as_user("operator"), town="柳林镇", text="我是孟门镇的户口，想申请临时救助。")
    case = latest_case(db)
    h = as_user("handler")
    token = csrf_from(h.get(f"/cases/{case.id}").get_data(as_text=True))
    resp = h.post(f"/cases/{case.id}/send_back", data={"csrf_token": token, "reason": ""}, follow_redirects=True)
    assert "退单时必须写明理由" in resp.get_data(as_text=True)
    h.post(f"/cases/{case.id}/send_back", data={"csrf_token": token, "reason": "来电人户籍在孟门镇"})
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "returned" and case.return_reason == "来电人户籍在孟门镇"
    assert db.session.query(Notification).filter_by(case_id=case.id, kind="returned").count() >= 1
    sup = as_user("supervisor")
    page = sup.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "已被退单" in page
    menmen = db.session.query(Unit).filter_by(name="孟门镇民政办").one()
    sup.post(f"/cases/{case.id}/reassign", data={"csrf_token": csrf_from(page), "unit_id": menmen.id})
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.unit.name == "孟门镇民政办" and case.status == "dispatched" and case.ack_due > utcnow()
    assert case.case_no in as_user("handler2").get("/cases/").get_data(as_text=True)


def test_send_back_after_five_working_days_is_refused(db):
    case = make_case(db, datetime(2026, 11, 2, 9, tzinfo=SHANGHAI))
    handler = db.session.query(User).filter_by(username="handler").one()
    late = datetime(2026, 11, 10, 9, tzinfo=SHANGHAI)  # Nov 3, 4, 5, 6, 9 have passed
    try:
        ops.send_back(case, handler, "不归我们管", at=late)
        raise AssertionError("a late send-back was accepted")
    except ops.OperationError as exc:
        assert "已超过退单期限" in str(exc)
    ops.send_back(case, handler, "不归我们管", at=datetime(2026, 11, 9, 9, tzinfo=SHANGHAI))


def test_recused_case_cannot_be_reassigned_to_the_accused_town(as_user, db):
    case = make_case(db, datetime(2026, 11, 20, 9, tzinfo=SHANGHAI), kind="投诉", town="孟门镇",
                     text="村会计一直扣着我家的低保存折不给我。")
    assert case.recused
    sup = as_user("supervisor")
    page = sup.get(f"/cases/{case.id}").get_data(as_text=True)
    menmen = db.session.query(Unit).filter_by(name="孟门镇民政办").one()
    resp = sup.post(f"/cases/{case.id}/reassign", data={"csrf_token": csrf_from(page), "unit_id": menmen.id},
                    follow_redirects=True)
    assert "须回避" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, case.id).unit.name == "社会救助股"
    county = as_user("county")  # the county section's handler holds the case but may not reassign it
    token = csrf_from(county.get(f"/cases/{case.id}").get_data(as_text=True))
    assert county.post(f"/cases/{case.id}/reassign", data={"csrf_token": token, "unit_id": menmen.id}).status_code == 403
