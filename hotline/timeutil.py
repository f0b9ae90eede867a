"""Time is explicit: stored as UTC, shown in Asia/Shanghai."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow():
    return datetime.now(timezone.utc)


def to_local(dt):
    """An aware datetime in Asia/Shanghai (naive input is taken as UTC)."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(SHANGHAI)


def parse_local(text):
    """Parse ISO 8601; without an offset the time is Asia/Shanghai. Returns aware UTC."""
    dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=SHANGHAI)
    return dt.astimezone(timezone.utc)


def fmt(dt, pattern="%Y-%m-%d %H:%M"):
    local = to_local(dt)
    return local.strftime(pattern) if local else ""


class UTCDateTime(sa.types.TypeDecorator):
    """Stores naive UTC in the database and always returns aware UTC datetimes."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)
