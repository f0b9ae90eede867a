from datetime import date, datetime, time, timedelta, timezone

from flask import Blueprint, Response, flash, render_template, request
from sqlalchemy.orm import selectinload

from hotline.cases.models import Case
from hotline.extensions import db
from hotline.people.access import roles_required
from hotline.reports import ledger
from hotline.reports.indicators import Row, compute
from hotline.timeutil import SHANGHAI, to_local, utcnow

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _period():
    """(first day, last day) from ?start=&end= (Asia/Shanghai dates); default: this month."""
    today = to_local(utcnow()).date()
    start, end = today.replace(day=1), today
    try:
        if request.args.get("start"):
            start = date.fromisoformat(request.args["start"])
        if request.args.get("end"):
            end = date.fromisoformat(request.args["end"])
    except ValueError:
        flash("日期格式应为 2026-11-01，已改用本月。", "warning")
        start, end = today.replace(day=1), today
    if end < start:
        flash("结束日期早于开始日期，已互换。", "warning")
        start, end = end, start
    return start, end


def _cases(start, end):
    lo = datetime.combine(start, time.min, tzinfo=SHANGHAI).astimezone(timezone.utc)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=SHANGHAI).astimezone(timezone.utc)
    return (db.session.query(Case).filter(Case.received_at >= lo, Case.received_at < hi)
            .options(selectinload(Case.town), selectinload(Case.unit)).order_by(Case.received_at))


def _on_call(case):
    return any(e.action == "close_on_call" for e in case.events)


@bp.route("/")
@roles_required("supervisor", "admin")
def dashboard():
    start, end = _period()
    cases = _cases(start, end).options(selectinload(Case.events)).all()
    rows = [Row(c.town.name, c.categories, c.acknowledged_at, c.ack_due, c.closed_at, c.close_due,
                c.satisfaction, c.repeat_count, _on_call(c)) for c in cases]
    overall = compute(rows, utcnow())
    towns = sorted({r.town for r in rows})
    per_town = {t: compute([r for r in rows if r.town == t], utcnow()) for t in towns}
    return render_template("reports/dashboard.html", start=start, end=end, overall=overall, per_town=per_town)


@bp.route("/ledger.xlsx")
@roles_required("supervisor", "admin")
def ledger_xlsx():
    start, end = _period()
    title = f"柳林县民政局救助热线事项台账（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）"
    data = ledger.workbook(_cases(start, end).yield_per(500), title)
    filename = f"ledger-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
