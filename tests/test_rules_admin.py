"""Admin-edited tagging rules: live preview, versions, audit, rollback; re-tagging on text change."""
import json

import pytest

from hotline.rules.models import RuleVersion
from hotline.tagging import classify, load_default_rules
from tests.conftest import csrf_from
from tests.helpers import latest_case, make_case

TEXT = "低保评议会上有人乱晒账本，大家都看见了。"
NEW_WORD = "乱晒账本"


@pytest.fixture()
def admin(as_user):
    yield as_user("admin")
    from hotline.rules import store
    from hotline.tagging import set_active

    set_active(*load_default_rules())
    store._state.update(version=None, checked=0.0)


def edited_rules():
    rules, words = load_default_rules()
    rules["categories"]["privacy"]["keywords"].append(NEW_WORD)
    return json.dumps(rules, ensure_ascii=False), "\n".join(words + [f"{NEW_WORD} 100 v"])


def test_preview_uses_unsaved_rules_without_changing_the_live_tagger(admin, db):
    rules_text, words = edited_rules()
    token = csrf_from(admin.get("/admin/rules/").get_data(as_text=True))
    data = admin.post("/admin/rules/preview", data={"rules": rules_text, "words": words, "text": TEXT,
                                                    "csrf_token": token}).get_json()
    assert "privacy" in [c["code"] for c in data["categories"]]
    assert NEW_WORD in sum(data["evidence"].values(), [])
    assert "privacy" not in classify(TEXT).categories  # nothing saved: live tagger unchanged


def test_preview_reports_bad_rules_in_chinese(admin, db):
    token = csrf_from(admin.get("/admin/rules/").get_data(as_text=True))
    resp = admin.post("/admin/rules/preview", data={"rules": "{bad json", "words": "", "text": TEXT,
                                                    "csrf_token": token})
    assert resp.status_code == 400 and "不是合法的JSON" in resp.get_json()["errors"][0]


def test_preview_says_when_the_model_overrules_a_rule_hit(admin, db):
    # a new privacy word in a text that reads nothing like a data leak: the rules match it,
    # the learned model vetoes it, and the preview says so instead of silently showing nothing
    rules, words = load_default_rules()
    rules["categories"]["privacy"]["keywords"].append(NEW_WORD)
    token = csrf_from(admin.get("/admin/rules/").get_data(as_text=True))
    data = admin.post("/admin/rules/preview", data={
        "rules": json.dumps(rules, ensure_ascii=False), "words": "\n".join(words + [f"{NEW_WORD} 100 v"]),
        "text": "村里开低保评议会，有人乱晒账本，都传开了。", "csrf_token": token}).get_json()
    assert "privacy" not in [c["code"] for c in data["categories"]]
    assert NEW_WORD in data["overruled"]["信息泄露"]


def test_save_versions_audit_and_rollback(admin, db):
    page = admin.get("/admin/rules/").get_data(as_text=True)
    assert "系统默认规则" in page
    default_text = json.dumps(load_default_rules()[0], ensure_ascii=False)
    default_words = "\n".join(load_default_rules()[1])
    token = csrf_from(page)
    admin.post("/admin/rules/", data={"rules": default_text, "words": default_words, "note": "初始版本",
                                      "csrf_token": token})
    rules_text, words = edited_rules()
    resp = admin.post("/admin/rules/", data={"rules": rules_text, "words": words, "note": "增加乱晒账本",
                                             "csrf_token": token}, follow_redirects=True)
    assert "立即生效" in resp.get_data(as_text=True)
    assert "privacy" in classify(TEXT).categories  # in force at once
    versions = db.session.query(RuleVersion).order_by(RuleVersion.id).all()
    assert [v.note for v in versions] == ["初始版本", "增加乱晒账本"]
    assert all(v.created_by.username == "admin" and v.created_at for v in versions)
    history = admin.get("/admin/rules/history").get_data(as_text=True)
    assert "增加乱晒账本" in history and "系统管理员" in history
    admin.post(f"/admin/rules/{versions[0].id}/rollback", data={"csrf_token": token})
    assert "privacy" not in classify(TEXT).categories
    newest = db.session.query(RuleVersion).order_by(RuleVersion.id.desc()).first()
    assert newest.rolled_back_from == versions[0].id and len(db.session.query(RuleVersion).all()) == 3


def test_invalid_rules_are_not_saved_and_the_text_is_kept(admin, db):
    token = csrf_from(admin.get("/admin/rules/").get_data(as_text=True))
    bad = '{"categories": {}}'
    html = admin.post("/admin/rules/", data={"rules": bad, "words": "低保 100 n", "note": "x",
                                             "csrf_token": token}).get_data(as_text=True)
    assert "规则未保存" in html and "缺少" in html
    assert "{&#34;categories&#34;: {}}" in html or bad in html
    assert db.session.query(RuleVersion).count() == 0


def test_only_admins_edit_rules(as_user, db):
    assert as_user("operator").get("/admin/rules/").status_code == 403
    assert as_user("handler").get("/admin/rules/history").status_code == 403


def test_case_is_retagged_when_its_text_changes(as_user, db):
    from datetime import datetime

    from hotline.timeutil import SHANGHAI

    case = make_case(db, datetime(2026, 11, 20, 9, tzinfo=SHANGHAI), text="请问低保怎么申请？")
    assert case.categories == [] and case.unit.name == "柳林镇民政办"
    op = as_user("operator")
    token = csrf_from(op.get(f"/cases/{case.id}").get_data(as_text=True))
    op.post(f"/cases/{case.id}/text", data={"csrf_token": token,
                                            "text": "请问低保怎么申请？另外村会计一直扣着我家的低保存折不给我。"})
    db.session.expire_all()
    case = latest_case(db)
    assert "withheld_funds" in case.categories
    assert case.unit.name == "社会救助股"  # now it accuses local staff: recused
    assert any(e.action == "update_text" for e in case.events)
    resp = op.post(f"/cases/{case.id}/text", data={"csrf_token": token, "text": "  "}, follow_redirects=True)
    assert "反映内容不能为空" in resp.get_data(as_text=True)


def test_keyword_suggestions_from_corrected_cases(as_user, db):
    from datetime import datetime

    from hotline.cases import operations as ops
    from hotline.people.models import User
    from hotline.tagging import CATEGORIES
    from hotline.timeutil import SHANGHAI

    # A local word the rules do not know, in texts the tagger leaves without a category.
    texts = [f"{who}反映村里的咕噜会把低保名额都包圆了。" for who in ("张家", "李家", "王家")]
    missed = [code for code in CATEGORIES if all(code not in classify(t).categories for t in texts)][0]
    op_user = db.session.query(User).filter_by(username="operator").one()
    for i, text in enumerate(texts):
        case = make_case(db, datetime(2026, 11, 10 + i, 9, tzinfo=SHANGHAI), text=text)
        assert ops.correct_tags(case, op_user, [*case.categories, missed], case.urgent, case.serious)
    db.session.commit()
    html = as_user("admin").get("/admin/rules/suggestions").get_data(as_text=True)
    assert CATEGORIES[missed] in html
    assert "咕噜" in html
