"""Small helpers shared by the web tests."""
from tests.conftest import csrf_from


def call_form(**overrides):
    data = {
        "channel": "热线电话",
        "kind": "求助",
        "received_at": "",
        "caller_name": "刘桂兰",
        "caller_phone": "13912345678",
        "caller_id_number": "",
        "town": "柳林镇",
        "village": "东关村",
        "text": "我家老伴瘫痪在床，想问问能不能申请低保，需要什么材料。",
        "answer_now": "",
    }
    data.update(overrides)
    return data


def register(client, **overrides):
    """Submit the intake form as the signed-in operator; returns the response after redirects."""
    page = client.get("/intake/new").get_data(as_text=True)
    data = {**call_form(**overrides), "csrf_token": csrf_from(page)}
    return client.post("/intake/new", data=data, follow_redirects=True)


def latest_case(db):
    from hotline.cases.models import Case

    return db.session.query(Case).order_by(Case.id.desc()).first()


def make_case(db, received_at, text="我想申请低保，请问需要哪些材料？", town="柳林镇", kind="求助",
              caller_name="王大妈", operator="operator"):
    """Register a case through the pipeline with a given receipt time (aware datetime)."""
    from hotline.intake.pipeline import register_call
    from hotline.people.models import User

    actor = db.session.query(User).filter_by(username=operator).first()
    case = register_call({
        "channel": "热线电话", "kind": kind, "received_at": received_at, "caller_name": caller_name,
        "caller_phone": "13800001234", "caller_id_number": "", "town": town, "village": "东关村",
        "text": text, "answer_now": "",
    }, actor)
    db.session.commit()
    return case
