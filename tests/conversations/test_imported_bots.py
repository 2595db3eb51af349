"""Bots imported from Lex exports and talked to with boto3, their code hooks written the way the
public blueprints are (tests/conversations/blueprints.py): a V2 bot whose hook answers Delegate
without confirmationState and handles RepeatIntent, and a V1 bot whose hook is a classic
`dispatch`, attached with `--code-hook` because the export's Lambda URIs are empty."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.runtime import BotRuntime
from tests.conversations.imported import served_import

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def v2(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, BotRuntime]]:
    yield from served_import(
        FIXTURES / "OrderFlowersRepeat",
        tmp_path_factory.mktemp("v2-bot"),
        "lexv2-runtime",
        code_hook="python:tests.conversations.blueprints:v2_handler",
    )


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, BotRuntime]]:
    yield from served_import(
        FIXTURES / "OrderFlowersV1.json",
        tmp_path_factory.mktemp("v1-bot"),
        "lex-runtime",
        code_hook="python:tests.conversations.blueprints:v1_handler",
    )


def _v2_say(v2: tuple[Any, BotRuntime], session: str, text: str) -> dict[str, Any]:
    lex, runtime = v2
    answer: dict[str, Any] = lex.recognize_text(
        botId=runtime.identity.bot_id,
        botAliasId="TSTALIASID",
        localeId="en_US",
        sessionId=session,
        text=text,
    )
    return answer


def _said(answer: dict[str, Any]) -> list[str]:
    return [m.get("content", "") for m in answer.get("messages", [])]


def test_a_v2_blueprint_that_delegates_without_confirmation_state_finishes(
    v2: tuple[Any, BotRuntime],
) -> None:
    assert _said(_v2_say(v2, "user-a", "I would like to order some flowers")) == [
        "What type of flowers would you like to order?"
    ]
    _v2_say(v2, "user-a", "roses")
    _v2_say(v2, "user-a", "tomorrow")
    confirm = _v2_say(v2, "user-a", "10 am")
    assert confirm["sessionState"]["dialogAction"]["type"] == "ConfirmIntent"
    done = _v2_say(v2, "user-a", "yes")
    assert _said(done) == ["Thanks, your order for roses has been placed."]
    assert done["sessionState"]["intent"]["state"] == "Fulfilled"
    assert done["sessionState"]["intent"]["confirmationState"] == "Confirmed"


def test_the_blueprint_repeat_handler_runs_on_repeat_intent(v2: tuple[Any, BotRuntime]) -> None:
    _v2_say(v2, "user-b", "I would like to order some flowers")
    _v2_say(v2, "user-b", "lilies")
    again = _v2_say(v2, "user-b", "repeat that")
    assert _said(again) == ["What day do you want the lilies to be picked up?"]
    assert again["sessionState"]["intent"]["name"] == "OrderFlowers"
    assert again["sessionState"]["dialogAction"]["slotToElicit"] == "PickupDate"
    assert _said(_v2_say(v2, "user-b", "tomorrow")) == [
        "At what time do you want the lilies to be picked up?"
    ]


def test_an_ambiguous_time_echoed_by_the_hook_is_accepted(v2: tuple[Any, BotRuntime]) -> None:
    for text in ("I would like to order some flowers", "tulips", "tomorrow"):
        _v2_say(v2, "user-c", text)
    answer = _v2_say(v2, "user-c", "ten thirty")  # ambiguous: interpretedValue null, two candidates
    slot = answer["sessionState"]["intent"]["slots"]["PickupTime"]
    assert slot is None or slot["value"]["resolvedValues"] == ["10:30", "22:30"]


def test_a_v1_dispatch_blueprint_orders_flowers(v1: tuple[Any, BotRuntime]) -> None:
    lex, _ = v1

    def say(text: str) -> dict[str, Any]:
        answer: dict[str, Any] = lex.post_text(
            botName="OrderFlowersV1", botAlias="$LATEST", userId="user-1", inputText=text
        )
        return answer

    assert say("I would like to order some flowers")["slotToElicit"] == "FlowerType"
    wrong = say("daisies")
    assert wrong["message"] == "We do not have daisies, would you like a different type?"
    priced = say("roses")
    assert priced["slotToElicit"] == "PickupDate"
    assert priced["sessionAttributes"]["Price"] == "25"
    say("tomorrow")
    assert say("10 am")["dialogState"] == "ConfirmIntent"
    done = say("yes")
    assert (done["dialogState"], done["message"]) == (
        "Fulfilled",
        "Thanks, your order for roses has been placed.",
    )


def test_v1_unmatched_input_is_clarified(v1: tuple[Any, BotRuntime]) -> None:
    lex, _ = v1
    answer = lex.post_text(
        botName="OrderFlowersV1",
        botAlias="$LATEST",
        userId="user-2",
        inputText="the weather on mars",
    )
    assert answer["message"] == "Sorry, can you please repeat that?"
