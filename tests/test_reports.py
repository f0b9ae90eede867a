"""Indicators and the ledger export."""
from datetime import datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook

from hotline.cases import operations as ops
from hotline.people.models import User
from hotline.reports.indicators import Row, compute
from hotline.timeutil import SHANGHAI
from tests.helpers import make_case

T0 = datetime(2026, 11, 2, 9, tzinfo=SHANGHAI)


def row(ack=None, ack_due=T0, closed=None, close_due=T0, sat=None, repeat=1, on_call=False, town="柳林镇"):
    return Row(town, [], ack, ack_due, closed, close_due, sat, repeat, on_call)


def test_rates_count_only_matters_whose_deadline_has_come():
    now = T0 + timedelta(days=1)
    rows = [
        row(ack=T0 - timedelta(hours=1), closed=T0 - timedelta(minutes=5), sat="满意"),  # on time
        row(ack=T0 + timedelta(hours=2), closed=T0 + timedelta(hours=3), sat="不满意"),  # late both
        row(ack_due=now + timedelta(days=1), close_due=now + timedelta(days=9)),  # not due yet
        row(on_call=True, sat="基本满意", repeat=2),  # answered on the call
    ]
    rates = compute(rows, now).rates
    assert rates["响应率"] == 50.0 and rates["按期办结率"] == 50.0
    assert rates["满意率"] == round(200 / 3, 1) and rates["重复来电率"] == 25.0
    assert compute([], now).rates["响应率"] is None


def test_dashboard_and_ledger_for_supervisors(as_user, db):
    handler = db.session.query(User).filter_by(username="handler").one()
    a = make_case(db, datetime(2026, 11, 3, 9, tzinfo=SHANGHAI), caller_name="钱多多")
    b = make_case(db, datetime(2026, 11, 4, 9, tzinfo=SHANGHAI), kind="举报", caller_name="孙举报",
                  text="村里有个老人去世一年了低保还在领。")
    ops.acknowledge(a, handler, at=datetime(2026, 11, 3, 10, tzinfo=SHANGHAI))
    # acknowledged in time too, so 响应率 is 100% whatever today's date is
    ops.acknowledge(b, handler, at=datetime(2026, 11, 4, 10, tzinfo=SHANGHAI))
    ops.close_case(a, handler, "已答复", at=datetime(2026, 11, 5, 10, tzinfo=SHANGHAI))
    db.session.commit()
    sup = as_user("supervisor")
    html = sup.get("/reports/?start=2026-11-01&end=2026-11-30").get_data(as_text=True)
    assert "共受理 2 件" in html and "柳林镇" in html and "100.0%" in html
    resp = sup.get("/reports/ledger.xlsx?start=2026-11-01&end=2026-11-30")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    ws = load_workbook(BytesIO(resp.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "事项编号" and len(rows) == 4
    assert rows[2][6] == "钱多多" and rows[2][7] == "138****1234" and rows[2][19] == "是"
    assert rows[3][6] == "（举报人信息保护）"
    assert as_user("handler").get("/reports/ledger.xlsx").status_code == 403


def test_bad_dates_fall_back_with_a_message(as_user, db):
    html = as_user("supervisor").get("/reports/?start=2026-13-01").get_data(as_text=True)
    assert "日期格式应为" in html
