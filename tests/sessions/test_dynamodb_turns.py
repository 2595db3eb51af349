"""The example bot on the DynamoDB store, against moto's server: what a turn writes (the issue's
cost figure needs one write unit, 1 KB, per typical turn) and what a client sees when the store
cannot be reached."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from bot import strict_json
from bot.app import build_runtime
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.server import create_app
from bot.sessions.dynamodb import StoreUrl
from bot.sessions.dynamodb_items import item_size, session_pk
from bot.turn import SessionKey, TurnRequest
from tests.serving import serving_app

WRITE_UNIT_BYTES = 1024
MISSING_TABLE = "DynamoDB: ResourceNotFoundException: the table does not exist"
REGISTRATION = ["register me for PyCon", "tomorrow", "Maria", "maria@example.com", "yes"]


def stored_item(url: str, key: SessionKey) -> dict[str, Any]:
    client = boto3.client("dynamodb")
    try:
        table = StoreUrl.parse(url).table
        return dict(client.get_item(TableName=table, Key={"pk": {"S": session_pk(key)}})["Item"])
    finally:
        client.close()


def test_every_turn_of_a_registration_conversation_writes_an_item_within_one_write_unit(
    trained_bot: tuple[BotProject, NLUEngine, Path], dynamodb_url: str
) -> None:
    # The wall clock: the example hook judges "tomorrow" by it.
    runtime = build_runtime(trained_bot[2], store_url=dynamodb_url, rng=random.Random(0))
    key = SessionKey(runtime.identity.bot_id, "TSTALIASID", "en_US", "user-1")
    sizes = []
    for text in REGISTRATION:
        response = runtime.recognize(TurnRequest(key, text))
        item = stored_item(dynamodb_url, key)
        document = runtime.store.load(key, runtime.clock())
        assert document is not None
        json_bytes = len(strict_json.dumps(document.data))
        sizes.append((text, item_size(item), json_bytes))
    runtime.store.close()
    assert response.session_state.intent is not None
    assert response.session_state.intent.state == "Fulfilled"
    for text, size, json_bytes in sizes:
        print(f"{text!r}: item {size} B (document {json_bytes} B as compact JSON)")
    assert max(size for _, size, _ in sizes) <= WRITE_UNIT_BYTES, sizes


def test_a_turn_while_the_table_is_missing_answers_503_without_a_traceback_and_health_says_why(
    trained_bot: tuple[BotProject, NLUEngine, Path], dynamodb_endpoint: str
) -> None:
    runtime = build_runtime(trained_bot[2], store_url="dynamodb://no-such-table")
    with serving_app(create_app(runtime)) as url:
        lex = boto3.client(
            "lexv2-runtime", endpoint_url=url, config=Config(retries={"max_attempts": 1})
        )
        with pytest.raises(ClientError) as raised:
            lex.recognize_text(
                botId=runtime.identity.bot_id,
                botAliasId="TSTALIASID",
                localeId="en_US",
                sessionId="user-1",
                text="register me for PyCon",
            )
        health = httpx.get(f"{url}/health")
    lex.close()
    runtime.store.close()
    error = raised.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert error["Error"]["Code"] == "InternalServerException"
    assert MISSING_TABLE in error["Error"]["Message"]
    assert "Traceback" not in str(error) and "no-such-table" not in str(error)
    assert health.status_code == 503
    assert MISSING_TABLE in health.json()["reason"]
