"""The periodic sweep over every due clock, and the immediate referral of serious cases.

Idempotent and loss-free:
- each (case, clock, level) is inserted with ON CONFLICT DO NOTHING against a unique
  constraint; notifications and referrals follow only rows this run really inserted,
  in the same transaction, so they happen exactly once;
- work is committed batch by batch; a killed sweep loses only its open batch, which
  the next sweep redoes; on PostgreSQL concurrent sweeps skip each other's locked rows;
- everything is read from the database, so a Redis that lost its data loses nothing.
"""
import logging
from collections import Counter

import sqlalchemy as sa
from sqlalchemy.orm import lazyload, selectinload

from hotline.cases.models import OPEN_STATUSES, Case
from hotline.dbutil import insert_ignoring_conflicts
from hotline.deadlines import working_days_between
from hotline.escalation.ladder import LADDERS, next_check, reached
from hotline.escalation.models import CLOCK_LABELS, LEVELS, CaseClock, Escalation
from hotline.escalation.notify import Recipients
from hotline.extensions import db
from hotline.referral.operations import ensure_referral

log = logging.getLogger(__name__)
BATCH = 500
_COUNT_KEYS = {"reminder": "reminders", "supervision": "supervisions", "referral": "referrals"}
# Clocks that only make sense while the case is still with the handling unit.
_UNIT_CLOCKS = {"ack", "close"}


def _due_clocks(now, limit, case_id=None):
    q = (
        sa.select(CaseClock)
        .where(CaseClock.next_check_at <= now, CaseClock.stopped_at.is_(None))
        .order_by(CaseClock.next_check_at, CaseClock.id)
        .limit(limit)
        .options(selectinload(CaseClock.case).options(
            selectinload(Case.unit), lazyload(Case.events), lazyload(Case.clocks), lazyload(Case.escalations)))
    )
    if case_id is not None:
        q = q.where(CaseClock.case_id == case_id)
    if db.session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True, of=CaseClock)
    return db.session.execute(q).scalars().all()


def sweep(now, case_id=None, batch=BATCH):
    """Escalate every clock that is due at `now`. Returns counts of what was newly done."""
    totals = Counter(reminders=0, supervisions=0, referrals=0)
    recipients = Recipients.load(deferred=True)
    while True:
        clocks = _due_clocks(now, batch, case_id)
        if not clocks:
            break
        totals.update(_process(clocks, now, recipients))
        recipients.flush()
        db.session.commit()
        if len(clocks) < batch:
            break
    return dict(totals)


def _process(clocks, now, recipients):
    case_ids = {c.case_id for c in clocks}
    done = {}
    supervisions = Counter()
    for case_id, clock, level in db.session.execute(
        sa.select(Escalation.case_id, Escalation.clock, Escalation.level).where(Escalation.case_id.in_(case_ids))
    ):
        done.setdefault((case_id, clock), set()).add(level)
        supervisions[case_id] += level == "supervision"

    rows = []
    for clock in clocks:
        case = clock.case
        if clock.clock in _UNIT_CLOCKS and case.status not in OPEN_STATUSES:
            clock.stopped_at, clock.next_check_at = now, None  # defensive: the case moved on
            continue
        already = done.setdefault((case.id, clock.clock), set())
        levels = reached(clock.clock, clock.started_at, clock.due_at, now, already)
        if "supervision" in levels:
            supervisions[case.id] += 1
            if supervisions[case.id] >= 2 and "referral" not in levels and "referral" in LADDERS[clock.clock]:
                levels.append("referral")  # a second 督办 is referred
        for level in levels:
            rows.append({
                "case_id": case.id, "clock": clock.clock, "level": level, "due_at": clock.due_at, "at": now,
                "overdue_workdays": working_days_between(clock.due_at, now) if now > clock.due_at else 0,
                "unit_id": case.unit_id,
            })
        already.update(levels)
        clock.next_check_at = next_check(clock.clock, clock.started_at, clock.due_at, already)
        if clock.next_check_at is None and clock.clock == "refer":
            clock.stopped_at = now

    inserted = insert_ignoring_conflicts(
        Escalation.__table__, rows, (Escalation.case_id, Escalation.clock, Escalation.level))
    by_key = {(r["case_id"], r["clock"], r["level"]): r for r in rows}
    cases = {c.case_id: c.case for c in clocks}
    counts = Counter()
    for case_id, clock, level in inserted:
        row = by_key[(case_id, clock, level)]
        case = cases[case_id]
        counts[_COUNT_KEYS[level]] += 1
        _follow_up(case, clock, level, row, supervisions[case_id], now, recipients)
    return counts


def _follow_up(case, clock, level, row, supervision_count, now, recipients):
    label = CLOCK_LABELS.get(clock, clock)
    if level == "reminder":
        message = f"工作提示：{case.case_no} {label}期限将到，请抓紧办理"
        recipients.notify(recipients.for_reminder(case, clock), case, "reminder", message, now)
    elif level == "supervision":
        message = f"督办：{case.case_no} {label}已超期，请督促{case.unit.name if case.unit else ''}办理"
        recipients.notify(recipients.for_supervision(case, clock), case, "supervision", message, now)
    elif level == "referral":
        if clock == "refer":
            from hotline.referral.rules import referral_reason

            kind, text = referral_reason(case.categories, case.serious, case.kind) or ("serious", "严重问题线索")
            evidence = sorted({w for code in ("serious", *case.categories) for w in case.evidence.get(code, [])})
            reason = {"kind": kind, "text": text, "evidence": evidence}
        elif supervision_count >= 2 and row["overdue_workdays"] < 5:
            reason = {"kind": "second_supervision", "text": f"第二次督办仍未办理（{label}）"}
        else:
            reason = {"kind": "overdue", "text": f"{label}超期{row['overdue_workdays']}个工作日",
                      "overdue_workdays": row["overdue_workdays"]}
        ensure_referral(case, reason, now, recipients)
        if case.repeat_count >= 3:
            ensure_referral(case, {"kind": "repeat", "text": f"重复信访：90天内第{case.repeat_count}次反映"},
                            now, recipients)
    log.info("escalated %s %s %s", case.case_no, clock, LEVELS[level])
