"""Fixtures for the REST webhook tests: the trained example bot (with its code hook) served on a
loopback port twice, open as Rasa's channel is by default, and guarded by a bearer token."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.server import create_app
from channels.rest import routes
from channels.settings import ChannelSettings
from tests.api.conftest import FakeClock
from tests.serving import serving_app

WIDGET_ORIGIN = "https://chat.example.com"
TOKEN = "rest-token-7c1d9a"


@pytest.fixture(scope="session")
def rest_runtime(trained_bot: Any, tmp_path_factory: pytest.TempPathFactory) -> BotRuntime:
    store = tmp_path_factory.mktemp("rest") / "sessions.sqlite"
    return build_runtime(
        trained_bot[2],
        store_url=f"sqlite:///{store}",
        clock=FakeClock(),
        rng=random.Random(0),
        code_hooks=True,
    )


def _serve(runtime: BotRuntime, settings: ChannelSettings) -> Any:
    app = create_app(runtime)
    app.include_router(routes(runtime, settings))
    return serving_app(app)


@pytest.fixture(scope="session")
def open_url(rest_runtime: BotRuntime) -> Iterator[str]:
    """The webhook open to anyone, answering CORS for the widget's origin only."""
    with _serve(rest_runtime, ChannelSettings(rest_cors_origins=[WIDGET_ORIGIN])) as url:
        yield url


@pytest.fixture(scope="session")
def guarded_url(rest_runtime: BotRuntime) -> Iterator[str]:
    settings = ChannelSettings(rest_webhook_token=TOKEN, rest_cors_origins=[WIDGET_ORIGIN])
    with _serve(rest_runtime, settings) as url:
        yield url
