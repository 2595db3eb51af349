"""Slack while the Redis session store goes away for real (the redis-server these tests started
is killed): events are still acknowledged with 200 and answered, in order, once Redis is back on
the same port, without a restart; beyond the backlog's places Slack gets a 503 and retries; a
delivery whose store never comes back is dropped, logged and counted, and nothing is sent."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.errors import NotFound
from bot.nlu.engine import NLUEngine
from bot.observability.metrics import REGISTRY
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.server import create_app
from bot.sessions import open_store
from bot.turn import SessionKey
from channels.core import StoreRetryPolicy, session_id_for
from channels.settings import ChannelSettings
from channels.slack import RetryPolicy, routes
from tests.api.conftest import FakeClock
from tests.channels.slack.conftest import BOT_TOKEN, SIGNING_SECRET, TEAM, SlackApp, SlackUser
from tests.channels.slack.fake_slack import FakeSlack
from tests.channels.slack.test_conversation import EVENT_DATE_PROMPTS
from tests.redis_servers import RedisServer
from tests.serving import serving_app

Bot = tuple[BotProject, NLUEngine, Path]
DEADLINE = 30.0  # generous: nothing here is judged by how long it took
# Waits far longer than the test needs for Redis to come back, in short pauses.
PATIENT = StoreRetryPolicy(retries=1000, first_delay=0.01, max_delay=0.1)
NAME_PROMPTS = {
    "What's your first name?",
    "Who should I put on the badge?",
    "What name should I register you under?",
}


@contextmanager
def slack_over_redis(bot: Bot, policy: StoreRetryPolicy) -> Iterator[tuple[SlackUser, RedisServer]]:
    """The example bot's app with the Slack routes, its sessions in a redis-server of its own,
    replying to a fake Slack; a user in a DM with it."""
    project, nlu, _ = bot
    clock = FakeClock()
    fake = FakeSlack()
    with RedisServer() as server, ExitStack() as stack:
        settings = ChannelSettings(
            slack_signing_secret=SecretStr(SIGNING_SECRET),
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_api_url=f"{stack.enter_context(serving_app(fake.app()))}/api/",
        )
        store = open_store(f"{server.url}?socket_timeout=1&socket_connect_timeout=1")
        stack.callback(store.close)
        runtime = BotRuntime(project, nlu, store, clock=clock, rng=random.Random(0))
        app = create_app(runtime)
        sends = RetryPolicy(attempts=4, first_delay=0.01)
        app.include_router(routes(runtime, settings, retry=sends, store_retry=policy))
        url = stack.enter_context(serving_app(app))
        user = SlackUser(SlackApp([url], [runtime], fake, clock), "U0OUTAGE1", "D0OUTAGE1")
        stack.callback(user.http.close)
        yield user, server


def store_waits(outcome: str) -> float:
    labels = {"channel": "slack", "outcome": outcome}
    return REGISTRY.get_sample_value("bot_channel_store_waits_total", labels) or 0.0


def store_errors(operation: str) -> float:
    labels = {"operation": operation}
    return REGISTRY.get_sample_value("bot_session_store_errors_total", labels) or 0.0


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_messages_while_redis_is_down_are_acknowledged_and_answered_in_order_once_it_is_back(
    trained_bot: Bot,
) -> None:
    with slack_over_redis(trained_bot, PATIENT) as (user, redis_server):
        redis_server.stop()

        for text in ("register me for PyCon", "tomorrow"):
            assert user.send_event(user.message_event(text)).status_code == 200
        assert user.posts() == []  # no turn can be taken without the store

        redis_server.start()  # the same port, empty

        date_prompt, name_prompt = user.app.slack.wait_for(
            user.channel, 2, "chat.postMessage", timeout=DEADLINE
        )
        assert date_prompt.text in EVENT_DATE_PROMPTS
        assert name_prompt.text in NAME_PROMPTS  # the second turn went on from the first
        (email_prompt,) = user.say("Maria")  # and the service is back for good
        assert "Maria" in email_prompt.text


def test_a_click_while_redis_is_down_is_answered_once_it_is_back(trained_bot: Bot) -> None:
    with slack_over_redis(trained_bot, PATIENT) as (user, redis_server):
        _, card = user.say("I want to register", count=2)
        redis_server.stop()

        assert user.send_click(user.click_payload(card, "PyCon")).status_code == 200
        redis_server.start()

        # Redis came back empty (it keeps nothing on disk): the click is answered, and shown.
        (update,) = user.app.slack.wait_for(user.channel, 1, "chat.update", timeout=DEADLINE)
        assert update.blocks[1]["elements"][0]["text"] == "You chose: *PyCon*"
        user.app.slack.wait_for(user.channel, 3, "chat.postMessage", timeout=DEADLINE)


def test_a_turn_whose_store_fails_after_its_delivery_was_recorded_waits_for_it(
    trained_bot: Bot,
) -> None:
    with slack_over_redis(trained_bot, PATIENT) as (user, redis_server):
        runtime = user.app.runtimes[0]
        key = runtime.channel_key(session_id_for("slack", TEAM, user.channel, user.user))
        recovered_before = store_waits("recovered")
        user.app.slack.hold()  # the first reply is held at Slack, and with it the session's turn
        assert user.send_event(user.message_event("register me for PyCon")).status_code == 200
        wait_until(lambda: saved(runtime, key))
        # Recorded while Redis answers; its turn waits behind the first one's reply.
        assert user.send_event(user.message_event("register me for PyCon")).status_code == 200

        redis_server.stop()
        failed_loads = store_errors("load")
        user.app.slack.release()
        wait_until(lambda: store_errors("load") > failed_loads)  # the second turn met the outage
        redis_server.start()  # empty: the second turn starts the conversation again

        first, second = user.app.slack.wait_for(
            user.channel, 2, "chat.postMessage", timeout=DEADLINE
        )
        assert first.text in EVENT_DATE_PROMPTS and second.text in EVENT_DATE_PROMPTS
        assert store_waits("recovered") == recovered_before + 1


def saved(runtime: BotRuntime, key: SessionKey) -> bool:
    try:
        runtime.get_session(key)
    except NotFound:
        return False
    return True


def test_beyond_the_backlog_slack_gets_503_and_its_retry_is_answered(trained_bot: Bot) -> None:
    with slack_over_redis(trained_bot, replace(PATIENT, places=1)) as (user, redis_server):
        redis_server.stop()
        refused_before = store_waits("refused")

        first = user.message_event("register me for PyCon")
        second = user.message_event("tomorrow")
        assert user.send_event(first).status_code == 200
        refused = user.send_event(second)
        assert refused.status_code == 503
        assert store_waits("refused") == refused_before + 1

        redis_server.start()

        (date_prompt,) = user.posts_after(0, 1)
        assert date_prompt.text in EVENT_DATE_PROMPTS
        # Slack delivers the refused event again; once the place is free it is answered.
        for retry_num in range(1, 1000):
            answer = user.send_event(second, retry_num=retry_num)
            if answer.status_code == 200:
                break
            assert answer.status_code == 503
            time.sleep(0.02)
        (name_prompt,) = user.posts_after(1, 1)
        assert name_prompt.text in NAME_PROMPTS


def test_a_delivery_whose_store_never_returns_is_dropped_logged_and_counted(
    trained_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="channels")
    hasty = StoreRetryPolicy(retries=3, first_delay=0.01, max_delay=0.02)
    with slack_over_redis(trained_bot, hasty) as (user, redis_server):
        redis_server.stop()
        given_up_before = store_waits("given_up")

        event = user.message_event("my secret word is swordfish")
        assert user.send_event(event).status_code == 200
        wait_until(lambda: store_waits("given_up") == given_up_before + 1)

        assert user.app.slack.attempts(user.channel) == []
        dropped = [r for r in caplog.records if "stayed unreachable" in r.getMessage()]
        assert [r.levelno for r in dropped] == [logging.ERROR]
        assert event["event_id"] in dropped[0].getMessage()
        logged = "\n".join(r.getMessage() for r in caplog.records)
        assert "swordfish" not in logged and BOT_TOKEN not in logged

        redis_server.start()
        (date_prompt,) = user.say("register me for PyCon")  # no restart needed
        assert date_prompt.text in EVENT_DATE_PROMPTS
        assert len(user.posts()) == 1
