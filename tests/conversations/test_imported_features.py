"""Each feature fixture of the importer tests (a flow bot, a two-locale V2 export, a
CloudFormation template with two locales, a Rasa project), imported, checked and talked to with
boto3: the bot they become answers as the source bot would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bot.app import build_runtime
from bot.project.loader import load_project
from bot.server import create_app
from bot.transfer import import_bot
from tests.serving import serving_app

FIXTURES = Path(__file__).parent.parent / "transfer" / "fixtures"
OPEN_NOW = {
    "activeContexts": [
        {
            "name": "open_now",
            "timeToLive": {"timeToLiveInSeconds": 600, "turnsToLive": 5},
            "contextAttributes": {},
        }
    ]
}

# source, locale, what the user says, state sent, (intent, dialog action, slot to elicit)
CASES = [
    ("v2/FlowBot", "en_US", "book a table", OPEN_NOW, ("BookTable", "ElicitSlot", "Party")),
    ("v2/PizzaShop", "it_IT", "vorrei una pizza", None, ("OrderPizza", "ElicitSlot", "Size")),
    ("v2/PizzaShop", "en_US", "I want a pizza", None, ("OrderPizza", "ElicitSlot", "Size")),
    ("cfn/hotel_two_locales.yaml", "en_US", "book a room", None, ("BookRoom", "ElicitSlot", None)),
    ("rasa/restaurant", "en_US", "book a table", None, ("book_table", "ElicitSlot", None)),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Any, str]]]:
    clients: dict[str, tuple[Any, str]] = {}
    with ExitStack() as servers:
        for source in {case[0] for case in CASES}:
            out = tmp_path_factory.mktemp("imported")
            files, _ = import_bot(FIXTURES / source)
            files.write(out)
            load_project(out)  # `bot check` passes
            runtime = build_runtime(out, store_url="memory://", code_hooks=False)
            url = servers.enter_context(serving_app(create_app(runtime)))
            lex = boto3.client(
                "lexv2-runtime",
                endpoint_url=url,
                region_name="us-east-1",
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                config=Config(retries={"max_attempts": 1}),
            )
            clients[source] = (lex, runtime.identity.bot_id)
        yield clients


@pytest.mark.parametrize(("source", "locale", "text", "state", "expected"), CASES)
def test_an_imported_bot_answers_as_its_source(
    served: dict[str, tuple[Any, str]],
    source: str,
    locale: str,
    text: str,
    state: dict[str, Any] | None,
    expected: tuple[str, str, str | None],
) -> None:
    lex, bot_id = served[source]
    extra = {"sessionState": state} if state else {}
    answer = lex.recognize_text(
        botId=bot_id,
        botAliasId="TSTALIASID",
        localeId=locale,
        sessionId=f"user-{locale}",
        text=text,
        **extra,
    )
    intent, action, slot = expected
    session = answer["sessionState"]
    assert session["intent"]["name"] == intent
    assert session["dialogAction"]["type"] == action
    if slot is not None:
        assert session["dialogAction"]["slotToElicit"] == slot
    assert answer.get("messages"), "the bot says something"
