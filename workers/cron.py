"""RQ's CronScheduler running workers.schedule, with a single-instance lock.

rq cron itself does not stop a second instance from enqueueing every job twice.
This one takes a Redis lock; a second instance waits as a standby and takes over
if the first one dies (its lock expires).

    python -m workers.cron
"""
import logging
import time
import uuid

from rq.cron import CronScheduler

log = logging.getLogger(__name__)
LOCK_KEY = "hotline:cron:leader"
LOCK_TTL = 120  # seconds; refreshed at every heartbeat (at least once a minute)


class SingleCronScheduler(CronScheduler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.token = f"{self.name}:{uuid.uuid4().hex[:8]}"

    def acquire(self):
        return bool(self.connection.set(LOCK_KEY, self.token, nx=True, ex=LOCK_TTL))

    def heartbeat(self):
        holder = self.connection.get(LOCK_KEY)
        if holder is None:  # Redis restarted or was flushed: take the lock again
            if not self.acquire():
                raise SystemExit("another rq cron scheduler took over")
        elif holder.decode() != self.token:
            raise SystemExit("another rq cron scheduler holds the lock")
        else:
            self.connection.expire(LOCK_KEY, LOCK_TTL)
        super().heartbeat()

    def start(self):
        while not self.acquire():
            log.info("another rq cron scheduler is running; waiting as a standby")
            time.sleep(LOCK_TTL / 4)
        try:
            super().start()
        finally:
            if self.connection.get(LOCK_KEY) == self.token.encode():
                self.connection.delete(LOCK_KEY)


def main():
    from workers.connection import get_redis
    from workers.tasks import get_app

    app = get_app()
    scheduler = SingleCronScheduler(connection=get_redis(app.config))
    scheduler.load_config_from_file("workers.schedule")
    scheduler.start()


if __name__ == "__main__":
    main()
