from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from hotline.cases.models import Extension
from hotline.escalation.models import CLOCK_LABELS, Escalation, Notification
from hotline.escalation.notify import unread_count
from hotline.extensions import db
from hotline.people.access import roles_required
from hotline.timeutil import utcnow

bp = Blueprint("escalation", __name__)


@bp.app_context_processor
def inject_bell():
    if current_user.is_authenticated:
        return {"unread_notifications": unread_count(current_user)}
    return {}


@bp.route("/notifications")
@login_required
def notifications():
    items = (db.session.query(Notification).filter_by(user_id=current_user.id)
             .order_by(Notification.read_at.isnot(None), Notification.created_at.desc()).limit(200).all())
    return render_template("escalation/notifications.html", items=items)


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_read():
    q = db.session.query(Notification).filter(Notification.user_id == current_user.id, Notification.read_at.is_(None))
    only = request.form.get("id", type=int)
    if only:
        q = q.filter(Notification.id == only)
    q.update({Notification.read_at: utcnow()}, synchronize_session=False)
    db.session.commit()
    if only:
        target = db.session.get(Notification, only)
        if target and target.case_id:
            return redirect(url_for("cases.detail", case_id=target.case_id))
    flash("已全部标为已读。", "info")
    return redirect(url_for(".notifications"))


@bp.route("/supervision")
@roles_required("supervisor", "admin")
def supervision():
    q = db.session.query(Escalation).filter(Escalation.level == "supervision")
    if current_user.unit_id is not None:
        q = q.filter(Escalation.unit_id == current_user.unit_id)
    notices = q.order_by(Escalation.at.desc()).limit(500).all()
    pending = db.session.query(Extension).filter(Extension.approved.is_(None)).order_by(Extension.requested_at).all()
    return render_template("escalation/supervision.html", notices=notices, pending=pending, CLOCK_LABELS=CLOCK_LABELS)
