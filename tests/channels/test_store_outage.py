"""A channel delivery that arrives while the session store cannot be reached: the duplicate check
itself is `ServiceUnavailable`; a platform acknowledged before the turn (Slack, Messenger) has
the delivery wait in the bridge's backlog, bounded in places and retries; the synchronous REST
webhook answers 503, never a server error with a traceback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from bot.errors import ServiceUnavailable
from bot.nlu.engine import NLUEngine
from bot.observability.metrics import REGISTRY
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.server import create_app
from bot.sessions import open_store
from channels import mount
from channels.core import ChannelBridge, StoreRetryPolicy
from channels.settings import ChannelSettings
from tests.serving import serving_app

Bot = tuple[BotProject, NLUEngine, Path]
# Nothing listens on the discard port: a real connection failure, not a stand-in.
UNREACHABLE = "redis://127.0.0.1:9/0"


def unreachable(bot: Bot) -> BotRuntime:
    project, nlu, _ = bot
    return BotRuntime(project, nlu, open_store(UNREACHABLE))


def given_up() -> float:
    labels = {"channel": "slack", "outcome": "given_up"}
    return REGISTRY.get_sample_value("bot_channel_store_waits_total", labels) or 0.0


def test_a_delivery_while_the_store_is_down_is_service_unavailable(trained_bot: Bot) -> None:
    bridge = ChannelBridge(unreachable(trained_bot), "slack")
    with pytest.raises(ServiceUnavailable) as refused:
        bridge.first_delivery("Ev01")
    assert refused.value.status == 503


def test_a_delivery_while_the_store_is_down_waits_then_is_dropped_unanswered(
    trained_bot: Bot,
) -> None:
    policy = StoreRetryPolicy(retries=2, first_delay=0.01, max_delay=0.01, places=1)
    bridge = ChannelBridge(unreachable(trained_bot), "Slack", policy)
    answered: list[str] = []
    before = given_up()

    async def answer(delivery: str) -> None:
        answered.append(delivery)

    async def deliver() -> None:
        assert await bridge.admit(["Ev01"], str, answer) == []  # acknowledged, waiting
        with pytest.raises(ServiceUnavailable):  # no place left: the platform retries
            await bridge.admit(["Ev02"], str, answer)
        while given_up() == before:
            await asyncio.sleep(0.01)

    asyncio.run(asyncio.wait_for(deliver(), timeout=30))
    assert answered == []
    assert given_up() == before + 1


def test_the_rest_webhook_answers_503_while_the_store_is_down(trained_bot: Bot) -> None:
    runtime = unreachable(trained_bot)
    app = create_app(runtime)
    mount(app, runtime, ChannelSettings())
    with serving_app(app) as url:
        answer = httpx.post(
            f"{url}/webhooks/rest/webhook", json={"sender": "widget-1", "message": "hello"}
        )
    assert answer.status_code == 503
    assert answer.json() == {
        "error": "The session store is unavailable (Redis: cannot connect); try again later"
    }
