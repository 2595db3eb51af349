"""`SqliteSessionStore`: the embedded default `SessionStore`, one SQLite file beside the bot.

Sessions survive restarts, and several threads or processes may share the file. Every write is
one SQL statement in autocommit mode, so the compare-and-set on `version` and the
insert-if-absent of `remember` are atomic in SQLite itself, not in this process. It must never
hold a transaction open while a caller computes a turn: a write lock lasts one statement, so
different sessions only ever wait for each other's few microseconds of writing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from bot import strict_json
from bot.sessions.base import MissedUtterance, SessionConflict, StoredSession
from bot.turn import SessionKey

BUSY_TIMEOUT_SECONDS = 5.0
BUSY_FIRST_PAUSE, BUSY_LAST_PAUSE = 0.0001, 0.005
# Purge expired rows once per this many writes, a bounded batch at a time.
PURGE_EVERY = 256
PURGE_BATCH = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    bot_id     TEXT NOT NULL,
    alias_id   TEXT NOT NULL,
    locale_id  TEXT NOT NULL,
    session_id TEXT NOT NULL,
    data       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (bot_id, alias_id, locale_id, session_id)
);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS records (
    namespace  TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (namespace, record_id)
);
CREATE INDEX IF NOT EXISTS records_expires_at ON records (expires_at);
CREATE TABLE IF NOT EXISTS missed (
    bot_id TEXT NOT NULL,
    at     REAL NOT NULL,
    entry  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS missed_bot_at ON missed (bot_id, at);
"""

_KEY = "bot_id = ? AND alias_id = ? AND locale_id = ? AND session_id = ?"

_LOAD = f"SELECT data, version, expires_at FROM sessions WHERE {_KEY} AND expires_at > ?"
_VERSION = f"SELECT version FROM sessions WHERE {_KEY} AND expires_at > ?"

# expected_version > 0: only a live row at exactly that version may be replaced.
_UPDATE = f"""
UPDATE sessions SET data = ?, version = version + 1, expires_at = ?
WHERE {_KEY} AND version = ? AND expires_at > ?
"""

# expected_version == 0: insert, or take over a row that has expired (it counts as absent).
_INSERT = """
INSERT INTO sessions (bot_id, alias_id, locale_id, session_id, data, version, expires_at)
VALUES (?, ?, ?, ?, ?, 1, ?)
ON CONFLICT (bot_id, alias_id, locale_id, session_id) DO UPDATE
SET data = excluded.data, version = 1, expires_at = excluded.expires_at
WHERE sessions.expires_at <= ?
"""

_DELETE = f"DELETE FROM sessions WHERE {_KEY}"
_DELETE_LIVE = f"DELETE FROM sessions WHERE {_KEY} AND expires_at > ?"

_REMEMBER = """
INSERT INTO records (namespace, record_id, expires_at) VALUES (?, ?, ?)
ON CONFLICT (namespace, record_id) DO UPDATE SET expires_at = excluded.expires_at
WHERE records.expires_at <= ?
"""

_FORGET = "DELETE FROM records WHERE namespace = ? AND record_id = ?"

_MISSED_ADD = "INSERT INTO missed (bot_id, at, entry) VALUES (?, ?, ?)"
_MISSED_AGED = "DELETE FROM missed WHERE bot_id = ? AND at <= ?"
# All but the newest `max_count` (ties broken by insertion order).
_MISSED_OVER = """
DELETE FROM missed WHERE rowid IN (
    SELECT rowid FROM missed WHERE bot_id = ? ORDER BY at DESC, rowid DESC LIMIT -1 OFFSET ?
)
"""
_MISSED_LIST = """
SELECT entry FROM missed WHERE bot_id = ? AND at >= ? AND at > ? ORDER BY at, rowid
"""

# DELETE … LIMIT needs a compile option most builds lack; a bounded rowid subquery does not.
_PURGE = """
DELETE FROM {table} WHERE rowid IN (
    SELECT rowid FROM {table} WHERE expires_at <= ? LIMIT ?
)
"""


# Queries use fetchall(), never fetchone(): an unfinished SELECT would keep a read snapshot open,
# and a write on that snapshot fails at once instead of waiting for the lock.


class _PatientConnection(sqlite3.Connection):
    """Waits up to `BUSY_TIMEOUT_SECONDS` for a lock another connection holds, retrying after
    0.1 ms, then twice as long each time up to 5 ms. SQLite's own busy handler sleeps 1, 2, 5,
    10… ms for a write lock held for microseconds, so two turns saving at once (turn threads,
    workers) cost the later one milliseconds. A statement refused as busy did nothing, so
    trying it again is safe."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        pause, deadline = BUSY_FIRST_PAUSE, 0.0
        while True:
            try:
                return super().execute(sql, parameters)
            except sqlite3.OperationalError as exc:
                if getattr(exc, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY:
                    raise
                now = time.monotonic()
                deadline = deadline or now + BUSY_TIMEOUT_SECONDS
                if now >= deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, BUSY_LAST_PAUSE)


def _key_params(key: SessionKey) -> tuple[str, str, str, str]:
    return (key.bot_id, key.alias_id, key.locale_id, key.session_id)


class SqliteSessionStore:
    def __init__(
        self,
        path: Path | str,
        *,
        purge_every: int = PURGE_EVERY,
        purge_batch: int = PURGE_BATCH,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._purge_every = purge_every
        self._purge_batch = purge_batch
        # A small pool instead of one connection per thread: worker threads come and go, and
        # close() must reach every connection. Each connection is used by one thread at a time.
        self._lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._closed = False
        self._writes = 0
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode = WAL")  # persistent: recorded in the file
            # A script is not retried statement by statement: SQLite's own wait covers it.
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            conn.executescript(_SCHEMA)
            conn.execute("PRAGMA busy_timeout = 0")

    # ------------------------------------------------------------ SessionStore

    def load(self, key: SessionKey, now: float) -> StoredSession | None:
        with self._connection() as conn:
            rows = conn.execute(_LOAD, (*_key_params(key), now)).fetchall()
        if not rows:
            return None
        data, version, expires_at = rows[0]
        # Written by strict_json, so plain JSON: orjson reads it exactly, at a third of the cost.
        return StoredSession(orjson.loads(data), version, expires_at)

    def save(
        self,
        key: SessionKey,
        data: dict[str, Any],
        *,
        expected_version: int,
        now: float,
        ttl_seconds: float,
    ) -> int:
        document = strict_json.dumps(data).decode()  # strict: never stores what it cannot send
        expires_at = now + ttl_seconds
        params = _key_params(key)
        with self._connection() as conn:
            if expected_version == 0:
                cursor = conn.execute(_INSERT, (*params, document, expires_at, now))
            else:
                cursor = conn.execute(
                    _UPDATE, (document, expires_at, *params, expected_version, now)
                )
            if cursor.rowcount != 1:
                # Only for the message: the refusal itself was decided atomically above.
                rows = conn.execute(_VERSION, (*params, now)).fetchall()
                current = rows[0][0] if rows else 0
                raise SessionConflict(
                    f"session {key.session_id} is at version {current}, not {expected_version}"
                )
            self._count_write(conn, now)
        return expected_version + 1

    def delete(self, key: SessionKey, now: float | None = None) -> bool:
        with self._connection() as conn:
            if now is None:
                cursor = conn.execute(_DELETE, _key_params(key))
            else:
                # An expired row is left for the purge: it already counts as absent.
                cursor = conn.execute(_DELETE_LIVE, (*_key_params(key), now))
            return cursor.rowcount == 1

    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        with self._connection() as conn:
            cursor = conn.execute(_REMEMBER, (namespace, record_id, now + ttl_seconds, now))
            remembered = cursor.rowcount == 1
            if remembered:
                self._count_write(conn, now)
        return remembered

    def forget(self, namespace: str, record_id: str) -> bool:
        with self._connection() as conn:
            return conn.execute(_FORGET, (namespace, record_id)).rowcount == 1

    def record_missed(
        self, entry: MissedUtterance, *, max_count: int, max_age_seconds: float
    ) -> None:
        text = strict_json.dumps(entry.to_json()).decode()
        with self._connection() as conn:
            conn.execute(_MISSED_ADD, (entry.bot_id, entry.at, text))
            conn.execute(_MISSED_AGED, (entry.bot_id, entry.at - max_age_seconds))
            conn.execute(_MISSED_OVER, (entry.bot_id, max(0, max_count)))

    def missed_utterances(
        self, bot_id: str, *, since: float, now: float, max_age_seconds: float
    ) -> list[MissedUtterance]:
        with self._connection() as conn:
            rows = conn.execute(_MISSED_LIST, (bot_id, since, now - max_age_seconds)).fetchall()
        return [MissedUtterance.from_json(json.loads(row[0])) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()  # connections in use are closed when they come back

    # ------------------------------------------------------------ housekeeping

    def purge_expired(self, now: float, limit: int | None = None) -> int:
        """Delete up to `limit` expired rows from each table; return how many went."""
        batch = self._purge_batch if limit is None else limit
        with self._connection() as conn:
            return self._purge(conn, now, batch)

    def _count_write(self, conn: sqlite3.Connection, now: float) -> None:
        with self._lock:
            self._writes += 1
            due = self._writes % self._purge_every == 0
        if due:
            self._purge(conn, now, self._purge_batch)

    @staticmethod
    def _purge(conn: sqlite3.Connection, now: float, limit: int) -> int:
        removed = 0
        for table in ("sessions", "records"):
            removed += conn.execute(_PURGE.format(table=table), (now, limit)).rowcount
        return removed

    # ------------------------------------------------------------ connections

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the session store {self.path} is closed")
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        finally:
            with self._lock:
                closed = self._closed
                if not closed:
                    self._idle.append(conn)
            if closed:
                conn.close()

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: autocommit, so no implicit transaction is ever left open.
        # check_same_thread=False: the pool hands a connection to whichever thread is next.
        # factory: the connection waits for a lock itself (`_PatientConnection`), so SQLite's
        # own busy handler is off.
        conn = sqlite3.connect(
            self.path,
            timeout=0,
            isolation_level=None,
            check_same_thread=False,
            factory=_PatientConnection,
        )
        conn.execute("PRAGMA busy_timeout = 0")
        # With WAL, NORMAL syncs at checkpoints only: a power cut may lose the last turns,
        # never corrupt the file.
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn
