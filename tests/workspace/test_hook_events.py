"""What a code hook is told about the alias and version that called it: an alias on a numbered
version sends that number, and its name and id as bot.yaml configures them, in V2 and V1
events alike (the hook runs in process and records its events)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bot.project.aliases import set_alias_version
from bot.runtime import bot_id_for
from bot.server import create_app
from bot.versions import create_version
from bot.workspace import Workspace, open_workspace
from tests.hooks import handlers
from tests.serving import serving_app
from tests.workspace.conftest import fulfil_greeting_with, write_bot

RETRIES = Config(retries={"max_attempts": 1})
HOOK = "python:tests.hooks.handlers:scripted"  # answers what the request attribute says
V2_CLOSE = {
    "sessionState": {
        "dialogAction": {"type": "Close"},
        "intent": {"name": "Greeting", "state": "Fulfilled"},
    }
}
V1_CLOSE = {"dialogAction": {"type": "Close", "fulfillmentState": "Fulfilled"}}


def _hooked_shop(root: Path, message_version: str) -> Path:
    """ShopBot whose Greeting is fulfilled by `HOOK`; its prod alias (id PRODALIAS1) on version 1."""
    write_bot(root, "ShopBot", "Hello", aliases="{prod: {botAliasId: PRODALIAS1}}")
    fulfil_greeting_with(root, f"{{uri: '{HOOK}', messageVersion: {message_version}}}")
    create_version(root)
    set_alias_version(root, "prod", "1")
    return root


@pytest.fixture
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a server of ShopBot, its hook speaking `request.param` (V2 or V1)."""
    _hooked_shop(tmp_path / "shop", request.param)
    bots: Workspace = open_workspace([tmp_path / "shop"], store_url="memory://", train=False)
    with serving_app(create_app(bots.fleet)) as url:
        yield url
    bots.close()


def _events(session_id: str) -> list[dict[str, Any]]:
    return [
        e
        for e in handlers.CALLS
        if e.get("sessionId") == session_id or e.get("userId") == session_id
    ]


@pytest.mark.parametrize("served", ["V2"], indirect=True)
def test_a_v2_hook_on_an_alias_on_version_1_is_told_its_version_name_and_id(served: str) -> None:
    lex = boto3.client("lexv2-runtime", endpoint_url=served, config=RETRIES)
    bot_id = bot_id_for("ShopBot")
    for alias, session_id in [("PRODALIAS1", "by-id"), ("prod", "by-name")]:
        lex.recognize_text(
            botId=bot_id,
            botAliasId=alias,
            localeId="en_US",
            sessionId=session_id,
            text="hello",
            requestAttributes={"answer": json.dumps(V2_CLOSE)},
        )
        (event,) = _events(session_id)
        assert event["bot"] == {
            "id": bot_id,
            "name": "ShopBot",
            "aliasId": "PRODALIAS1",
            "aliasName": "prod",
            "localeId": "en_US",
            "version": "1",
        }
    lex.recognize_text(
        botId=bot_id,
        botAliasId="TSTALIASID",
        localeId="en_US",
        sessionId="draft",
        text="hello",
        requestAttributes={"answer": json.dumps(V2_CLOSE)},
    )
    (event,) = _events("draft")
    bot = event["bot"]
    assert (bot["aliasId"], bot["aliasName"], bot["version"]) == (
        "TSTALIASID",
        "TestBotAlias",
        "DRAFT",
    )


@pytest.mark.parametrize("served", ["V1"], indirect=True)
def test_a_v1_hook_on_an_alias_on_version_1_is_told_its_version_and_alias(served: str) -> None:
    lex = boto3.client("lex-runtime", endpoint_url=served, config=RETRIES)
    answer = {"answer": json.dumps(V1_CLOSE)}
    for alias, user_id in [("prod", "v1-prod"), ("$LATEST", "v1-latest")]:
        reply = lex.post_text(
            botName="ShopBot",
            botAlias=alias,
            userId=user_id,
            inputText="hello",
            requestAttributes=answer,
        )
        assert reply["dialogState"] == "Fulfilled"
    ((prod,), (latest,)) = _events("v1-prod"), _events("v1-latest")
    assert prod["bot"] == {"name": "ShopBot", "alias": "prod", "version": "1"}
    assert latest["bot"] == {"name": "ShopBot", "alias": None, "version": "$LATEST"}
