"""The operator's form: registration, routing, deadlines, earlier matters, corrections."""
from datetime import timedelta

from hotline.cases.models import Case, CaseEvent, TagCorrection
from hotline.privacy.idcard import check_digit
from tests.conftest import csrf_from
from tests.helpers import latest_case, register


def test_operator_registers_a_call_and_sees_the_case_number(as_user, db):
    op = as_user("operator")
    resp = register(op)
    html = resp.get_data(as_text=True)
    case = latest_case(db)
    assert case is not None
    assert case.case_no in html and "请向来电人告知事项编号" in html
    assert case.case_no.startswith("LL-") and case.case_no.endswith("-0001")
    assert case.unit.name == "柳林镇民政办"
    assert case.status == "dispatched"
    # 1 working day to acknowledge, 15 to close
    assert case.received_at < case.ack_due < case.close_due
    assert (case.close_due - case.received_at) > timedelta(days=15)


def test_case_numbers_count_up_within_a_day(as_user, db):
    op = as_user("operator")
    register(op)
    register(op, text="请问特困供养的标准是多少？")
    nos = [c.case_no for c in db.session.query(Case).order_by(Case.id)]
    assert [n[-4:] for n in nos] == ["0001", "0002"]
    assert nos[0][:-4] == nos[1][:-4]


def test_complaint_against_town_staff_is_recused_to_the_county(as_user, db):
    op = as_user("operator")
    register(op, kind="举报", town="孟门镇",
             text="我们村的村支书把他亲侄子评成了低保户，村里根本没开会评议，名单是他一个人定的。")
    case = latest_case(db)
    assert "favoritism" in case.categories
    assert case.unit.name == "社会救助股"
    assert case.recused
    assert case.evidence.get("favoritism")


def test_urgent_call_goes_to_county_with_hour_deadlines(as_user, db):
    op = as_user("operator")
    register(op, text="家里已经断粮两天了，孩子饿得直哭，一分钱都没有了，求求你们帮帮我们。")
    case = latest_case(db)
    assert case.urgent
    assert case.unit.name == "社会救助股"
    assert case.ack_due - case.received_at == timedelta(hours=2)
    assert case.close_due - case.received_at == timedelta(hours=24)


def test_invalid_id_number_keeps_everything_typed(as_user, db):
    op = as_user("operator")
    body = "14112519800101001"
    wrong = body + ("0" if check_digit(body) != "0" else "1")
    text = "我想咨询一下残疾人两项补贴的申请条件。"
    resp = register(op, caller_id_number=wrong, text=text)
    html = resp.get_data(as_text=True)
    assert "身份证号校验位错误" in html
    assert text in html and "13912345678" in html  # nothing lost
    assert db.session.query(Case).count() == 0


def test_missing_text_and_town_are_reported_in_chinese(as_user, db):
    op = as_user("operator")
    html = register(op, text="", town="").get_data(as_text=True)
    assert "请填写反映内容" in html and "请选择乡镇" in html
    assert db.session.query(Case).count() == 0


def test_anonymous_caller_is_allowed(as_user, db):
    op = as_user("operator")
    register(op, caller_name="", caller_phone="")
    case = latest_case(db)
    assert case.anonymous


def test_consultation_answered_on_the_phone_is_closed_at_registration(as_user, db):
    op = as_user("operator")
    register(op, kind="咨询", text="请问低保每月几号发放？", answer_now="已告知每月15日前发放到卡。")
    case = latest_case(db)
    assert case.status == "closed"
    assert case.reply == "已告知每月15日前发放到卡。"
    assert any(e.action == "close_on_call" for e in case.events)


def test_only_consultations_can_be_closed_at_registration(as_user, db):
    op = as_user("operator")
    html = register(op, kind="投诉", answer_now="已解释").get_data(as_text=True)
    assert "只有咨询类事项可以当场办结" in html
    assert db.session.query(Case).count() == 0


def test_earlier_matters_by_phone_and_id_number(as_user, db):
    op = as_user("operator")
    body = "14112519800101001"
    idn = body + check_digit(body)
    register(op, caller_phone="13600001111", caller_id_number=idn, text="第一次来电咨询低保。")
    register(op, caller_phone="13700002222", caller_id_number="", text="别人的事。")
    by_phone = op.get("/intake/earlier?phone=13600001111").get_json()["cases"]
    assert len(by_phone) == 1 and by_phone[0]["summary"].startswith("第一次来电")
    by_id = op.get(f"/intake/earlier?id_number={idn}").get_json()["cases"]
    assert len(by_id) == 1
    assert by_id[0]["id_number"].startswith("1411") and "*" in by_id[0]["id_number"]
    assert op.get("/intake/earlier?phone=1").get_json()["cases"] == []


def test_handlers_cannot_use_the_earlier_matters_lookup(as_user, db):
    assert as_user("handler").get("/intake/earlier?phone=13600001111").status_code == 403


def test_tag_correction_is_recorded_with_who_and_when(as_user, db):
    op = as_user("operator")
    register(op, text="想问下临时救助怎么申请。")
    case = latest_case(db)
    page = op.get(f"/cases/{case.id}").get_data(as_text=True)
    resp = op.post(f"/cases/{case.id}/tags", data={
        "csrf_token": csrf_from(page), "categories": ["refusal"], "urgent": "y"}, follow_redirects=True)
    assert "分类标签已更正" in resp.get_data(as_text=True)
    db.session.expire_all()
    correction = db.session.query(TagCorrection).one()
    assert correction.user.username == "operator" and correction.at is not None
    assert correction.before["categories"] == [] and correction.after["categories"] == ["refusal"]
    case = db.session.get(Case, case.id)
    assert case.categories == ["refusal"] and case.urgent and case.tags_corrected
    # the new tags accuse local staff: the case leaves the town office
    assert case.unit.name == "社会救助股"
    assert db.session.query(CaseEvent).filter_by(case_id=case.id, action="correct_tags").count() == 1
