"""Start and stop the clocks the sweep watches. Called by the case operations."""
from hotline.escalation.ladder import next_check
from hotline.escalation.models import CaseClock
from hotline.extensions import db


def _find(case, name):
    if case.id is not None:
        found = db.session.query(CaseClock).filter_by(case_id=case.id, clock=name).first()
        if found is not None:
            return found
    return next((c for c in case.clocks if c.clock == name), None)


def start_clock(case, name, started_at, due_at):
    """Start (or restart) a clock; levels already reached are not repeated (see Escalation)."""
    clock = _find(case, name)
    if clock is None:
        clock = CaseClock(case=case, clock=name)
        db.session.add(clock)
    clock.started_at = started_at
    clock.due_at = due_at
    clock.stopped_at = None
    clock.next_check_at = next_check(name, started_at, due_at)
    return clock


def stop_clock(case, name, at):
    clock = _find(case, name)
    if clock is not None and clock.stopped_at is None:
        clock.stopped_at = at
        clock.next_check_at = None
    return clock


def stop_all(case, at):
    for clock in list(case.clocks):
        if clock.stopped_at is None:
            clock.stopped_at = at
            clock.next_check_at = None
