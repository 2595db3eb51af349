"""Store upkeep: the write probe behind `/health` (through the store's own API, leaving nothing
behind, with a reason safe to show), bounded purges, and the timer that purges expired sessions
and delivery records while no traffic comes."""

from __future__ import annotations

import errno
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.sessions import (
    MemorySessionStore,
    SessionStore,
    SessionStoreUnavailable,
    SqliteSessionStore,
)
from bot.sessions.upkeep import HEALTH_NAMESPACE, PurgeTimer, write_problem
from bot.turn import SessionKey
from tests.api.conftest import FakeClock
from tests.sessions.read_only import read_only_file

NOW = 1_000_000.0
KEY = SessionKey("BOT1234567", "TSTALIASID", "en_US", "session-1")


def rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def wait_until(condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


# ---------------------------------------------------------------- the contract


def test_a_forgotten_record_can_be_remembered_again(store: SessionStore) -> None:
    assert store.remember("ns", "id-1", now=NOW, ttl_seconds=60)
    assert store.forget("ns", "id-1")
    assert not store.forget("ns", "id-1")
    assert store.remember("ns", "id-1", now=NOW, ttl_seconds=60)


def test_a_purge_removes_expired_entries_at_most_its_limit_of_each_kind(
    store: SessionStore,
) -> None:
    for n in range(5):
        key = SessionKey("BOT1234567", "TSTALIASID", "en_US", f"s-{n}")
        store.save(key, {"n": n}, expected_version=0, now=NOW, ttl_seconds=10)
        store.remember("ns", f"r-{n}", now=NOW, ttl_seconds=10)
    store.save(KEY, {"live": True}, expected_version=0, now=NOW + 5, ttl_seconds=100)

    if getattr(store, "expires_entries_itself", False):  # Redis drops keys at their TTL itself
        assert store.purge_expired(NOW + 11, limit=2) == 0
    else:
        assert store.purge_expired(NOW + 11, limit=2) == 4  # 2 sessions + 2 records
        assert store.purge_expired(NOW + 11) == 6
        assert store.purge_expired(NOW + 11) == 0
    assert store.load(SessionKey("BOT1234567", "TSTALIASID", "en_US", "s-0"), NOW + 11) is None
    assert store.load(KEY, NOW + 11) is not None


def test_a_writable_store_passes_the_probe(store: SessionStore) -> None:
    assert write_problem(store, NOW) is None
    assert write_problem(store, NOW) is None  # a fresh record each time, never "already seen"


def test_the_probe_leaves_no_record_behind(tmp_path: Path) -> None:
    store = SqliteSessionStore(tmp_path / "s.sqlite")
    assert write_problem(store, NOW) is None
    with sqlite3.connect(tmp_path / "s.sqlite") as conn:
        left = conn.execute("SELECT count(*) FROM records WHERE namespace = ?", (HEALTH_NAMESPACE,))
        assert left.fetchone()[0] == 0
    store.close()


# ---------------------------------------------------------------- stores that cannot be written


def test_a_read_only_sqlite_file_fails_the_probe(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    SqliteSessionStore(path).close()
    with read_only_file(path):
        store = SqliteSessionStore(path)
        assert store.load(KEY, NOW) is None  # reading still works …
        problem = write_problem(store, NOW)  # … writing does not
        store.close()
    assert (
        problem
        == "the session store cannot be written: SQLite: attempt to write a readonly database"
    )
    assert str(tmp_path) not in problem


class FullDisk(MemorySessionStore):
    """A store whose writes fail as a full disk makes them fail (the error names the file)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        raise self.error


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "/srv/private/sessions.sqlite"),
            "No space left on device",
        ),
        (sqlite3.OperationalError("database or disk is full"), "SQLite: database or disk is full"),
        (RuntimeError("the session store /srv/private/sessions.sqlite is closed"), "RuntimeError"),
        (SessionStoreUnavailable("Redis: cannot connect"), "Redis: cannot connect"),
    ],
    ids=["oserror", "sqlite", "other", "unavailable"],
)
def test_a_store_that_raises_fails_the_probe_with_a_reason_that_names_no_file(
    error: Exception, reason: str
) -> None:
    problem = write_problem(FullDisk(error), NOW)
    assert problem == f"the session store cannot be written: {reason}"
    assert "/srv/private" not in problem


# ---------------------------------------------------------------- the timer


def test_the_timer_purges_an_expired_session_from_the_file_without_any_request(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.sqlite"
    store = SqliteSessionStore(path)
    clock = FakeClock(NOW)
    store.save(KEY, {"email": "maria@example.com"}, expected_version=0, now=NOW, ttl_seconds=300)
    store.remember("Slack-delivery", "event:Ev1", now=NOW, ttl_seconds=3600)
    timer = PurgeTimer(lambda: store.purge_expired(clock(), limit=100), interval=0.01)
    timer.start()
    try:
        time.sleep(0.05)
        assert rows(path, "sessions") == 1  # not expired yet: kept
        clock.advance(301)
        wait_until(lambda: rows(path, "sessions") == 0)
        assert rows(path, "records") == 1  # the delivery record lives for an hour
        clock.advance(3600)
        wait_until(lambda: rows(path, "records") == 0)
    finally:
        timer.stop()
        store.close()


def test_the_timer_keeps_going_after_a_failed_purge() -> None:
    calls: list[int] = []
    twice = threading.Event()

    def purge() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        twice.set()
        return 0

    timer = PurgeTimer(purge, interval=0.01)
    timer.start()
    try:
        assert twice.wait(5)
    finally:
        timer.stop()


def test_a_stopped_timer_purges_no_more() -> None:
    calls: list[int] = []
    timer = PurgeTimer(lambda: calls.append(1) or 0, interval=0.01)
    timer.start()
    wait_until(lambda: len(calls) >= 1)
    timer.stop()
    count = len(calls)
    time.sleep(0.05)
    assert len(calls) == count
