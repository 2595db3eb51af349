"""What the two-process Redis tests run in each spawned child (imports only `bot.sessions`)."""

from __future__ import annotations

from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

from bot.sessions import SessionConflict, open_store
from tests.sessions import workers


def save_over_version_1(url: str, writer: int, start: Barrier, results: Queue) -> None:
    """Load the session (at version 1), wait for the other process, then save over it."""
    store = open_store(url)
    stored = store.load(workers.KEY, workers.NOW)
    assert stored is not None and stored.version == 1
    start.wait()
    try:
        version = store.save(
            workers.KEY,
            {"writer": writer},
            expected_version=stored.version,
            now=workers.NOW,
            ttl_seconds=workers.TTL,
        )
        results.put(("saved", writer, version))
    except SessionConflict:
        results.put(("conflict", writer, None))
    store.close()


def increment(url: str, times: int, start: Barrier, results: Queue) -> None:
    store = open_store(url)
    start.wait()
    conflicts = sum(workers.increment(store) for _ in range(times))
    results.put((times, conflicts))
    store.close()
