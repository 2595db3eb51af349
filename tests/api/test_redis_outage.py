"""A served bot whose Redis goes away for real (the redis-server this test started is killed):
turns and `/health` answer 503 in Lex's shape, never a traceback, and the same server takes
turns again once Redis is back, without a restart."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.server import create_app
from bot.sessions import open_store
from tests.api.conftest import FakeClock
from tests.redis_servers import RedisServer
from tests.serving import serving_app

Bot = tuple[BotProject, NLUEngine, Path]
UNAVAILABLE = "The session store is unavailable (Redis: cannot connect); try again later"


@pytest.fixture
def served(trained_bot: Bot) -> Iterator[tuple[RedisServer, BotRuntime, str]]:
    """The example bot served over a Redis store on a redis-server of its own."""
    project, nlu, _ = trained_bot
    with RedisServer() as server:
        store = open_store(f"{server.url}?socket_timeout=1&socket_connect_timeout=1")
        runtime = BotRuntime(project, nlu, store, clock=FakeClock(), rng=random.Random(0))
        with serving_app(create_app(runtime)) as url:
            yield server, runtime, url
        store.close()


def clients(url: str) -> tuple[object, object]:
    once = Config(retries={"max_attempts": 1})  # boto3 would retry a 503 by itself
    return (
        boto3.client("lexv2-runtime", endpoint_url=url, config=once),
        boto3.client("lex-runtime", endpoint_url=url, config=once),
    )


def test_a_redis_outage_answers_503_and_turns_work_again_once_it_is_back(
    served: tuple[RedisServer, BotRuntime, str],
) -> None:
    server, runtime, url = served
    lex, lex_v1 = clients(url)
    ids = {"botId": runtime.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}

    def turn(session: str, text: str) -> dict:
        return lex.recognize_text(**ids, sessionId=session, text=text)  # type: ignore[attr-defined]

    assert turn("before", "register me for PyCon")["sessionState"]["dialogAction"]["type"] == (
        "ElicitSlot"
    )
    assert httpx.get(f"{url}/health").status_code == 200

    server.stop()

    with pytest.raises(ClientError) as v2:
        turn("before", "tomorrow")
    assert v2.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert v2.value.response["Error"] == {"Code": "InternalServerException", "Message": UNAVAILABLE}
    with pytest.raises(ClientError) as v1:
        lex_v1.post_text(  # type: ignore[attr-defined]
            botName=runtime.identity.name, botAlias="TSTALIASID", userId="v1-user", inputText="hi"
        )
    assert v1.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert v1.value.response["Error"]["Code"] == "InternalFailureException"
    health = httpx.get(f"{url}/health")
    assert health.status_code == 503
    assert health.json()["reason"] == "the session store cannot be written: Redis: cannot connect"

    server.start()  # the same port, empty: this Redis keeps nothing on disk

    assert httpx.get(f"{url}/health").status_code == 200
    first = turn("after", "register me for PyCon")
    second = turn("after", "tomorrow")  # the first turn was saved, so this one goes on from it
    assert first["sessionState"]["dialogAction"]["slotToElicit"] == "eventDate"
    assert second["sessionState"]["dialogAction"]["slotToElicit"] == "firstName"
