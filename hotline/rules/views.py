import json

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from hotline.cases.models import Case, TagCorrection
from hotline.extensions import db
from hotline.people.access import roles_required
from hotline.rules import store
from hotline.rules.models import RuleVersion
from hotline.rules.suggest import suggest
from hotline.tagging import CATEGORIES, FLAGS, Tagger
from hotline.tagging.rules import parse_words

bp = Blueprint("rules", __name__, url_prefix="/admin/rules")


@bp.route("/", methods=["GET", "POST"])
@roles_required("admin")
def edit():
    rules, words, version = store.current_rules()
    rules_text = json.dumps(rules, ensure_ascii=False, indent=2)
    errors = []
    if request.method == "POST":
        rules_text = request.form.get("rules", "")
        words = request.form.get("words", "")
        parsed, errors = store.parse_rules_text(rules_text)
        if not errors:
            saved = store.save_version(parsed, words, current_user, request.form.get("note", ""))
            db.session.commit()
            store.activate_saved_rules(force=True)
            flash(f"规则已保存为第 {saved.id} 版，立即生效。", "success")
            return redirect(url_for(".edit"))
        flash("规则未保存：请按提示修改，已填写的内容都还在。", "danger")
    return render_template("rules/edit.html", rules_text=rules_text, words=words, version=version,
                           errors=errors, note=request.form.get("note", ""))


@bp.route("/preview", methods=["POST"])
@roles_required("admin")
def preview():
    """Tag a text with the rules being edited, without saving them."""
    rules, errors = store.parse_rules_text(request.form.get("rules", ""))
    if errors:
        return jsonify(errors=errors), 400
    tagger = Tagger(rules, parse_words(request.form.get("words", "").splitlines()))
    text = request.form.get("text", "")
    rules_only, r = tagger.explain(text)
    name = lambda k: CATEGORIES.get(k) or FLAGS.get(k) or k  # noqa: E731
    # what the rules matched but the learned model overruled, so an admin sees why a new word "does nothing"
    overruled = {name(k): v for k, v in rules_only.evidence.items() if k not in r.evidence}
    return jsonify(
        categories=[{"code": c, "name": CATEGORIES[c]} for c in r.categories],
        urgent=r.urgent, serious=r.serious,
        evidence={name(k): v for k, v in r.evidence.items()},
        overruled=overruled,
    )


@bp.route("/history")
@roles_required("admin")
def history():
    versions = db.session.query(RuleVersion).order_by(RuleVersion.id.desc()).limit(200).all()
    return render_template("rules/history.html", versions=versions)


@bp.route("/<int:version_id>/rollback", methods=["POST"])
@roles_required("admin")
def rollback(version_id):
    old = db.get_or_404(RuleVersion, version_id)
    saved = store.save_version(old.rules, old.words, current_user, f"回滚到第 {old.id} 版", rolled_back_from=old.id)
    db.session.commit()
    store.activate_saved_rules(force=True)
    flash(f"已回滚：第 {old.id} 版的内容另存为第 {saved.id} 版并生效。", "success")
    return redirect(url_for(".history"))


@bp.route("/suggestions")
@roles_required("admin")
def suggestions():
    corrections = db.session.query(TagCorrection).order_by(TagCorrection.id.desc()).limit(2000).all()
    corrected = []
    for c in corrections:
        added = sorted(set(c.after.get("categories", [])) - set(c.before.get("categories", [])))
        if added:
            corrected.append((c.case.text, added))
    texts = [t for (t,) in db.session.query(Case.text).order_by(Case.id.desc()).limit(5000)]
    rules, words, _ = store.current_rules()
    known = json.dumps(rules, ensure_ascii=False) + "\n" + words
    report = suggest(corrected, texts, known)
    return render_template("rules/suggestions.html", report=report, corrected=len(corrected))
