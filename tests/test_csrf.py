"""Every form is protected by CSRF tokens."""
from hotline.cases.models import Case
from tests.helpers import call_form, latest_case, register


def test_post_without_token_is_rejected_and_saves_nothing(as_user, db):
    op = as_user("operator")
    resp = op.post("/intake/new", data=call_form())
    assert resp.status_code == 400
    assert "CSRF" in resp.get_data(as_text=True)
    assert db.session.query(Case).count() == 0


def test_post_with_forged_token_is_rejected(as_user, db):
    op = as_user("operator")
    resp = op.post("/intake/new", data={**call_form(), "csrf_token": "forged"})
    assert resp.status_code == 400
    assert db.session.query(Case).count() == 0


def test_state_changes_need_a_token(as_user, db):
    register(as_user("operator"))
    case = latest_case(db)
    h = as_user("handler")
    assert h.post(f"/cases/{case.id}/acknowledge").status_code == 400
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "dispatched"


def test_login_needs_a_token(app, db):
    c = app.test_client()
    assert c.post("/login", data={"username": "operator", "password": "operator123"}).status_code == 400
