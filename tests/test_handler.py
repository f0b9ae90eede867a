"""A handler works only their unit's cases: acknowledge, findings, close; all in the history."""
from hotline.cases.models import Case
from tests.conftest import csrf_from
from tests.helpers import latest_case, register


def _case_in(as_user, db, town, text="我想申请低保，家里两个老人都有病，请问需要哪些材料？"):
    register(as_user("operator"), town=town, text=text)
    return latest_case(db)


def test_handler_cannot_open_another_towns_case_by_url(as_user, db):
    case = _case_in(as_user, db, "孟门镇")
    assert case.unit.name == "孟门镇民政办"
    handler = as_user("handler")  # 柳林镇民政办
    assert handler.get(f"/cases/{case.id}").status_code in (403, 404)
    # nor act on it
    page = handler.get("/cases/").get_data(as_text=True)
    token = csrf_from(page)
    assert handler.post(f"/cases/{case.id}/acknowledge", data={"csrf_token": token}).status_code in (403, 404)
    assert handler.post(f"/cases/{case.id}/close", data={"csrf_token": token, "reply": "x"}).status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "dispatched"
    # and the list does not show it
    assert case.case_no not in page
    # the 孟门镇 handler does see it
    assert case.case_no in as_user("handler2").get("/cases/").get_data(as_text=True)


def test_handler_list_is_ordered_by_deadline_and_colour_coded(as_user, db):
    from datetime import timedelta

    a = _case_in(as_user, db, "柳林镇", "申请低保需要什么材料？")
    b = _case_in(as_user, db, "柳林镇", "孩子上学困难，能申请救助吗？")
    # make b overdue
    b.received_at = b.received_at - timedelta(days=40)
    b.ack_due = b.received_at + timedelta(days=1)
    db.session.commit()
    html = as_user("handler").get("/cases/").get_data(as_text=True)
    assert html.index(b.case_no) < html.index(a.case_no)
    assert 'class="row-overdue"' in html and "已超期" in html


def test_handler_acknowledges_records_findings_and_closes(as_user, db):
    case = _case_in(as_user, db, "柳林镇")
    h = as_user("handler")
    page = h.get(f"/cases/{case.id}").get_data(as_text=True)
    token = csrf_from(page)
    assert "签收" in page
    h.post(f"/cases/{case.id}/acknowledge", data={"csrf_token": token})
    h.post(f"/cases/{case.id}/findings", data={"csrf_token": token, "findings": "已入户走访，家庭情况属实。"})
    # closing without a reply is refused with a message, and nothing changes
    resp = h.post(f"/cases/{case.id}/close", data={"csrf_token": token, "reply": ""}, follow_redirects=True)
    assert "办结时必须填写答复意见" in resp.get_data(as_text=True)
    resp = h.post(f"/cases/{case.id}/close", data={"csrf_token": token, "reply": "已指导申请，材料齐全后受理。"},
                  follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "已办结" in html
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "closed" and case.callback_due is not None
    actions = [(e.action, e.actor.username if e.actor else None) for e in case.events]
    assert ("acknowledge", "handler") in actions
    assert ("findings", "handler") in actions
    assert ("close", "handler") in actions
    assert all(e.at is not None for e in case.events)
    # the history is on the page, with who did it
    assert "李承办" in html and "已入户走访" in html


def test_cannot_close_before_acknowledging(as_user, db):
    case = _case_in(as_user, db, "柳林镇")
    h = as_user("handler")
    token = csrf_from(h.get(f"/cases/{case.id}").get_data(as_text=True))
    resp = h.post(f"/cases/{case.id}/close", data={"csrf_token": token, "reply": "好"}, follow_redirects=True)
    assert "请先签收再办结" in resp.get_data(as_text=True)


def test_handler_sees_masked_identity_and_no_reporter_name(as_user, db):
    register(as_user("operator"), kind="举报", town="柳林镇", caller_name="王举报", caller_phone="13812345678",
             text="我们村有户人家的老人去世两年了，家属一直没销户，还在领低保金。")
    case = latest_case(db)
    assert case.unit.name == "柳林镇民政办"
    html = as_user("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    assert "王举报" not in html and "13812345678" not in html
    assert "举报人信息已保护" in html


def test_operator_callback_dissatisfied_reopens(as_user, db):
    case = _case_in(as_user, db, "柳林镇")
    h = as_user("handler")
    token = csrf_from(h.get(f"/cases/{case.id}").get_data(as_text=True))
    h.post(f"/cases/{case.id}/acknowledge", data={"csrf_token": token})
    h.post(f"/cases/{case.id}/close", data={"csrf_token": token, "reply": "已答复"})
    op = as_user("operator")
    token = csrf_from(op.get(f"/cases/{case.id}").get_data(as_text=True))
    op.post(f"/cases/{case.id}/callback", data={"csrf_token": token, "satisfaction": "不满意", "note": "没解决"})
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "in_progress" and case.satisfaction == "不满意" and case.closed_at is None
