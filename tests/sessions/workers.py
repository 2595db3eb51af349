"""Read-modify-write loops run by the concurrency tests in threads and in child processes.

Kept apart from the test modules so a spawned process imports only this and `bot.sessions`.
"""

from __future__ import annotations

from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

from bot.sessions import SessionConflict, SessionStore, SqliteSessionStore
from bot.turn import SessionKey

NOW = 1_000_000.0
TTL = 3600.0
KEY = SessionKey("BOT1234567", "TSTALIASID", "en_US", "shared")


def increment(store: SessionStore, key: SessionKey = KEY) -> int:
    """Add one to the session's counter, retrying on conflict; return how many conflicts."""
    conflicts = 0
    while True:
        stored = store.load(key, NOW)
        count = stored.data["count"] if stored else 0
        version = stored.version if stored else 0
        try:
            store.save(
                key, {"count": count + 1}, expected_version=version, now=NOW, ttl_seconds=TTL
            )
            return conflicts
        except SessionConflict:
            conflicts += 1


def increment_in_process(path: Path, times: int, start: Barrier, results: Queue) -> None:
    store = SqliteSessionStore(path)
    start.wait()
    conflicts = sum(increment(store) for _ in range(times))
    results.put((times, conflicts))  # every loop ends with exactly one successful save
    store.close()


def remember_in_process(path: Path, ids: int, start: Barrier, results: Queue) -> None:
    store = SqliteSessionStore(path)
    start.wait()
    won = [i for i in range(ids) if store.remember("deliveries", str(i), now=NOW, ttl_seconds=TTL)]
    results.put(won)
    store.close()
