"""RQ jobs. Each is a thin shell: an app context around one domain function.

Jobs are idempotent: the database, not Redis, is the truth, so running a job twice,
or losing it, changes nothing that the next sweep would not put right.
"""
import json
import logging

from rq import Queue, Retry
from rq.exceptions import DuplicateJobError

log = logging.getLogger(__name__)
RETRY = Retry(max=3, interval=[10, 60, 300])
_app = None


def get_app():
    """The Flask app of this process, created once (the worker creates it before forking)."""
    global _app
    if _app is None:
        from flask import current_app, has_app_context

        if has_app_context():
            return current_app._get_current_object()
        from hotline import create_app

        _app = create_app()
    return _app


def sweep_job(now_iso=None):
    """Periodic: escalate every clock due now (or at `now_iso`)."""
    from hotline.escalation.sweep import sweep
    from hotline.timeutil import parse_local, utcnow

    app = get_app()
    with app.app_context():
        now = parse_local(now_iso) if now_iso else utcnow()
        counts = sweep(now, batch=app.config["SWEEP_BATCH"])
    log.info("sweep %s: %s", now.isoformat(), json.dumps(counts))
    return counts


def refer_case_job(case_id, now_iso=None):
    """At intake: refer a serious case to the liaison within seconds."""
    from hotline.escalation.sweep import sweep
    from hotline.timeutil import parse_local, utcnow

    app = get_app()
    with app.app_context():
        now = parse_local(now_iso) if now_iso else utcnow()
        return sweep(now, case_id=case_id)


def queue(app=None):
    from workers.connection import get_redis

    app = app or get_app()
    return Queue(app.config["RQ_QUEUE"], connection=get_redis(app.config))


def enqueue_referral(case_id):
    """Queue the immediate referral; if Redis is unreachable the next sweep does it."""
    from flask import current_app

    if current_app.config.get("RQ_SYNC"):
        return refer_case_job(case_id)
    try:
        return queue(current_app).enqueue(
            refer_case_job, case_id, job_id=f"refer-case-{case_id}", unique=True, retry=RETRY,
            description=f"refer case {case_id}")
    except DuplicateJobError:
        return None
    except Exception as exc:  # Redis down: the database still holds the due 'refer' clock
        log.warning("could not queue referral of case %s (%s); the next sweep will refer it", case_id, exc)
        return None
