"""Messenger while the Redis session store goes away for real (the redis-server this test started
is killed): a batch is acknowledged with 200 and answered in order once Redis is back; a batch
the backlog has no room for is refused whole with a 503, and answered when Meta delivers it
again."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.server import create_app
from bot.sessions import open_store
from channels.core import StoreRetryPolicy
from channels.facebook import routes
from channels.settings import ChannelSettings
from tests.api.conftest import FakeClock
from tests.channels.facebook.conftest import FAST_RETRIES, Messenger, texts
from tests.channels.facebook.fake_graph import FakeGraph
from tests.channels.facebook.payloads import page_event, text_message
from tests.redis_servers import RedisServer
from tests.serving import serving_app

Bot = tuple[BotProject, NLUEngine, Path]
DEADLINE = 30.0  # generous: nothing here is judged by how long it took
EVENT_DATE_PROMPTS = {
    "When would you like to attend PyCon?",
    "Which day would you like to go to PyCon?",
    "What date works for you?",
}
NAME_PROMPTS = {
    "What's your first name?",
    "Who should I put on the badge?",
    "What name should I register you under?",
}


@contextmanager
def messenger_over_redis(
    bot: Bot, settings: ChannelSettings, graph: FakeGraph, places: int
) -> Iterator[tuple[Messenger, RedisServer]]:
    project, nlu, _ = bot
    policy = StoreRetryPolicy(retries=1000, first_delay=0.01, max_delay=0.1, places=places)
    with RedisServer() as server:
        store = open_store(f"{server.url}?socket_timeout=1&socket_connect_timeout=1")
        runtime = BotRuntime(project, nlu, store, clock=FakeClock(), rng=random.Random(0))
        app = create_app(runtime)
        app.include_router(routes(runtime, settings, retry=FAST_RETRIES, store_retry=policy))
        try:
            with serving_app(app) as url:
                yield Messenger(url, graph, runtime), server
        finally:
            store.close()


def test_a_batch_while_redis_is_down_is_acknowledged_and_answered_in_order_once_it_is_back(
    trained_bot: Bot,
    settings: ChannelSettings,
    graph: tuple[FakeGraph, str],
    psid: str,
) -> None:
    with messenger_over_redis(trained_bot, settings, graph[0], places=8) as (fb, redis_server):
        redis_server.stop()

        fb.deliver(text_message(psid, "register me for PyCon"), text_message(psid, "tomorrow"))
        assert fb.graph.sends(psid) == []  # no turn can be taken without the store

        redis_server.start()  # the same port, empty

        date_prompt, name_prompt = texts(fb.graph.wait_for_sends(psid, 2, timeout=DEADLINE))
        assert date_prompt in EVENT_DATE_PROMPTS
        assert name_prompt in NAME_PROMPTS


def test_a_batch_the_backlog_has_no_room_for_is_refused_whole_and_answered_when_sent_again(
    trained_bot: Bot,
    settings: ChannelSettings,
    graph: tuple[FakeGraph, str],
    psid: str,
) -> None:
    with messenger_over_redis(trained_bot, settings, graph[0], places=1) as (fb, redis_server):
        redis_server.stop()
        batch = page_event(
            text_message(psid, "register me for PyCon"), text_message(psid, "tomorrow")
        )
        assert fb.post(batch).status_code == 503

        redis_server.start()

        # Meta delivers the batch again: nothing of it was recorded, so all of it is answered.
        deadline = time.monotonic() + DEADLINE
        while (answer := fb.post(batch)).status_code != 200:
            assert answer.status_code == 503 and time.monotonic() < deadline
            time.sleep(0.02)
        date_prompt, name_prompt = texts(fb.graph.wait_for_sends(psid, 2, timeout=DEADLINE))
        assert date_prompt in EVENT_DATE_PROMPTS
        assert name_prompt in NAME_PROMPTS
