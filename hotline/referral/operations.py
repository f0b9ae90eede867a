"""State changes of referrals: creation (exactly once per case), disposition, reporter notices."""
from hotline.cases.operations import OperationError, log_event
from hotline.dbutil import insert_ignoring_conflicts
from hotline.deadlines import deadline
from hotline.escalation.clocks import start_clock, stop_clock
from hotline.extensions import db
from hotline.referral.models import DISPOSITIONS, IdentityView, Referral
from hotline.timeutil import utcnow


def _reason_record(reason, now):
    return {**reason, "at": now.isoformat()}


def ensure_referral(case, reason, now, recipients):
    """Put the case in the liaison's queue (exactly once), or add a new kind of reason to it."""
    record = _reason_record(reason, now)
    created = insert_ignoring_conflicts(Referral.__table__, [{
        "case_id": case.id, "created_at": now, "reasons": [record],
        "disposition_due": deadline(now, "disposition"),
        "acceptance_notice_due": None if case.anonymous else deadline(now, "reporter_notice"),
    }], (Referral.id, Referral.disposition_due))
    if created:
        referral_id, disposition_due = created[0]
        start_clock(case, "disposition", now, disposition_due)
        log_event(case, None, "refer", f"移交纪检：{reason['text']}", {"reason": reason}, at=now)
        recipients.notify(recipients.liaisons(), case, "referral", f"纪检线索：{case.case_no} {reason['text']}", now)
        return referral_id
    referral = db.session.query(Referral).filter_by(case_id=case.id).with_for_update().one()
    if reason["kind"] not in {r["kind"] for r in referral.reasons}:
        referral.reasons = [*referral.reasons, record]
        log_event(case, None, "refer_reason", f"纪检线索新增原因：{reason['text']}", {"reason": reason}, at=now)
    return referral.id


def dispose(referral, actor, disposition, note, at=None):
    """Record the liaison's disposition. 退回承办 sends the case back to normal handling."""
    if disposition not in DISPOSITIONS:
        raise OperationError("请选择处置方式")
    note = (note or "").strip()
    if not note:
        raise OperationError("请填写处置说明")
    now = at or utcnow()
    first = referral.disposition is None
    referral.disposition = disposition
    referral.disposition_note = note
    referral.disposed_at = now
    referral.disposed_by = actor
    stop_clock(referral.case, "disposition", now)
    if disposition in ("予以了结", "移送审查调查", "退回承办") and not referral.case.anonymous \
            and referral.outcome_notice_due is None:
        referral.outcome_notice_due = deadline(now, "reporter_notice")
    log_event(referral.case, actor, "dispose", f"{'' if first else '变更'}处置：{disposition}。{note}",
              {"disposition": disposition}, at=now)


def record_reporter_notice(referral, actor, which, at=None):
    """Record that a real-name reporter was told of acceptance or of the outcome."""
    now = at or utcnow()
    if referral.case.anonymous:
        raise OperationError("匿名举报无需告知")
    if which == "acceptance":
        referral.acceptance_notified_at = now
        text = "已告知实名举报人受理情况"
    elif which == "outcome":
        if referral.outcome_notice_due is None:
            raise OperationError("尚未办结，不能告知处理结果")
        referral.outcome_notified_at = now
        text = "已告知实名举报人处理结果"
    else:
        raise OperationError("未知的告知类型")
    log_event(referral.case, actor, "reporter_notice", text, {"which": which}, at=now)


def log_identity_view(case, user):
    db.session.add(IdentityView(case_id=case.id, user_id=user.id, at=utcnow()))
