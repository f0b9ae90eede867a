"""Every state change of a case, each one logged as a CaseEvent.

Operations change the session but do not commit: the caller (a view, a CLI
command or a job) owns the transaction, so a failure leaves nothing half-written.
"""
import sqlalchemy as sa

from hotline.cases.models import CaseCounter, CaseEvent, TagCorrection
from hotline.deadlines import deadline
from hotline.escalation.clocks import start_clock, stop_all, stop_clock
from hotline.extensions import db
from hotline.timeutil import to_local, utcnow


class OperationError(Exception):
    """A change that is not allowed in the case's current state (message in Chinese)."""


def log_event(case, actor, action, note=None, data=None, at=None):
    event = CaseEvent(case=case, actor=actor, action=action, note=note, data=data, at=at or utcnow())
    db.session.add(event)
    return event


def next_case_no(prefix, received_at):
    """LL-YYYYMMDD-NNNN, numbered per Asia/Shanghai day; safe under concurrent writers."""
    day = to_local(received_at).strftime("%Y%m%d")
    stmt = (
        sa.update(CaseCounter)
        .where(CaseCounter.day == day)
        .values(last=CaseCounter.last + 1)
        .returning(CaseCounter.last)
    )
    serial = db.session.execute(stmt).scalar()
    if serial is None:
        try:
            with db.session.begin_nested():
                db.session.add(CaseCounter(day=day, last=1))
            serial = 1
        except sa.exc.IntegrityError:  # another writer created the day's row first
            serial = db.session.execute(stmt).scalar()
    return f"{prefix}-{day}-{serial:04d}"


def set_deadlines(case, start):
    case.ack_due = deadline(start, "ack_urgent" if case.urgent else "ack")
    case.close_due = deadline(start, "close_urgent" if case.urgent else "close")
    start_clock(case, "ack", start, case.ack_due)
    start_clock(case, "close", start, case.close_due)


def acknowledge(case, actor, at=None):
    if case.status not in ("dispatched",):
        raise OperationError("该事项当前状态不能签收")
    case.status = "acknowledged"
    case.acknowledged_at = at or utcnow()
    stop_clock(case, "ack", case.acknowledged_at)
    log_event(case, actor, "acknowledge", "签收", at=case.acknowledged_at)


def record_findings(case, actor, findings, at=None):
    if case.status not in ("acknowledged", "in_progress"):
        raise OperationError("请先签收再记录办理情况")
    findings = (findings or "").strip()
    if not findings:
        raise OperationError("办理情况不能为空")
    case.findings = findings if not case.findings else f"{case.findings}\n{findings}"
    case.status = "in_progress"
    log_event(case, actor, "findings", findings, at=at)


def close_case(case, actor, reply, at=None):
    if case.status not in ("acknowledged", "in_progress"):
        raise OperationError("请先签收再办结")
    reply = (reply or "").strip()
    if not reply:
        raise OperationError("办结时必须填写答复意见")
    now = at or utcnow()
    case.status = "closed"
    case.reply = reply
    case.closed_at = now
    case.callback_due = deadline(now, "callback")
    stop_clock(case, "ack", now)
    stop_clock(case, "close", now)
    start_clock(case, "callback", now, case.callback_due)
    log_event(case, actor, "close", reply, at=now)


def close_at_registration(case, actor, reply):
    """A consultation answered on the phone is closed when it is registered."""
    if case.kind != "咨询":
        raise OperationError("只有咨询类事项可以当场办结")
    reply = (reply or "").strip()
    if not reply:
        raise OperationError("当场办结时请填写答复内容")
    now = case.received_at
    case.status = "closed"
    case.acknowledged_at = now
    case.reply = reply
    case.closed_at = now
    case.callback_due = None  # answered by the operator on the call itself
    stop_all(case, now)
    log_event(case, actor, "close_on_call", reply)


def correct_tags(case, actor, categories, urgent, serious):
    before = {"categories": list(case.categories or []), "urgent": case.urgent, "serious": case.serious}
    after = {"categories": list(categories), "urgent": bool(urgent), "serious": bool(serious)}
    if before == after:
        return None
    case.categories = after["categories"]
    case.urgent = after["urgent"]
    case.serious = after["serious"]
    case.tags_corrected = True
    correction = TagCorrection(case=case, user=actor, before=before, after=after)
    db.session.add(correction)
    log_event(case, actor, "correct_tags", "更正分类标签：" + describe_tag_change(before, after),
              {"before": before, "after": after})
    return correction


def describe_tag_change(before, after):
    from hotline.tagging import CATEGORIES, FLAGS

    names = {**CATEGORIES, **FLAGS}
    old = set(before["categories"]) | {f for f in FLAGS if before[f]}
    new = set(after["categories"]) | {f for f in FLAGS if after[f]}
    parts = [f"+{names[c]}" for c in names if c in new - old] + [f"-{names[c]}" for c in names if c in old - new]
    return "，".join(parts)



def record_callback(case, actor, satisfaction, note=None, at=None):
    """回访. 不满意 reopens the case (重办) with a fresh closing deadline."""
    from hotline.cases.models import SATISFACTION

    if case.status != "closed":
        raise OperationError("只有已办结的事项可以回访")
    if satisfaction not in SATISFACTION:
        raise OperationError("请选择满意度：满意、基本满意或不满意")
    now = at or utcnow()
    case.callback_at = now
    case.satisfaction = satisfaction
    stop_clock(case, "callback", now)
    log_event(case, actor, "callback", f"回访：{satisfaction}" + (f"，{note.strip()}" if note and note.strip() else ""),
              {"satisfaction": satisfaction}, at=now)
    if satisfaction == "不满意":
        case.status = "in_progress"
        case.closed_at = None
        case.callback_due = None
        case.close_due = deadline(now, "close_urgent" if case.urgent else "close")
        start_clock(case, "close", now, case.close_due)
        log_event(case, actor, "reopen", "群众不满意，重办", at=now)
    else:
        case.status = "called_back"


def send_back(case, actor, reason, at=None):
    """退单: the unit says the matter is not theirs, with a reason, within 5 working days of receipt.

    The case waits for a supervisor to dispatch it again; its closing deadline keeps running.
    """
    now = at or utcnow()
    if case.status not in ("dispatched", "acknowledged", "in_progress"):
        raise OperationError("该事项当前状态不能退单")
    reason = (reason or "").strip()
    if not reason:
        raise OperationError("退单时必须写明理由")
    if now > deadline(case.received_at, "send_back"):
        raise OperationError("已超过退单期限（收到后5个工作日内），请继续办理，或请股长改派")
    case.status = "returned"
    case.return_reason = reason
    stop_clock(case, "ack", now)
    log_event(case, actor, "send_back", f"退单：{reason}", {"unit": case.unit.name if case.unit else None}, at=now)


def reassign(case, actor, unit, at=None):
    """A supervisor dispatches a case (sent back, or misrouted) to another unit, never to an accused town."""
    now = at or utcnow()
    if not case.is_open:
        raise OperationError("已办结的事项不能改派")
    if unit is None:
        raise OperationError("请选择承办单位")
    if case.recused and unit.town_id is not None and unit.town_id == case.town_id:
        raise OperationError("该事项反映本乡镇或村干部问题，须回避，不能派给本乡镇民政办")
    case.unit = unit
    case.status = "dispatched"
    case.return_reason = None
    set_deadlines(case, now)
    log_event(case, actor, "reassign", f"改派至{unit.name}", {"unit": unit.name}, at=now)


MAX_EXTENSION = 15  # working days, once per request


def request_extension(case, actor, workdays, reason, at=None):
    """申请延期: more working days to close, with a reason; a supervisor decides."""
    from hotline.cases.models import Extension

    if case.status not in ("acknowledged", "in_progress"):
        raise OperationError("请先签收；已办结或已退单的事项不能申请延期")
    if any(e.approved is None for e in case.extensions):
        raise OperationError("已有待审批的延期申请")
    try:
        workdays = int(workdays)
    except (TypeError, ValueError):
        raise OperationError("请填写延期的工作日数")
    if not 1 <= workdays <= MAX_EXTENSION:
        raise OperationError(f"延期应为1至{MAX_EXTENSION}个工作日")
    reason = (reason or "").strip()
    if not reason:
        raise OperationError("请写明延期理由")
    now = at or utcnow()
    extension = Extension(case=case, workdays=workdays, reason=reason, requested_by=actor, requested_at=now)
    db.session.add(extension)
    log_event(case, actor, "extension_request", f"申请延期{workdays}个工作日：{reason}", at=now)
    return extension


def decide_extension(extension, actor, approve, note=None, at=None):
    """Approve (the closing deadline moves by the working days asked) or refuse a request."""
    from hotline.deadlines import Clock

    if extension.approved is not None:
        raise OperationError("该延期申请已审批")
    now = at or utcnow()
    case = extension.case
    extension.approved = bool(approve)
    extension.decided_by = actor
    extension.decided_at = now
    extension.note = (note or "").strip() or None
    if approve:
        case.close_due = deadline(case.close_due, Clock(extension.workdays, "workdays"))
        start_clock(case, "close", case.received_at, case.close_due)
        log_event(case, actor, "extension_approved",
                  f"同意延期{extension.workdays}个工作日，办结期限改为{to_local(case.close_due):%Y-%m-%d %H:%M}", at=now)
    else:
        log_event(case, actor, "extension_refused", "不同意延期" + (f"：{extension.note}" if extension.note else ""),
                  at=now)
