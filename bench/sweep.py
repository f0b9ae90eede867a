"""Cost of the escalation sweep against the size of the case table.

    .venv/bin/python bench/sweep.py [--database-url URL] [--sizes 100000,1000000] [--runs 3]
                                    [--mix 700,300,0] [--keep]

--database-url is an admin connection (default postgresql://postgres@127.0.0.1:5432/test);
the bench creates its own database next to it (hotline_bench_<random>), applies the
migrations, ensure_org() and ensure_users(), and drops it at the end, also on failure
(unless --keep).

For each size N (ascending) the case table is grown to N cases with set-based SQL
(INSERT ... SELECT ... FROM generate_series), with their ack + close clocks, case events
and some history (escalations, read notifications). Exactly 1,000 clocks are due at the
sweep's `now` (--mix: how many reach 工作提示, 督办, 移交纪检; default 700, 300, 0); every
other clock is stopped or has next_check_at in the future. The due clocks are all seeded in the first 100k cases,
so every size has the same 1,000 due clocks.

The timed part is hotline.escalation.sweep.sweep(now) in an app context. The sweep mutates,
so after each run the rows it created (escalations, notifications, referrals, case events,
disposition clocks) are deleted, the due clocks are restored, the touched tables are
VACUUM ANALYZEd, and the run is repeated; the median of --runs is reported.
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("HOTLINE_INSTANCE", tempfile.mkdtemp(prefix="hotline-bench-"))

import psycopg  # noqa: E402

# A Wednesday, 16:00 Asia/Shanghai, in a month chinese-calendar knows and far from long holidays.
NOW = datetime(2026, 11, 18, 8, 0, tzinfo=timezone.utc)
DUE = 1000
DUE_STEP = 100  # case ids 50, 150, ..., 99950 carry the due clocks
MIX = {"reminder": 700, "supervision": 300, "referral": 0}  # --mix

CHANNELS = ["热线电话", "12345转办", "来访", "来信", "网上"]
KINDS = ["咨询", "求助", "投诉", "举报", "建议"]
TEXT = ("来电人反映：本村低保评定过程不公开，村委会未张榜公示名单，家中老人长期卧病在床、"
        "无劳动能力，多次申请均未获批准，希望民政部门核实情况并给予答复。")


def naive(dt):
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


# ---------------------------------------------------------------- database lifecycle

def create_database(admin_url):
    name = f"hotline_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, urlunsplit(urlsplit(admin_url)._replace(path="/" + name))


def drop_database(admin_url, name):
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------- seeding

CASES_SQL = """
INSERT INTO cases (id, case_no, received_at, channel, kind, caller_name, caller_phone, town_id, village,
                   text, categories, evidence, urgent, serious, tags_corrected, unit_id, route_reason,
                   recused, status, ack_due, close_due, acknowledged_at, closed_at, callback_due,
                   callback_at, satisfaction, created_by_id, created_at, updated_at)
SELECT i,
       'LL-' || to_char(rec + interval '8 hours', 'YYYYMMDD') || '-' || lpad(i::text, 7, '0'),
       rec,
       (%(channels)s::text[])[1 + mod(i, 5)],
       (%(kinds)s::text[])[1 + mod(i / 5, 5)],
       CASE WHEN mod(i, 3) = 0 THEN NULL ELSE '张某' END,
       CASE WHEN mod(i, 3) = 0 THEN NULL ELSE '138' || lpad(mod(i::bigint * 7919, 100000000)::text, 8, '0') END,
       CASE WHEN mod(i, 16) < 15 THEN (%(towns)s::int[])[1 + mod(i, 16)]
            ELSE (%(towns)s::int[])[1 + mod(i / 16, 15)] END,
       '第' || (1 + mod(i, 30)) || '村',
       %(text)s || '（' || i || '）',
       '[]'::json, '{}'::json, false, false, false,
       CASE WHEN mod(i, 16) < 15 THEN (%(offices)s::int[])[1 + mod(i, 16)] ELSE %(county)s END,
       '按属地派单', false, st,
       rec + interval '1 day',
       rec + interval '21 days',
       CASE WHEN st <> 'dispatched' THEN rec + r2 * interval '12 hours' END,
       CASE WHEN st IN ('closed', 'called_back') THEN rec + interval '1 day' + r2 * interval '14 days' END,
       CASE WHEN st IN ('closed', 'called_back') THEN rec + interval '3 days' + r2 * interval '14 days' END,
       CASE WHEN st = 'called_back' THEN rec + interval '2 days' + r2 * interval '14 days' END,
       CASE WHEN st = 'called_back' THEN '满意' END,
       %(operator)s,
       rec,
       CASE WHEN st IN ('closed', 'called_back') THEN rec + interval '2 days' + r2 * interval '14 days'
            ELSE rec END
FROM (
    SELECT i, st, r2,
           CASE WHEN st = 'dispatched' THEN %(now)s - r1 * interval '17 hours'
                WHEN st IN ('acknowledged', 'in_progress') THEN %(now)s - interval '1 day' - r1 * interval '14 days'
                ELSE %(now)s - interval '16 days' - r1 * interval '1080 days' END AS rec
    FROM (
        -- random() in this target list keeps the subquery from being flattened: one draw per row
        SELECT i, random() AS r1, random() AS r2,
               (ARRAY['dispatched', 'acknowledged', 'in_progress', 'in_progress',
                      'closed', 'closed', 'closed', 'closed',
                      'called_back', 'called_back', 'called_back', 'called_back', 'called_back', 'called_back',
                      'called_back', 'called_back', 'called_back', 'called_back', 'called_back', 'called_back']
               )[1 + mod(i, 20)] AS st
        FROM generate_series(%(lo)s::int, %(hi)s::int) AS g(i)
    ) a
) b
"""

# 5% dispatched (ack + close running), 15% acknowledged/in progress (close running), 80% closed.
# Running clocks are at their first rung: next_check_at = 75% point, which is in the future.
CLOCKS_SQL = """
INSERT INTO case_clocks (case_id, clock, started_at, due_at, next_check_at, stopped_at)
SELECT case_id, clock, started_at, due_at, next_check_at, stopped_at FROM (
    SELECT id AS case_id, 'ack' AS clock, received_at AS started_at, ack_due AS due_at,
           CASE WHEN status = 'dispatched' THEN received_at + (ack_due - received_at) * 0.75 END AS next_check_at,
           CASE WHEN status = 'dispatched' THEN NULL ELSE acknowledged_at END AS stopped_at
    FROM cases WHERE id BETWEEN %(lo)s AND %(hi)s
    UNION ALL
    SELECT id, 'close', received_at, close_due,
           CASE WHEN status IN ('dispatched', 'acknowledged', 'in_progress')
                THEN received_at + (close_due - received_at) * 0.75 END,
           CASE WHEN status IN ('dispatched', 'acknowledged', 'in_progress') THEN NULL ELSE closed_at END
    FROM cases WHERE id BETWEEN %(lo)s AND %(hi)s
) c ORDER BY case_id, clock
"""

EVENTS_SQL = """
INSERT INTO case_events (case_id, at, actor_id, action, note)
SELECT id, received_at, created_by_id, 'create', '登记' FROM cases WHERE id BETWEEN %(lo)s AND %(hi)s
UNION ALL
SELECT id, received_at + interval '5 minutes', created_by_id, 'dispatch', '派单：按属地派单'
FROM cases WHERE id BETWEEN %(lo)s AND %(hi)s
UNION ALL
SELECT id, acknowledged_at, NULL, 'acknowledge', '签收'
FROM cases WHERE id BETWEEN %(lo)s AND %(hi)s AND acknowledged_at IS NOT NULL
UNION ALL
SELECT id, closed_at, NULL, 'close', '已核实并答复来电人'
FROM cases WHERE id BETWEEN %(lo)s AND %(hi)s AND closed_at IS NOT NULL
"""

# History: one closed case in ten got a 工作提示 on its close clock, one in twenty a 督办 too.
HISTORY_ESC_SQL = """
INSERT INTO escalations (case_id, clock, level, due_at, at, overdue_workdays, unit_id)
SELECT id, 'close', 'reminder', close_due, received_at + (close_due - received_at) * 0.75, 0, unit_id
FROM cases WHERE id BETWEEN %(lo)s AND %(hi)s AND closed_at IS NOT NULL AND mod(id, 10) = 4
UNION ALL
SELECT id, 'close', 'supervision', close_due, close_due + interval '1 second', 0, unit_id
FROM cases WHERE id BETWEEN %(lo)s AND %(hi)s AND closed_at IS NOT NULL AND mod(id, 20) = 4
"""

HISTORY_NOTE_SQL = """
INSERT INTO notifications (user_id, case_id, kind, message, created_at, read_at)
SELECT %(user)s, case_id, level, '工作提示：' || case_id || ' 办结期限将到，请抓紧办理', at, at + interval '1 day'
FROM escalations WHERE case_id BETWEEN %(lo)s AND %(hi)s
"""


def fix_sequences(conn):
    for table in ("cases", "case_clocks", "case_events", "escalations", "notifications"):
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                     f"(SELECT coalesce(max(id), 1) FROM {table}))")


def valid_offsets(clock, level):
    """Start offsets (minutes before NOW, 10-minute grid, up to 45 days) at which `clock`
    reaches exactly `level` at NOW, given the lower rungs are done. Uses the app's own rules."""
    from hotline.deadlines import deadline
    from hotline.escalation.ladder import LADDERS, reached

    done = set(LADDERS[clock][:LADDERS[clock].index(level)])
    found = []
    for minutes in range(10, 45 * 24 * 60, 10):
        started = NOW - timedelta(minutes=minutes)
        due = deadline(started, clock)
        if reached(clock, started, due, NOW, done) == [level]:
            found.append(minutes)
            if len(found) >= 288:  # the first two days' worth of valid starts
                break
    return found, done


def due_plan(units_with_handler):
    """The 1,000 due clocks: (case id, clock, level) with times computed by hotline.deadlines/ladder."""
    from hotline.deadlines import deadline
    from hotline.escalation.ladder import next_check, rung_times

    rng = random.Random(20261118)
    levels = [lvl for lvl, n in MIX.items() for _ in range(n)]
    rng.shuffle(levels)
    offsets = {}
    plan = []
    for j in range(DUE):
        case_id = DUE_STEP // 2 + j * DUE_STEP
        clock = "ack" if j % 2 == 0 else "close"
        level = levels[j]
        if (clock, level) not in offsets:
            offsets[(clock, level)] = valid_offsets(clock, level)
        choices, done = offsets[(clock, level)]
        started = NOW - timedelta(minutes=rng.choice(choices))
        ack_due, close_due = deadline(started, "ack"), deadline(started, "close")
        due = ack_due if clock == "ack" else close_due
        rungs = dict(rung_times(clock, started, due))
        unit_id, town_id = units_with_handler[j % len(units_with_handler)]
        plan.append({
            "case_id": case_id, "clock": clock, "level": level, "done": sorted(done),
            "started": started, "due": due, "ack_due": ack_due, "close_due": close_due,
            "next_check": next_check(clock, started, due, done),
            "rungs": rungs, "unit_id": unit_id, "town_id": town_id,
            "status": "dispatched" if clock == "ack" else "in_progress",
            "acknowledged_at": None if clock == "ack" else started + timedelta(hours=2),
        })
        assert plan[-1]["next_check"] <= NOW
    return plan


def apply_due_plan(conn, plan):
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE cases SET status = %(status)s, received_at = %(started)s, created_at = %(started)s, "
            "updated_at = %(started)s, ack_due = %(ack_due)s, close_due = %(close_due)s, "
            "acknowledged_at = %(acknowledged_at)s, closed_at = NULL, callback_due = NULL, "
            "callback_at = NULL, satisfaction = NULL, unit_id = %(unit_id)s, town_id = %(town_id)s "
            "WHERE id = %(case_id)s",
            [{**p, "started": naive(p["started"]), "ack_due": naive(p["ack_due"]),
              "close_due": naive(p["close_due"]),
              "acknowledged_at": p["acknowledged_at"] and naive(p["acknowledged_at"])} for p in plan])


def apply_due_clocks(conn, plan):
    from hotline.deadlines import working_days_between

    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE case_clocks SET next_check_at = %(next_check)s, stopped_at = NULL "
            "WHERE case_id = %(case_id)s AND clock = %(clock)s",
            [{"next_check": naive(p["next_check"]), "case_id": p["case_id"], "clock": p["clock"]} for p in plan])
        rows = []
        for p in plan:
            for level in p["done"]:
                at = p["rungs"][level] + timedelta(seconds=1)
                rows.append({"case_id": p["case_id"], "clock": p["clock"], "level": level,
                             "due_at": naive(p["due"]), "at": naive(at), "unit_id": p["unit_id"],
                             "overdue": working_days_between(p["due"], at) if at > p["due"] else 0})
        cur.executemany(
            "INSERT INTO escalations (case_id, clock, level, due_at, at, overdue_workdays, unit_id) "
            "VALUES (%(case_id)s, %(clock)s, %(level)s, %(due_at)s, %(at)s, %(overdue)s, %(unit_id)s)", rows)


def seed(conn, lo, hi, org, plan=None):
    """Add cases lo..hi (and their clocks, events, history). Returns seconds per step."""
    params = {"lo": lo, "hi": hi, "now": naive(NOW), "channels": CHANNELS, "kinds": KINDS, "text": TEXT,
              "towns": org["towns"], "offices": org["offices"], "county": org["county"],
              "operator": org["users"]["operator"], "user": org["users"]["handler"]}
    steps = {}

    def step(name, fn):
        t0 = time.perf_counter()
        fn()
        steps[name] = time.perf_counter() - t0

    conn.execute("SET synchronous_commit = off")
    conn.execute("SELECT setseed(%s)", (0.25 + lo / (4 * (hi + 1)),))
    step("cases", lambda: conn.execute(CASES_SQL, params))
    if plan:
        step("due cases", lambda: apply_due_plan(conn, plan))
    step("clocks", lambda: conn.execute(CLOCKS_SQL, params))
    if plan:
        step("due clocks", lambda: apply_due_clocks(conn, plan))
    step("events", lambda: conn.execute(EVENTS_SQL, params))
    step("history", lambda: (conn.execute(HISTORY_ESC_SQL, params), conn.execute(HISTORY_NOTE_SQL, params)))
    fix_sequences(conn)
    conn.commit()
    conn.autocommit = True
    step("vacuum analyze", lambda: conn.execute("VACUUM ANALYZE"))
    conn.autocommit = False
    return steps


# ---------------------------------------------------------------- measuring

class SqlStats:
    """Counts statements and the time spent in cursor.execute, by kind of statement."""

    def __init__(self, engine):
        import sqlalchemy as sa

        self.reset()
        self.capture = None
        sa.event.listen(engine, "before_cursor_execute", self.before)
        sa.event.listen(engine, "after_cursor_execute", self.after)

    def reset(self):
        self.count = Counter()
        self.seconds = Counter()
        self.statements = 0

    def before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_t0"] = time.perf_counter()
        if self.capture is None and "FROM case_clocks" in statement and "FOR UPDATE" in statement:
            self.capture = (statement, parameters)

    def after(self, conn, cursor, statement, parameters, context, executemany):
        dt = time.perf_counter() - conn.info.pop("bench_t0")
        words = statement.split()
        key = " ".join(words[:3]) if words[0] in ("INSERT", "UPDATE", "DELETE") else None
        if words[0] != "SELECT" and key is None:
            key = words[0]
        if key is None:
            tables = [words[i + 1] for i, w in enumerate(words[:-1]) if w == "FROM"]
            key = "SELECT " + (tables[0] if tables else "?")
            if "FOR UPDATE" in statement:
                key += " FOR UPDATE"
        self.count[key] += 1
        self.seconds[key] += dt
        self.statements += 1


def reset_after_run(bench_url, marks, snapshot_table="bench_due_snapshot"):
    with psycopg.connect(bench_url) as conn:
        for table in ("notifications", "escalations", "case_events", "referrals", "identity_views"):
            conn.execute(f"DELETE FROM {table} WHERE id > %s", (marks[table],))
        conn.execute("DELETE FROM case_clocks WHERE id > %s", (marks["case_clocks"],))
        conn.execute(f"UPDATE case_clocks c SET next_check_at = s.next_check_at, stopped_at = s.stopped_at "
                     f"FROM {snapshot_table} s WHERE c.id = s.id")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE case_clocks, escalations, notifications, referrals, case_events")


def id_marks(bench_url):
    tables = ("notifications", "escalations", "case_events", "referrals", "identity_views", "case_clocks")
    with psycopg.connect(bench_url) as conn:
        return {t: conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in tables}


def due_count(bench_url):
    with psycopg.connect(bench_url) as conn:
        return conn.execute("SELECT count(*) FROM case_clocks WHERE next_check_at <= %s AND stopped_at IS NULL",
                            (naive(NOW),)).fetchone()[0]


def expected():
    return {"reminders": MIX["reminder"], "supervisions": MIX["supervision"], "referrals": MIX["referral"]}


def run_sweeps(app, stats, bench_url, runs):
    from hotline.escalation.sweep import sweep
    from hotline.extensions import db

    with psycopg.connect(bench_url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_due_snapshot")
        conn.execute("CREATE TABLE bench_due_snapshot AS SELECT id, next_check_at, stopped_at FROM case_clocks "
                     "WHERE next_check_at <= %s AND stopped_at IS NULL", (naive(NOW),))
    marks = id_marks(bench_url)
    times, cpus, profile = [], [], None
    for k in range(runs):
        assert due_count(bench_url) == DUE, "due clocks were not restored"
        with app.app_context():
            db.session.remove()
            stats.reset()
            t0, c0 = time.perf_counter(), time.process_time()
            result = sweep(NOW)
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            db.session.remove()
        if result != expected():
            raise SystemExit(f"sweep returned {result}, expected {expected()}")
        left = due_count(bench_url)
        if left:
            raise SystemExit(f"{left} clocks still due after the sweep")
        times.append(dt)
        cpus.append(cpu)
        if profile is None or dt <= min(times):
            profile = (stats.statements, dict(stats.count), dict(stats.seconds))
        reset_after_run(bench_url, marks)
    return times, cpus, result, profile


def explain(app, stats):
    """EXPLAIN (ANALYZE, BUFFERS) of the sweep's own due-clock statement, rolled back."""
    from hotline.extensions import db

    statement, params = stats.capture
    with app.app_context():
        conn = db.engine.connect()
        try:
            trans = conn.begin()
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, params).all()
            trans.rollback()
        finally:
            conn.close()
    return statement, params, [r[0] for r in rows]


def table_sizes(bench_url):
    with psycopg.connect(bench_url) as conn:
        out = []
        for t in ("cases", "case_clocks", "case_events", "escalations", "notifications", "referrals"):
            n, size = conn.execute(f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{t}')) FROM {t}").fetchone()
            out.append(f"{t}={n:,} ({size})")
        idx = conn.execute("SELECT pg_size_pretty(pg_relation_size('ix_case_clocks_next_check'))").fetchone()[0]
        running = conn.execute("SELECT count(*) FROM case_clocks WHERE stopped_at IS NULL").fetchone()[0]
        future = conn.execute("SELECT min(next_check_at), max(next_check_at) FROM case_clocks "
                              "WHERE next_check_at > %s", (naive(NOW),)).fetchone()
    return out, idx, running, future


# ---------------------------------------------------------------- main

def label(n):
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test",
                    help="admin connection; the bench creates and drops its own database next to it")
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mix", default="700,300,0",
                    help="due clocks reaching 工作提示,督办,移交纪检 (must add up to 1000)")
    ap.add_argument("--keep", action="store_true", help="do not drop the bench database")
    ap.add_argument("--show-log", action="store_true", help="let the sweep's INFO log through to stderr")
    args = ap.parse_args(argv)
    mix = [int(x) for x in args.mix.split(",")]
    if len(mix) != 3 or sum(mix) != DUE or min(mix) < 0:
        raise SystemExit(f"--mix takes three counts adding up to {DUE}")
    MIX.update(zip(("reminder", "supervision", "referral"), mix))
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if sizes[0] < DUE_STEP * DUE:
        raise SystemExit(f"the smallest size must be at least {DUE_STEP * DUE} (the due clocks live there)")
    admin_url = args.database_url.replace("postgres://", "postgresql://", 1)

    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    name, bench_url = create_database(admin_url)
    print(f"database: {name}")
    try:
        run(args, sizes, bench_url)
    finally:
        try:
            from hotline.extensions import db
            if _APP is not None:
                with _APP.app_context():
                    db.session.remove()
                    db.engine.dispose()
        finally:
            if args.keep:
                print(f"kept database {name}: {bench_url}")
            else:
                drop_database(admin_url, name)
                print(f"dropped database {name}")


_APP = None


def run(args, sizes, bench_url):
    global _APP
    from flask_migrate import upgrade

    from hotline import create_app
    from hotline.demo.org import ensure_org, ensure_users
    from hotline.extensions import db
    from hotline.people.models import Town, Unit, User
    from hotline.routing import COUNTY_SECTION

    sqlalchemy_url = bench_url.replace("postgresql://", "postgresql+psycopg://", 1)
    app = _APP = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url, "TESTING": True,
                             "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    if not args.show_log:  # keep the formatting cost, drop the 1,000 lines per run
        for h in logging.getLogger().handlers:
            if isinstance(h, logging.StreamHandler):
                h.setStream(open(os.devnull, "w"))
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with app.app_context():
        upgrade()
        ensure_org()
        ensure_users()
        db.session.commit()
        units = {u.name: u for u in db.session.query(Unit)}
        users = {u.username: u for u in db.session.query(User)}
        org = {
            "towns": [t.id for t in sorted(db.session.query(Town), key=lambda t: t.id)],
            "county": units[COUNTY_SECTION].id,
            "users": {k: u.id for k, u in users.items()},
        }
        org["offices"] = [next(u.id for u in units.values() if u.town_id == tid) for tid in org["towns"]]
        # due cases go to units that have a handler, so each 工作提示 notifies somebody
        handler_units = sorted({u.unit_id for u in users.values() if u.role == "handler"})
        units_with_handler = [(uid, next((u.town_id for u in units.values() if u.id == uid and u.town_id),
                                         org["towns"][0])) for uid in handler_units]
        stats = SqlStats(db.engine)
        db.session.remove()

    plan = due_plan(units_with_handler)
    print(f"now = {NOW.isoformat()} (Wednesday 16:00 Asia/Shanghai); due clocks: "
          + ", ".join(f"{v} {k}" for k, v in MIX.items())
          + f" ({Counter(p['clock'] for p in plan)['ack']} ack, {Counter(p['clock'] for p in plan)['close']} close)")

    results = {}
    seeded = 0
    with psycopg.connect(bench_url) as conn:
        for n in sizes:
            t0 = time.perf_counter()
            steps = seed(conn, seeded + 1, n, org, plan if seeded == 0 else None)
            seed_s = time.perf_counter() - t0
            print(f"\nseed {seeded:,} -> {n:,} cases: {seed_s:.1f} s ("
                  + ", ".join(f"{k} {v:.1f}" for k, v in steps.items()) + ")")
            seeded = n
            sizes_out, idx, running, future = table_sizes(bench_url)
            print("rows: " + ", ".join(sizes_out))
            print(f"running clocks: {running:,}; future next_check_at from {future[0]} to {future[1]}; "
                  f"ix_case_clocks_next_check: {idx}; due at now: {due_count(bench_url)}")
            times, cpus, result, profile = run_sweeps(app, stats, bench_url, args.runs)
            med = statistics.median(times)
            results[n] = med
            print(f"{label(n)} cases: sweep of {DUE} due clocks: {med:.2f} s (median of {len(times)}; runs "
                  + ", ".join(f"{t:.3f}" for t in times) + f"); result {result}")
            print(f"  client CPU (this process) median {statistics.median(cpus):.2f} s; "
                  f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
            statements, count, seconds = profile
            db_s = sum(seconds.values())
            print(f"  fastest run: {statements} statements, {db_s:.3f} s in cursor.execute "
                  f"({100 * db_s / min(times):.0f}% of the run)")
            for key, s in sorted(seconds.items(), key=lambda kv: -kv[1])[:8]:
                print(f"    {count[key]:5d} x {key:<40s} {s:.3f} s")
            statement, params, plan_lines = explain(app, stats)
            print("  EXPLAIN (ANALYZE, BUFFERS) of the due-clock query:")
            for line in plan_lines:
                print("    " + line)
    print()
    for n in sizes:
        print(f"{label(n)} cases: sweep of {DUE} due clocks: {results[n]:.2f} s (median of {args.runs})")
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        ratio = results[hi] / results[lo]
        print(f"ratio {label(hi)}/{label(lo)}: {ratio:.2f} (target <= 1.5; {'met' if ratio <= 1.5 else 'MISSED'})")
        print(f"{label(hi)} sweep: {results[hi]:.2f} s (target <= 1 s; {'met' if results[hi] <= 1 else 'MISSED'})")


if __name__ == "__main__":
    main()
