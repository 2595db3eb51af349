"""Keeping a session store fit while the server runs: can it be written now (for `/health`), and
expired sessions and delivery records purged on a timer, also while no traffic comes.

The write probe goes through the `SessionStore` API (remember, then forget, a record of its own),
so it fails exactly when a turn would fail to save. Its reason is safe to show anyone: a fixed
SQLite, Redis or system error text, never a path, a key or a stored value. Nothing here knows HTTP.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable

from bot.sessions.base import SessionStore, SessionStoreUnavailable

log = logging.getLogger(__name__)

HEALTH_NAMESPACE = "health"
HEALTH_TTL_SECONDS = 60.0  # a probe record left behind (the delete failed) is purged after this


def write_problem(store: SessionStore, now: float) -> str | None:
    """Why `store` cannot be written now, or None when a record could be written and removed."""
    probe = uuid.uuid4().hex  # concurrent probes, from this process or others, never collide
    try:
        store.remember(HEALTH_NAMESPACE, probe, now=now, ttl_seconds=HEALTH_TTL_SECONDS)
        store.forget(HEALTH_NAMESPACE, probe)
    except Exception as exc:  # any failure to write is the answer
        reason = _safe_reason(exc)
        # An unavailable store has said why: no traceback on every probe while it is down.
        known = isinstance(exc, SessionStoreUnavailable)
        log.warning("session store cannot be written: %s", reason, exc_info=None if known else exc)
        return f"the session store cannot be written: {reason}"
    return None


def _safe_reason(exc: Exception) -> str:
    if isinstance(exc, SessionStoreUnavailable):
        return str(exc)  # a store's own fixed text ("Redis: cannot connect")
    if isinstance(exc, sqlite3.Error):
        return f"SQLite: {exc}"  # SQLite's own fixed texts ("attempt to write a readonly …")
    if isinstance(exc, OSError) and exc.errno is not None:
        return os.strerror(exc.errno)  # without the file name the exception may carry
    return type(exc).__name__


class PurgeTimer:
    """Calls `purge` every `interval` seconds on a daemon thread until `stop()`. A failing purge is
    logged and tried again at the next tick; the thread never dies of it."""

    def __init__(self, purge: Callable[[], int], interval: float) -> None:
        if interval <= 0:
            raise ValueError("the purge interval must be positive")
        self._purge = purge
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the purge timer is already started")
        self._thread = threading.Thread(target=self._run, name="session-purge", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop ticking; waits for a purge in progress (one bounded batch) up to `timeout`."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                removed = self._purge()
            except Exception:  # a store that fails now may work at the next tick
                log.exception("purging expired sessions failed")
                continue
            if removed:
                log.info("purged %d expired sessions and delivery records", removed)
