from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from hotline.cases.models import Case
from hotline.extensions import db
from hotline.intake.forms import CallForm
from hotline.intake.pipeline import after_commit, form_data, register_call
from hotline.people.access import roles_required
from hotline.people.models import Town
from hotline.privacy import mask_id_number, mask_phone, normalize_id_number
from hotline.timeutil import fmt

bp = Blueprint("intake", __name__, url_prefix="/intake")


def town_names():
    return [t.name for t in db.session.query(Town).order_by(Town.id)]


@bp.route("/new", methods=["GET", "POST"])
@roles_required("operator", "admin")
def new_call():
    form = CallForm(towns=town_names())
    if form.validate_on_submit():
        case = register_call(form_data(form), current_user)
        db.session.commit()
        after_commit(case)
        flash("登记成功。", "success")
        return redirect(url_for("cases.detail", case_id=case.id, registered=1))
    if request.method == "POST":
        flash("登记未保存：请按红色提示修改后再提交，已填写的内容都还在。", "danger")
    return render_template("intake/new.html", form=form)


@bp.route("/earlier")
@roles_required("operator", "supervisor", "admin")
def earlier():
    """A caller's earlier matters, by phone or ID number (used while the form is typed)."""
    phone = (request.args.get("phone") or "").strip()
    id_number = normalize_id_number(request.args.get("id_number"))
    conditions = []
    if len(phone) >= 5:
        conditions.append(Case.caller_phone == phone)
    if len(id_number) == 18:
        conditions.append(Case.caller_id_number == id_number)
    if not conditions:
        return jsonify(cases=[])
    q = db.session.query(Case).filter(db.or_(*conditions)).order_by(Case.received_at.desc()).limit(20)
    return jsonify(cases=[
        {
            "case_no": c.case_no,
            "received_at": fmt(c.received_at),
            "kind": c.kind,
            "status": c.status_label,
            "town": c.town.name,
            "summary": c.text[:60],
            "phone": mask_phone(c.caller_phone),
            "id_number": mask_id_number(c.caller_id_number),
            "url": url_for("cases.detail", case_id=c.id),
        }
        for c in q
    ])
