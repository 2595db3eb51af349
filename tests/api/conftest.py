"""A real server for API tests: uvicorn in this process on a free loopback port, serving the
trained example bot with an injected clock, reached with the real boto3 clients."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from fastapi import FastAPI

from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.server import create_app
from tests.serving import serving_app

START = 1_795_000_000.0  # a fixed "now" (2026-11-18)


class FakeClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@contextmanager
def serving(runtime: BotRuntime, app: FastAPI | None = None) -> Iterator[str]:
    """Serve `app` (by default the runtime's Lex app) on a free loopback port."""
    with serving_app(app or create_app(runtime)) as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def aws_environment() -> Iterator[None]:
    """Dummy credentials and region: a fresh machine has no ~/.aws."""
    mp = pytest.MonkeyPatch()
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        mp.setenv(name, value)
    yield
    mp.undo()


@pytest.fixture(scope="session")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def bot_root(trained_bot) -> Path:
    return trained_bot[2]


@pytest.fixture(scope="session")
def runtime(
    bot_root: Path, clock: FakeClock, tmp_path_factory: pytest.TempPathFactory
) -> BotRuntime:
    store = tmp_path_factory.mktemp("sessions") / "sessions.sqlite"
    # The bare dialog: code hooks have their own tests (tests/hooks).
    return build_runtime(
        bot_root,
        store_url=f"sqlite:///{store}",
        clock=clock,
        rng=random.Random(0),
        code_hooks=False,
    )


@pytest.fixture(scope="session")
def base_url(runtime: BotRuntime) -> Iterator[str]:
    with serving(runtime) as url:
        yield url


def _client(name: str, url: str):
    return boto3.client(name, endpoint_url=url, config=Config(retries={"max_attempts": 1}))


@pytest.fixture(scope="session")
def lex(base_url: str):
    return _client("lexv2-runtime", base_url)


@pytest.fixture(scope="session")
def lex_v1(base_url: str):
    return _client("lex-runtime", base_url)


@pytest.fixture(scope="session")
def ids(runtime: BotRuntime) -> dict[str, str]:
    return {"botId": runtime.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}


@pytest.fixture
def session_id() -> Callable[[], str]:
    counter = iter(range(1_000_000))
    return lambda: f"s-{time.monotonic_ns()}-{next(counter)}"
