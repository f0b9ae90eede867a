"""申请延期: a handler asks for more working days; a supervisor approves or refuses."""
from datetime import datetime

from hotline.cases import operations as ops
from hotline.cases.models import Case
from hotline.escalation.models import CaseClock
from hotline.escalation.sweep import sweep
from hotline.people.models import User
from hotline.timeutil import SHANGHAI, to_local
from tests.conftest import csrf_from
from tests.helpers import make_case


def acknowledged_case(db):
    case = make_case(db, datetime(2026, 11, 2, 9, tzinfo=SHANGHAI))  # close due Mon Nov 23
    ops.acknowledge(case, db.session.query(User).filter_by(username="handler").one(),
                    at=datetime(2026, 11, 2, 10, tzinfo=SHANGHAI))
    db.session.commit()
    return case


def test_request_and_approval_move_the_closing_deadline(as_user, db):
    case = acknowledged_case(db)
    assert to_local(case.close_due).date().isoformat() == "2026-11-23"
    h = as_user("handler")
    token = csrf_from(h.get(f"/cases/{case.id}").get_data(as_text=True))
    resp = h.post(f"/cases/{case.id}/extension", data={"csrf_token": token, "workdays": "30", "reason": "需入户"},
                  follow_redirects=True)
    assert "延期应为1至15个工作日" in resp.get_data(as_text=True)
    h.post(f"/cases/{case.id}/extension", data={"csrf_token": token, "workdays": "5", "reason": "需等待银行流水"})
    sup = as_user("supervisor")
    assert "需等待银行流水" in sup.get("/supervision").get_data(as_text=True)
    db.session.expire_all()
    extension = db.session.get(Case, case.id).extensions[0]
    page = sup.get(f"/cases/{case.id}").get_data(as_text=True)
    sup.post(f"/cases/{case.id}/extensions/{extension.id}", data={"csrf_token": csrf_from(page), "decision": "approve"})
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.extensions[0].approved is True
    assert to_local(case.close_due).date().isoformat() == "2026-11-30"  # 5 more working days
    clock = db.session.query(CaseClock).filter_by(case_id=case.id, clock="close").one()
    assert clock.due_at == case.close_due
    # no 督办 on the old deadline
    assert sweep(datetime(2026, 11, 25, 9, tzinfo=SHANGHAI))["supervisions"] == 0


def test_refusal_keeps_the_deadline_and_only_supervisors_decide(as_user, db):
    case = acknowledged_case(db)
    handler = db.session.query(User).filter_by(username="handler").one()
    extension = ops.request_extension(case, handler, 3, "材料未齐")
    db.session.commit()
    h = as_user("handler")
    token = csrf_from(h.get(f"/cases/{case.id}").get_data(as_text=True))
    assert h.post(f"/cases/{case.id}/extensions/{extension.id}",
                  data={"csrf_token": token, "decision": "approve"}).status_code == 403
    before = case.close_due
    sup = as_user("supervisor")
    page = sup.get(f"/cases/{case.id}").get_data(as_text=True)
    sup.post(f"/cases/{case.id}/extensions/{extension.id}",
             data={"csrf_token": csrf_from(page), "decision": "refuse", "note": "请按期办结"})
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.extensions[0].approved is False and case.close_due == before
    assert any("不同意延期：请按期办结" in (e.note or "") for e in case.events)
