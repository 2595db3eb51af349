"""Session storage: conversations and small keyed records, behind one `SessionStore` interface."""

from __future__ import annotations

from bot.sessions.base import (
    SessionConflict,
    SessionStore,
    SessionStoreUnavailable,
    StoredSession,
)
from bot.sessions.memory import MemorySessionStore
from bot.sessions.sqlite import SqliteSessionStore

__all__ = [
    "MemorySessionStore",
    "SessionConflict",
    "SessionStore",
    "SessionStoreUnavailable",
    "SqliteSessionStore",
    "StoredSession",
    "open_store",
]

MEMORY_URL = "memory://"
SQLITE_PREFIX = "sqlite:///"
REDIS_PREFIXES = ("redis://", "rediss://")
DYNAMODB_PREFIX = "dynamodb://"
URL_FORMS = (
    f"'{MEMORY_URL}', '{SQLITE_PREFIX}<path>' (four slashes for an absolute path)"
    ", 'redis://[:password@]host[:port][/db]' (or rediss://)"
    f", '{DYNAMODB_PREFIX}TABLE[?region=…]'"
)


def open_store(url: str) -> SessionStore:
    """The store a URL names: `memory://`, or `sqlite:///relative.sqlite` /
    `sqlite:////absolute/path.sqlite` (the SQLAlchemy convention), `redis://host:port/db` or
    `rediss://…` (TLS; a password in the URL is never shown), `dynamodb://TABLE[?region=…]`."""
    if url == MEMORY_URL:
        return MemorySessionStore()
    if url.startswith(SQLITE_PREFIX):
        path = url.removeprefix(SQLITE_PREFIX)
        if not path:
            raise ValueError(f"Session store URL {url!r} has no file path; use {URL_FORMS}")
        return SqliteSessionStore(path)
    if url.startswith(REDIS_PREFIXES):
        from bot.sessions.redis_store import RedisSessionStore  # redis-py loads only when used

        return RedisSessionStore.from_url(url)
    if url.startswith(DYNAMODB_PREFIX):
        from bot.sessions.dynamodb import DynamoSessionStore  # boto3 loads only when used

        return DynamoSessionStore.from_url(url)
    raise ValueError(f"Unsupported session store URL {url!r}; use {URL_FORMS}")
