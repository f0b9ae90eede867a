"""Every periodic job, declared in one place.

Usable directly by RQ's scheduler: `rq cron workers.schedule --url $REDIS_URL`;
`python -m workers.cron` runs the same schedule with a single-instance lock.
Cron strings are read in UTC.
"""
import os

from rq import cron

from workers.tasks import sweep_job

QUEUE = os.environ.get("RQ_QUEUE", "hotline")
SWEEP_MINUTES = int(os.environ.get("SWEEP_MINUTES", "5"))

PERIODIC = [
    # (function, cron string in UTC, job timeout in seconds)
    (sweep_job, f"*/{SWEEP_MINUTES} * * * *", 600),
]

for func, cron_string, timeout in PERIODIC:
    cron.register(func, queue_name=QUEUE, cron=cron_string, job_timeout=timeout)
