"""Fixtures for the Messenger tests: the trained example bot (with its code hook) served with the
Facebook routes on a loopback port, signed webhook calls, and a fake Graph API recording sends.

`messenger.turn(psid, event, replies=n)` posts one signed webhook event and returns the `n`
messages the bot sent that user in answer, polling the fake (never sleeping blindly).
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.app import build_runtime
from bot.nlu.types import SlotValue
from bot.runtime import BotRuntime
from bot.server import create_app
from bot.turn import SessionKey
from channels.core import CHANNEL_ALIAS, session_id_for
from channels.facebook import routes
from channels.facebook.send_api import RetryPolicy
from channels.facebook.webhook import PATH
from channels.settings import ChannelSettings
from tests.api.conftest import FakeClock
from tests.channels.facebook.fake_graph import FakeGraph
from tests.channels.facebook.payloads import APP_SECRET, PAGE_ID, encode, page_event, sign
from tests.serving import serving_app

PAGE_TOKEN = "EAAGtestPAGEtoken9f8e7d6c5b4a3"
VERIFY_TOKEN = "verify-me-2e7f"
FAST_RETRIES = RetryPolicy(attempts=4, first_delay=0.01)
SIGNED = "signed"  # `post(signature=SIGNED)`: the right signature for the body
_psids = itertools.count(1)


@dataclasses.dataclass
class Messenger:
    """Meta's side of the webhook, pointed at one served app."""

    url: str
    graph: FakeGraph
    runtime: BotRuntime

    def post(
        self, payload: dict[str, Any] | bytes, *, signature: str | None = SIGNED
    ) -> httpx.Response:
        raw = payload if isinstance(payload, bytes) else encode(payload)
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Hub-Signature-256"] = sign(raw) if signature == SIGNED else signature
        return httpx.post(self.url + PATH, content=raw, headers=headers)

    def deliver(self, *items: dict[str, Any]) -> None:
        answer = self.post(page_event(*items))
        assert answer.status_code == 200, answer.text

    def turn(self, psid: str, item: dict[str, Any], *, replies: int) -> list[dict[str, Any]]:
        before = len(self.graph.sends(psid))
        self.deliver(item)
        return self.graph.wait_for_sends(psid, before + replies)[before:]

    def slots(self, psid: str) -> dict[str, str | None]:
        ident = self.runtime.identity
        sid = session_id_for("fb", PAGE_ID, psid)
        key = SessionKey(ident.bot_id, CHANNEL_ALIAS, "en_US", sid)
        intent = self.runtime.get_session(key).session_state.intent
        assert intent is not None
        return {
            name: slot.interpreted_value if isinstance(slot, SlotValue) else None
            for name, slot in intent.slots.items()
        }


def texts(messages: list[dict[str, Any]]) -> list[str | None]:
    return [m.get("text") for m in messages]


def facebook_app(runtime: BotRuntime, settings: ChannelSettings) -> FastAPI:
    app = create_app(runtime)
    app.include_router(routes(runtime, settings, retry=FAST_RETRIES))
    return app


@pytest.fixture(scope="session")
def graph() -> Iterator[tuple[FakeGraph, str]]:
    fake = FakeGraph()
    with serving_app(fake.app) as url:
        yield fake, url


@pytest.fixture(scope="session")
def settings(graph: tuple[FakeGraph, str]) -> ChannelSettings:
    return ChannelSettings(
        facebook_app_secret=APP_SECRET,
        facebook_verify_token=VERIFY_TOKEN,
        facebook_page_access_token=PAGE_TOKEN,
        facebook_graph_url=graph[1],
        facebook_graph_version="v19.0",
    )


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('facebook') / 'sessions.sqlite'}"


def _worker(root: Path, store_url: str) -> BotRuntime:
    """One server process's runtime: the example bot with its own code hook, on `store_url`."""
    return build_runtime(
        root, store_url=store_url, clock=FakeClock(), rng=random.Random(0), code_hooks=True
    )


@pytest.fixture(scope="session")
def messenger(
    trained_bot: Any, store_url: str, settings: ChannelSettings, graph: tuple[FakeGraph, str]
) -> Iterator[Messenger]:
    runtime = _worker(trained_bot[2], store_url)
    with serving_app(facebook_app(runtime, settings)) as url:
        yield Messenger(url, graph[0], runtime)


@pytest.fixture(scope="session")
def second_worker(
    trained_bot: Any, store_url: str, settings: ChannelSettings, graph: tuple[FakeGraph, str]
) -> Iterator[Messenger]:
    """Another app instance (another worker) sharing the first one's SQLite session store."""
    runtime = _worker(trained_bot[2], store_url)
    with serving_app(facebook_app(runtime, settings)) as url:
        yield Messenger(url, graph[0], runtime)


@pytest.fixture
def psid() -> str:
    """A new Messenger user (page-scoped id) per test."""
    return f"2{next(_psids):015d}"
