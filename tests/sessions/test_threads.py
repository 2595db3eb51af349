"""Many threads on one store instance, as FastAPI worker threads use it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from bot.sessions import SessionStore
from bot.turn import SessionKey
from tests.sessions import workers

THREADS = 8
PER_THREAD = 40
T = TypeVar("T")


def run_threads(work: Callable[[int], T]) -> list[T]:
    """Run `work(i)` in THREADS threads released together; a failure in one is re-raised here."""
    start = threading.Barrier(THREADS)

    def run(i: int) -> T:
        start.wait()
        return work(i)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def user_key(i: int) -> SessionKey:
    return SessionKey("BOT1234567", "TSTALIASID", "en_US", f"user-{i}")


def test_eight_threads_incrementing_one_session_lose_no_update(store: SessionStore) -> None:
    run_threads(lambda _i: [workers.increment(store) for _ in range(PER_THREAD)])
    stored = store.load(workers.KEY, workers.NOW)
    assert stored is not None
    assert stored.data["count"] == stored.version == THREADS * PER_THREAD


def test_eight_threads_on_eight_sessions_never_conflict(store: SessionStore) -> None:
    conflicts = run_threads(
        lambda i: sum(workers.increment(store, user_key(i)) for _ in range(PER_THREAD))
    )
    assert conflicts == [0] * THREADS
    for i in range(THREADS):
        stored = store.load(user_key(i), workers.NOW)
        assert stored is not None and stored.data["count"] == PER_THREAD
