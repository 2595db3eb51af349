"""What only the SQLite store promises: a file that survives restarts, is shared safely by
several processes, and does not grow forever."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.sessions import SqliteSessionStore
from bot.turn import SessionKey
from tests.sessions import workers

NOW = 1_000_000.0
TTL = 300.0
KEY = SessionKey("BOT1234567", "TSTALIASID", "en_US", "session-1")
PROCESS_TIMEOUT = 30.0


def count_rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def run_two_processes(target: Callable[..., None], path: Path, n: int) -> list[Any]:
    """Run `target` in two spawned processes released together; return what each put back."""
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=target, args=(path, n, start, results)) for _ in range(2)]
    for proc in procs:
        proc.start()
    try:
        # Read before joining: a child cannot exit while its result is still in the pipe.
        outcomes = [results.get(timeout=PROCESS_TIMEOUT) for _ in procs]
    finally:
        for proc in procs:
            proc.join(PROCESS_TIMEOUT)
    assert [proc.exitcode for proc in procs] == [0, 0]
    return outcomes


def test_data_survives_closing_and_reopening_the_store(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    first = SqliteSessionStore(path)
    first.save(KEY, {"intent": "OrderFlowers"}, expected_version=0, now=NOW, ttl_seconds=TTL)
    first.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL)
    first.close()

    second = SqliteSessionStore(path)
    stored = second.load(KEY, NOW)
    assert stored is not None and (stored.data, stored.version) == ({"intent": "OrderFlowers"}, 1)
    assert second.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL) is False
    second.close()


def test_the_file_is_in_wal_journal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    SqliteSessionStore(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchall() == [("wal",)]


def test_the_parent_folder_is_created(tmp_path: Path) -> None:
    store = SqliteSessionStore(tmp_path / "new" / "folder" / "sessions.sqlite")
    assert store.save(KEY, {}, expected_version=0, now=NOW, ttl_seconds=TTL) == 1
    store.close()


def test_an_open_reader_does_not_block_saves(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    store = SqliteSessionStore(path)
    store.save(KEY, {"turn": 1}, expected_version=0, now=NOW, ttl_seconds=TTL)
    reader = sqlite3.connect(path, isolation_level=None, timeout=0)
    reader.execute("BEGIN")
    assert reader.execute("SELECT version FROM sessions").fetchall() == [(1,)]
    # WAL: the writer goes ahead and the reader keeps its snapshot until it ends.
    assert store.save(KEY, {"turn": 2}, expected_version=1, now=NOW, ttl_seconds=TTL) == 2
    assert reader.execute("SELECT version FROM sessions").fetchall() == [(1,)]
    reader.execute("COMMIT")
    reader.close()
    store.close()


def test_saves_purge_expired_rows_every_n_writes(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    store = SqliteSessionStore(path, purge_every=4)
    store.save(KEY, {"old": True}, expected_version=0, now=NOW, ttl_seconds=TTL)
    store.remember("slack", "old", now=NOW, ttl_seconds=TTL)
    later = NOW + TTL + 1
    store.save(SessionKey("b", "a", "l", "s2"), {}, expected_version=0, now=later, ttl_seconds=TTL)
    assert (count_rows(path, "sessions"), count_rows(path, "records")) == (2, 1)
    store.remember("slack", "new", now=later, ttl_seconds=TTL)  # the fourth write
    assert (count_rows(path, "sessions"), count_rows(path, "records")) == (1, 1)
    store.close()


def test_a_purge_removes_at_most_its_limit_per_table(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    store = SqliteSessionStore(path)
    for i in range(5):
        key = SessionKey("b", "a", "l", f"s{i}")
        store.save(key, {}, expected_version=0, now=NOW, ttl_seconds=TTL)
    assert store.purge_expired(NOW + TTL, limit=3) == 3
    assert count_rows(path, "sessions") == 2
    store.close()


def test_a_closed_store_refuses_to_be_used(tmp_path: Path) -> None:
    store = SqliteSessionStore(tmp_path / "sessions.sqlite")
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        store.load(KEY, NOW)


def test_two_processes_incrementing_one_session_lose_no_update(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    SqliteSessionStore(path).close()  # create the file and schema before the race
    n = 150
    outcomes = run_two_processes(workers.increment_in_process, path, n)
    successful_saves = sum(saves for saves, _conflicts in outcomes)
    store = SqliteSessionStore(path)
    stored = store.load(workers.KEY, workers.NOW)
    store.close()
    assert stored is not None
    assert stored.data["count"] == successful_saves == 2 * n
    assert stored.version == 2 * n


def test_two_processes_remember_each_id_exactly_once(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    SqliteSessionStore(path).close()
    n = 300
    first, second = run_two_processes(workers.remember_in_process, path, n)
    assert set(first).isdisjoint(second)
    assert sorted(first + second) == list(range(n))
