"""gunicorn settings: `gunicorn --preload -c python:hotline.gunicorn_conf wsgi:app`.

With --preload the master imports wsgi (creating the app) once; `on_starting`
builds the tagger there, so jieba's dictionary is loaded once and shared by the
forked workers instead of once per worker or per request.
"""
preload_app = True


def on_starting(server):
    from hotline.tagging import preload

    preload()


def post_fork(server, worker):
    # Database connections must not be shared across fork.
    from hotline.extensions import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose()
