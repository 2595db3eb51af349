"""Sending through the Send API: long texts split, temporary failures retried with backoff,
refusals logged and not retried, and the Page token kept out of every log line."""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Iterator
from typing import Any

import pytest

from bot.project.loader import BotProject
from bot.project.messages import TextValue
from bot.runtime import BotRuntime
from bot.sessions import MemorySessionStore
from channels.settings import ChannelSettings
from tests.api.conftest import FakeClock
from tests.channels.facebook.conftest import PAGE_TOKEN, Messenger, facebook_app, texts
from tests.channels.facebook.fake_graph import FakeGraph
from tests.channels.facebook.payloads import text_message
from tests.serving import serving_app

GREETINGS = ("Hi! I can register you", "Hello! Want to sign up")


def with_greeting(project: BotProject, text: str) -> BotProject:
    """The example bot answering hello with `text`. Bot files cap a message at 1,000 characters,
    but slot values can lengthen one past Messenger's 2,000: stand that in, in memory."""
    intent = project.intents["Greeting"]
    closing = intent.intentClosingSetting
    assert closing is not None and closing.closingResponse is not None
    group = closing.closingResponse.messageGroupsList[0]
    message = group.message.model_copy(
        update={"plainTextMessage": TextValue.model_construct(value=text)}
    )
    response = closing.closingResponse.model_copy(
        update={
            "messageGroupsList": [group.model_copy(update={"message": message, "variations": []})]
        }
    )
    intent = intent.model_copy(
        update={"intentClosingSetting": closing.model_copy(update={"closingResponse": response})}
    )
    return dataclasses.replace(project, intents={**project.intents, "Greeting": intent})


LONG_ANSWER = " ".join(f"Talk {n:03d}: serverless at scale, lessons learned." for n in range(90))


@pytest.fixture(scope="module")
def long_talker(
    trained_bot: Any, settings: ChannelSettings, graph: tuple[FakeGraph, str]
) -> Iterator[Messenger]:
    project, nlu, _ = trained_bot
    runtime = BotRuntime(
        with_greeting(project, LONG_ANSWER),
        nlu,
        MemorySessionStore(),
        clock=FakeClock(),
        rng=random.Random(0),
    )
    with serving_app(facebook_app(runtime, settings)) as url:
        yield Messenger(url, graph[0], runtime)


def test_a_long_text_is_split_at_2000_characters(long_talker: Messenger, psid: str) -> None:
    assert len(LONG_ANSWER) > 4000
    parts = texts(long_talker.turn(psid, text_message(psid, "hello"), replies=3))
    assert all(part is not None and len(part) <= 2000 for part in parts)
    assert len(parts[0] or "") > 1900  # full pieces, cut at a space
    assert " ".join(p or "" for p in parts) == LONG_ANSWER


def test_a_failing_send_is_retried_and_delivered_once(
    messenger: Messenger, psid: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    messenger.graph.fail_next_sends(psid, 2)  # 500 twice, then fine
    (greeting,) = messenger.turn(psid, text_message(psid, "hello"), replies=1)
    assert greeting["text"].startswith(GREETINGS)
    attempts = [c for c in messenger.graph.calls_to(psid) if "message" in c.body]
    assert [c.status for c in attempts] == [500, 500, 200]
    assert all(c.token == PAGE_TOKEN for c in attempts)  # the token is used …
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sum("Service temporarily unavailable" in w for w in warnings) == 2  # Meta's error
    assert "HTTP Request: POST" in caplog.text  # … httpx logged each call …
    assert PAGE_TOKEN not in caplog.text  # … but never the token


def test_a_refused_send_is_logged_and_not_retried(
    messenger: Messenger, psid: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    messenger.graph.fail_next_sends(
        psid, 1, status=400, code=551, message="This person isn't available right now."
    )
    messenger.deliver(text_message(psid, "hello"))
    (later,) = messenger.turn(psid, text_message(psid, "hello"), replies=1)
    assert later["text"].startswith(GREETINGS)
    attempts = [c.status for c in messenger.graph.calls_to(psid) if "message" in c.body]
    assert attempts == [400, 200]  # the refusal was not retried
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("isn't available right now" in e and "code 551" in e for e in errors)
    assert PAGE_TOKEN not in caplog.text
