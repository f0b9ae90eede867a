from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from hotline.cases import operations as ops
from hotline.cases.models import OPEN_STATUSES, STATUS_LABELS, Case
from hotline.deadlines import clock_state
from hotline.extensions import db
from hotline.intake.forms import TagForm
from hotline.intake.pipeline import after_commit, redispatch_if_needed, sync_referral_clock, update_text
from hotline.people.access import case_or_404, case_query_for, roles_required, sees_full_identity, sees_reporter_name
from hotline.people.models import Town, Unit
from hotline.tagging import CATEGORIES, FLAGS
from hotline.timeutil import utcnow

bp = Blueprint("cases", __name__, url_prefix="/cases")

PAGE_SIZE = 50


def current_clock(case):
    """(label, start, due) of the clock that matters now, or None."""
    if case.status == "dispatched":
        return ("签收", case.received_at, case.ack_due)
    if case.status in ("acknowledged", "in_progress", "returned"):
        return ("办结", case.received_at, case.close_due)
    if case.status == "closed" and case.callback_due:
        return ("回访", case.closed_at, case.callback_due)
    return None


def deadline_view(case, now):
    clock = current_clock(case)
    if clock is None or clock[2] is None:
        return None
    label, start, due = clock
    return {"label": label, "due": due, "state": clock_state(start, due, now)}


@bp.app_context_processor
def inject_helpers():
    return {"deadline_view": deadline_view, "CATEGORIES": CATEGORIES, "FLAGS": FLAGS}


@bp.route("/")
@login_required
def index():
    q = case_query_for(current_user)
    status = request.args.get("status", "open")
    town = request.args.get("town", "")
    if status == "open":
        q = q.filter(Case.status.in_(OPEN_STATUSES))
    elif status in STATUS_LABELS:
        q = q.filter(Case.status == status)
    if town:
        q = q.join(Town, Case.town_id == Town.id).filter(Town.name == town)
    if status in ("open", "dispatched"):
        q = q.order_by(db.case((Case.status == "dispatched", Case.ack_due), else_=Case.close_due), Case.id)
    else:
        q = q.order_by(Case.received_at.desc())
    page = max(request.args.get("page", 1, type=int), 1)
    total = q.count()
    cases = q.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE).all()
    towns = [t.name for t in db.session.query(Town).order_by(Town.id)]
    return render_template("cases/index.html", cases=cases, status=status, town=town, towns=towns,
                           page=page, pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1), total=total,
                           now=utcnow(), STATUS_LABELS=STATUS_LABELS)


@bp.route("/<int:case_id>")
@login_required
def detail(case_id):
    case = case_or_404(current_user, case_id)
    if current_user.role == "liaison":
        from hotline.referral.operations import log_identity_view

        log_identity_view(case, current_user)
        db.session.commit()
    tag_form = TagForm(data={"categories": case.categories, "urgent": case.urgent, "serious": case.serious})
    return render_template(
        "cases/detail.html", case=case, tag_form=tag_form, now=utcnow(),
        full_identity=sees_full_identity(current_user, case),
        show_name=sees_reporter_name(current_user, case),
        can_work=current_user.role == "handler" and case.unit_id == current_user.unit_id,
        can_tag=current_user.role in ("operator", "handler", "admin"),
        units=db.session.query(Unit).order_by(Unit.id).all() if current_user.role in ("supervisor", "admin") else [],
        registered=request.args.get("registered") == "1",
    )


def _run(case, action):
    try:
        action()
        db.session.commit()
        return True
    except ops.OperationError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return False


def _handler_case(case_id):
    case = case_or_404(current_user, case_id)
    if case.unit_id != current_user.unit_id:
        abort(403)
    return case


# The handler's steps: (operation, message on success). The reply and findings come from the form.
HANDLER_STEPS = {
    "extension": (lambda case, form: ops.request_extension(case, current_user, form.get("workdays"), form.get("reason")),
                  "延期申请已提交，等待股长审批。"),
    "send_back": (lambda case, form: ops.send_back(case, current_user, form.get("reason")), "已退单，等待股长改派。"),
    "acknowledge": (lambda case, form: ops.acknowledge(case, current_user), "已签收。"),
    "findings": (lambda case, form: ops.record_findings(case, current_user, form.get("findings")), "办理情况已记录。"),
    "close": (lambda case, form: ops.close_case(case, current_user, form.get("reply")), "已办结，等待话务员回访。"),
}


@bp.route("/<int:case_id>/<any(acknowledge, findings, close, send_back, extension):step>", methods=["POST"])
@roles_required("handler")
def handler_step(case_id, step):
    case = _handler_case(case_id)
    operation, message = HANDLER_STEPS[step]
    if _run(case, lambda: operation(case, request.form)):
        flash(message, "success")
        if step == "send_back":
            notify_returned(case)
            return redirect(url_for(".index"))
    return redirect(url_for(".detail", case_id=case.id))


def notify_returned(case):
    from hotline.escalation.notify import Recipients

    recipients = Recipients.load()
    recipients.notify(recipients.for_supervision(case, "ack"), case, "returned",
                      f"退单：{case.case_no} 被{case.unit.name}退回（{case.return_reason}），请改派", utcnow())
    db.session.commit()


@bp.route("/<int:case_id>/reassign", methods=["POST"])
@roles_required("supervisor", "admin")
def reassign(case_id):
    case = case_or_404(current_user, case_id)
    unit = db.session.get(Unit, request.form.get("unit_id", type=int) or 0)
    if _run(case, lambda: ops.reassign(case, current_user, unit)):
        flash(f"已改派至{unit.name}。", "success")
    return redirect(url_for(".detail", case_id=case.id))


@bp.route("/<int:case_id>/tags", methods=["POST"])
@roles_required("operator", "handler", "admin")
def correct_tags(case_id):
    case = case_or_404(current_user, case_id)
    form = TagForm()
    if form.validate_on_submit():
        changed = ops.correct_tags(case, current_user, form.categories.data, form.urgent.data, form.serious.data)
        moved = changed and redispatch_if_needed(case, current_user)
        if changed:
            sync_referral_clock(case)
        db.session.commit()
        if changed:
            after_commit(case)
        flash("分类标签已更正。" if changed else "标签没有变化。", "success" if changed else "info")
        if moved:
            flash(f"按更正后的标签重新派单至{case.unit.name}。", "info")
        if case_query_for(current_user).filter(Case.id == case.id).first() is None:
            return redirect(url_for(".index"))
    else:
        flash("更正未保存：" + "；".join(m for errs in form.errors.values() for m in errs), "danger")
    return redirect(url_for(".detail", case_id=case.id))


@bp.route("/<int:case_id>/callback", methods=["POST"])
@roles_required("operator", "admin")
def callback(case_id):
    case = case_or_404(current_user, case_id)
    action = lambda: ops.record_callback(case, current_user, request.form.get("satisfaction"), request.form.get("note"))  # noqa: E731
    if _run(case, action):
        flash("回访已记录。" + ("群众不满意，已退回重办。" if case.status == "in_progress" else ""), "success")
    return redirect(url_for(".detail", case_id=case.id))


@bp.route("/<int:case_id>/text", methods=["POST"])
@roles_required("operator", "admin")
def edit_text(case_id):
    case = case_or_404(current_user, case_id)
    try:
        changed = update_text(case, current_user, request.form.get("text"))
        db.session.commit()
    except ops.OperationError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for(".detail", case_id=case.id))
    if changed:
        after_commit(case)
        flash("反映内容已修改，已重新分类。", "success")
    else:
        flash("内容没有变化。", "info")
    return redirect(url_for(".detail", case_id=case.id))


@bp.route("/<int:case_id>/extensions/<int:extension_id>", methods=["POST"])
@roles_required("supervisor", "admin")
def decide_extension(case_id, extension_id):
    case = case_or_404(current_user, case_id)
    extension = next((e for e in case.extensions if e.id == extension_id), None)
    if extension is None:
        abort(404)
    approve = request.form.get("decision") == "approve"
    if _run(case, lambda: ops.decide_extension(extension, current_user, approve, request.form.get("note"))):
        flash("已同意延期。" if approve else "已驳回延期申请。", "success")
    return redirect(url_for(".detail", case_id=case.id))
