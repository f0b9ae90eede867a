from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from hotline.cases.operations import OperationError
from hotline.extensions import db
from hotline.people.access import roles_required
from hotline.referral import operations as ops
from hotline.referral.models import DISPOSITIONS, IdentityView, Referral
from hotline.timeutil import utcnow

bp = Blueprint("referral", __name__, url_prefix="/referrals")


@bp.route("/")
@roles_required("liaison")
def queue():
    show = request.args.get("show", "pending")
    q = db.session.query(Referral)
    if show == "pending":
        q = q.filter(Referral.disposition.is_(None)).order_by(Referral.disposition_due, Referral.id)
    else:
        q = q.order_by(Referral.created_at.desc())
    return render_template("referral/queue.html", referrals=q.limit(500).all(), show=show, now=utcnow())


@bp.route("/<int:referral_id>", methods=["GET", "POST"])
@roles_required("liaison")
def detail(referral_id):
    referral = db.get_or_404(Referral, referral_id)
    case = referral.case
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "dispose":
                ops.dispose(referral, current_user, request.form.get("disposition"), request.form.get("note"))
                message = f"已记录处置：{referral.disposition}"
            elif action in ("acceptance", "outcome"):
                ops.record_reporter_notice(referral, current_user, action)
                message = "已记录告知举报人的时间"
            else:
                raise OperationError("未知操作")
            if referral.disposition == "退回承办" and action == "dispose":
                message += "；事项回到承办单位正常办理"
            db.session.commit()
            flash(message, "success")
            return redirect(url_for(".detail", referral_id=referral.id))
        except OperationError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
    # The liaison may see the reporter's identity; every view of it is logged.
    ops.log_identity_view(case, current_user)
    db.session.commit()
    views = db.session.query(IdentityView).filter_by(case_id=case.id).order_by(IdentityView.at.desc()).limit(20).all()
    return render_template("referral/detail.html", referral=referral, case=case, dispositions=DISPOSITIONS,
                           views=views, now=utcnow(), form_note=request.form.get("note", ""))
