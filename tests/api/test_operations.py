"""The served app's operations: `/health` is truthful about the session store (503 with a reason
that names no file when a turn could not be saved), and while the app runs, expired sessions are
purged on a timer without any request, and turns share a bounded thread pool."""

from __future__ import annotations

import errno
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import anyio.to_thread
import httpx
import pytest

from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.server import create_app
from bot.sessions import MemorySessionStore, SessionStore, SqliteSessionStore
from bot.turn import SessionKey, TurnRequest
from tests.api.conftest import FakeClock
from tests.serving import serving_app
from tests.sessions.read_only import read_only_file

Bot = tuple[BotProject, NLUEngine, Path]


def runtime_over(trained_bot: Bot, store: SessionStore, clock: FakeClock) -> BotRuntime:
    project, nlu, _ = trained_bot
    return BotRuntime(project, nlu, store, clock=clock, rng=random.Random(0))


def session_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])


def health(runtime: BotRuntime) -> httpx.Response:
    with serving_app(create_app(runtime)) as url:
        return httpx.get(f"{url}/health")


class FullDisk(MemorySessionStore):
    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device", "/srv/private/sessions.sqlite")


# ---------------------------------------------------------------- /health


def test_health_is_ok_when_the_store_can_be_written(trained_bot: Bot, tmp_path: Path) -> None:
    store = SqliteSessionStore(tmp_path / "s.sqlite")
    answer = health(runtime_over(trained_bot, store, FakeClock()))
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert "reason" not in answer.json()
    store.close()


def test_health_is_503_on_a_read_only_sqlite_file(trained_bot: Bot, tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    SqliteSessionStore(path).close()
    with read_only_file(path):
        store = SqliteSessionStore(path)
        answer = health(runtime_over(trained_bot, store, FakeClock()))
        store.close()
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "unavailable"
    assert body["reason"] == (
        "the session store cannot be written: SQLite: attempt to write a readonly database"
    )
    assert str(tmp_path) not in answer.text


def test_health_is_503_on_a_full_disk_and_names_no_file(trained_bot: Bot) -> None:
    answer = health(runtime_over(trained_bot, FullDisk(), FakeClock()))
    assert answer.status_code == 503
    assert answer.json()["reason"] == "the session store cannot be written: No space left on device"
    assert "/srv/private" not in answer.text


# ---------------------------------------------------------------- while the app runs


@pytest.fixture
def quick_purges(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BOT_PURGE_INTERVAL_SECONDS", "0.02")
    monkeypatch.setenv("BOT_TURN_THREADS", "7")
    yield


def test_an_expired_session_leaves_the_file_without_any_request(
    trained_bot: Bot, tmp_path: Path, quick_purges: None
) -> None:
    path = tmp_path / "s.sqlite"
    store = SqliteSessionStore(path)
    clock = FakeClock()
    runtime = runtime_over(trained_bot, store, clock)
    key = SessionKey(runtime.identity.bot_id, "TSTALIASID", "en_US", "idle-user")
    runtime.recognize(TurnRequest(key, "register me for PyCon"))
    ttl = runtime.project.config.idleSessionTTLInSeconds

    app = create_app(runtime)

    async def serve_without_requests() -> None:
        async with app.router.lifespan_context(app):  # what uvicorn runs at start and stop
            await anyio.sleep(0.1)
            assert session_rows(path) == 1  # still live: kept
            clock.advance(ttl + 1)
            deadline = time.monotonic() + 5
            while session_rows(path) and time.monotonic() < deadline:
                await anyio.sleep(0.01)

    anyio.run(serve_without_requests)
    assert session_rows(path) == 0
    store.close()


def test_turns_share_a_thread_pool_of_bot_turn_threads(
    trained_bot: Bot, quick_purges: None
) -> None:
    app = create_app(runtime_over(trained_bot, MemorySessionStore(), FakeClock()))

    async def tokens_while_serving() -> float:
        async with app.router.lifespan_context(app):
            return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert anyio.run(tokens_while_serving) == 7
