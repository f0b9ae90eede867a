"""Registration pipeline: tag → route → set deadlines → record. Shared by form and import."""
import logging

from flask import current_app

from hotline.cases import operations as ops
from hotline.cases.models import Case
from hotline.escalation.clocks import start_clock, stop_clock
from hotline.escalation.notify import Recipients
from hotline.extensions import db
from hotline.intake import repeats
from hotline.people.models import Town, Unit
from hotline.referral.rules import referral_reason
from hotline.routing import COUNTY_SECTION, route
from hotline.tagging import classify
from hotline.timeutil import utcnow

log = logging.getLogger(__name__)


def apply_tags(case):
    """Run the tagger over the case text and store its categories, flags and evidence."""
    result = classify(case.text)
    case.categories = list(result.categories)
    case.urgent = bool(result.urgent)
    case.serious = bool(result.serious)
    case.evidence = {k: list(v) for k, v in result.evidence.items()}
    return result


def dispatch(case, actor, start=None):
    """Choose the unit with recusal and set the deadlines from `start` (default: receipt)."""
    decision = route(case.town.name, case.categories, urgent=case.urgent, serious=case.serious, kind=case.kind)
    unit = db.session.query(Unit).filter_by(name=decision.unit).first()
    reason = decision.reason
    if unit is None:
        unit = db.session.query(Unit).filter_by(name=COUNTY_SECTION).one()
        reason = f"未配置{decision.unit}，由县{COUNTY_SECTION}办理"
    case.unit = unit
    case.route_reason = reason
    case.recused = decision.recused
    case.status = "dispatched"
    ops.set_deadlines(case, start or case.received_at)
    ops.log_event(case, actor, "dispatch", f"派单至{unit.name}：{reason}", {"unit": unit.name})


def sync_referral_clock(case):
    """A serious matter, or a report accusing officials, goes to the liaison at once.

    The 'refer' clock is due immediately: a job referred at intake processes it within
    seconds, and the periodic sweep catches it if that job was lost.
    """
    if case.referral is not None:
        return
    if referral_reason(case.categories, case.serious, case.kind) and case.is_open:
        start_clock(case, "refer", case.received_at, case.received_at)
    else:
        stop_clock(case, "refer", utcnow())


def needs_immediate_referral(case):
    return case.referral is None and any(c.clock == "refer" and c.stopped_at is None for c in case.clocks)


def redispatch_if_needed(case, actor):
    """After tags change: move a case whose route changed, always when recusal is now required.

    A case that alleges the town's own staff must leave the town office even if it
    was already acknowledged there; otherwise a case moves only before 签收.
    """
    decision = route(case.town.name, case.categories, urgent=case.urgent, serious=case.serious, kind=case.kind)
    if case.unit is not None and decision.unit == case.unit.name:
        return False
    if case.is_open and (decision.recused or case.status == "dispatched"):
        dispatch(case, actor, start=max(case.received_at, utcnow()))  # the new unit gets fresh deadlines
        return True
    return False


def mark_repeats(case):
    """Count earlier matters from the same caller or on the same subject within 90 days.

    The third (or later) goes to the supervisors (重复信访)."""
    since = case.received_at - repeats.WINDOW
    same_caller = []
    if case.caller_phone:
        same_caller.append(Case.caller_phone == case.caller_phone)
    if case.caller_id_number:
        same_caller.append(Case.caller_id_number == case.caller_id_number)
    scope = Case.town_id == case.town.id
    if same_caller:
        scope = db.or_(scope, *same_caller)
    rows = (db.session.query(Case.id, Case.caller_phone, Case.caller_id_number, Case.text)
            .filter(scope, Case.received_at >= since, Case.received_at <= case.received_at, Case.id != case.id)
            .order_by(Case.received_at.desc()).limit(500).all())
    earlier = [repeats.Earlier(*row) for row in rows]
    found = repeats.repeats(case.caller_phone, case.caller_id_number, case.text, earlier)
    case.repeat_count = len(found) + 1
    if case.repeat_count >= repeats.THRESHOLD:
        message = f"重复信访：{case.case_no} 为90天内第{case.repeat_count}次反映同一来电人或同一事项"
        ops.log_event(case, None, "repeat", message, {"earlier": found})
        recipients = Recipients.load()
        db.session.flush()
        recipients.notify(recipients.for_repeat(case), case, "repeat", message, utcnow())


def register_call(data, actor):
    """Create a case from validated form data. The caller commits.

    data keys: channel, kind, received_at (aware UTC or None), caller_name,
    caller_phone, caller_id_number, town (name), village, text, answer_now.
    """
    town = db.session.query(Town).filter_by(name=data["town"]).one()
    received_at = data.get("received_at") or utcnow()
    case = Case(
        case_no=ops.next_case_no(current_app.config["CASE_PREFIX"], received_at),
        received_at=received_at,
        channel=data["channel"],
        kind=data["kind"],
        caller_name=(data.get("caller_name") or "").strip() or None,
        caller_phone=(data.get("caller_phone") or "").strip() or None,
        caller_id_number=(data.get("caller_id_number") or "").strip() or None,
        town=town,
        village=(data.get("village") or "").strip() or None,
        text=data["text"].strip(),
        created_by=actor,
    )
    db.session.add(case)
    apply_tags(case)
    ops.log_event(case, actor, "register", f"登记（{case.channel}，{case.kind}）",
                  {"categories": case.categories, "urgent": case.urgent, "serious": case.serious})
    dispatch(case, actor)
    db.session.flush()
    mark_repeats(case)
    answer = (data.get("answer_now") or "").strip()
    if answer:
        ops.close_at_registration(case, actor, answer)
    sync_referral_clock(case)
    db.session.flush()
    return case


def update_text(case, actor, text):
    """Change the text of a case (补充/更正内容); the case is re-tagged and re-routed if needed."""
    text = (text or "").strip()
    if not text:
        raise ops.OperationError("反映内容不能为空")
    if len(text) > 5000:
        raise ops.OperationError("反映内容不超过5000字")
    if text == case.text:
        return False
    before = {"text": case.text, "categories": list(case.categories), "urgent": case.urgent, "serious": case.serious}
    case.text = text
    apply_tags(case)
    case.tags_corrected = False
    ops.log_event(case, actor, "update_text", "修改反映内容并重新分类",
                  {"before": before, "after": {"categories": case.categories, "urgent": case.urgent,
                                               "serious": case.serious}})
    redispatch_if_needed(case, actor)
    sync_referral_clock(case)
    return True


def form_data(form):
    return {
        "channel": form.channel.data,
        "kind": form.kind.data,
        "received_at": form.received_at_utc,
        "caller_name": form.caller_name.data,
        "caller_phone": form.caller_phone.data,
        "caller_id_number": form.caller_id_number.data,
        "town": form.town.data,
        "village": form.village.data,
        "text": form.text.data,
        "answer_now": form.answer_now.data,
    }


def after_commit(case):
    """Work that follows a committed registration: refer serious cases at once."""
    if needs_immediate_referral(case):
        from workers.tasks import enqueue_referral

        enqueue_referral(case.id)
