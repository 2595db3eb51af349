"""Session storage: conversations and small keyed records, behind one `SessionStore` interface."""

from __future__ import annotations

from bot.sessions.base import SessionConflict, SessionStore, StoredSession
from bot.sessions.memory import MemorySessionStore
from bot.sessions.sqlite import SqliteSessionStore

__all__ = [
    "MemorySessionStore",
    "SessionConflict",
    "SessionStore",
    "SqliteSessionStore",
    "StoredSession",
    "open_store",
]

MEMORY_URL = "memory://"
SQLITE_PREFIX = "sqlite:///"
URL_FORMS = f"'{MEMORY_URL}' or '{SQLITE_PREFIX}<path>' (four slashes for an absolute path)"


def open_store(url: str) -> SessionStore:
    """The store a URL names: `memory://`, or `sqlite:///relative.sqlite` /
    `sqlite:////absolute/path.sqlite` (the SQLAlchemy convention)."""
    if url == MEMORY_URL:
        return MemorySessionStore()
    if url.startswith(SQLITE_PREFIX):
        path = url.removeprefix(SQLITE_PREFIX)
        if not path:
            raise ValueError(f"Session store URL {url!r} has no file path; use {URL_FORMS}")
        return SqliteSessionStore(path)
    raise ValueError(f"Unsupported session store URL {url!r}; use {URL_FORMS}")
