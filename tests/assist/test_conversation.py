"""Whole conversations over boto3's `lexv2-runtime` with a served bot whose slots use assisted
slot resolution (`EnhancedFallback`): an answer the NLU misses is read by the model (the fake
Bedrock runtime), and the engine keeps only what the slot's type resolves."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.server import create_app
from tests.assist.conftest import MODEL, PAINT_BOT, FakeBedrock
from tests.assist.servers import Reply
from tests.serving import serving_app

START = 1_795_000_000.0  # 2026-11-18
COLOUR_PROMPT = "Which colour would you like?"
_sessions = count()


@dataclass
class PaintShop:
    runtime: BotRuntime
    lex: Any
    ids: dict[str, str]

    def chat(self) -> Chat:
        return Chat(self, f"paint-{next(_sessions)}")


@dataclass
class Chat:
    shop: PaintShop
    session_id: str

    def say(self, text: str) -> dict[str, Any]:
        lex, ids = self.shop.lex, self.shop.ids
        return lex.recognize_text(**ids, sessionId=self.session_id, text=text)  # type: ignore[no-any-return]

    def asked_for_colour(self) -> None:
        assert asked(self.say("I want to order paint")) == ("Colour", [COLOUR_PROMPT])


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory, bedrock_env: FakeBedrock) -> Iterator[PaintShop]:
    root = tmp_path_factory.mktemp("paint-bot")
    shutil.copytree(PAINT_BOT, root, dirs_exist_ok=True)
    runtime = build_runtime(
        root, store_url="memory://", clock=lambda: START, rng=random.Random(0), code_hooks=False
    )
    with serving_app(create_app(runtime)) as url:
        lex = boto3.client(
            "lexv2-runtime", endpoint_url=url, config=Config(retries={"total_max_attempts": 1})
        )
        ids = {"botId": runtime.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}
        yield PaintShop(runtime, lex, ids)


def asked(response: dict[str, Any]) -> tuple[str | None, list[str]]:
    action = response["sessionState"]["dialogAction"]
    said = [m["content"] for m in response.get("messages", [])]
    return (action.get("slotToElicit") if action["type"] == "ElicitSlot" else None), said


def slot(response: dict[str, Any], name: str) -> dict[str, Any] | None:
    found = response["sessionState"]["intent"]["slots"].get(name)
    return found["value"] if found else None


def test_an_answer_the_nlu_misses_fills_the_slot_through_the_model(
    shop: PaintShop, bedrock: FakeBedrock
) -> None:
    chat = shop.chat()
    chat.asked_for_colour()
    bedrock.will_say("Azure")
    answer = chat.say("the blue one, I think")
    assert asked(answer) == ("Litres", ["How many litres?"])
    assert slot(answer, "Colour") == {
        "originalValue": "the blue one, I think",
        "interpretedValue": "Azure",
        "resolvedValues": ["Azure"],
    }
    assert answer["interpretations"][0]["interpretationSource"] == "Bedrock"
    assert answer["interpretations"][0]["intent"]["name"] == "OrderPaint"
    (call,) = bedrock.calls
    assert call.model_id == MODEL
    assert call.body["inferenceConfig"] == {"temperature": 0.0, "maxTokens": 64}
    assert "Slot: Colour (type PaintColour)" in call.user
    assert f"Question: {COLOUR_PROMPT}" in call.user
    assert "<answer>the blue one, I think</answer>" in call.user
    assert "Azure (also said: sky blue); Crimson (also said: deep red); Emerald." in call.system
    assert "NONE" in call.system


def test_a_built_in_type_is_resolved_too_and_the_intent_goes_on(
    shop: PaintShop, bedrock: FakeBedrock
) -> None:
    chat = shop.chat()
    assert asked(chat.say("can I get some sky blue paint")) == ("Litres", ["How many litres?"])
    bedrock.will_say("2")
    answer = chat.say("me and my wife")
    assert slot(answer, "Litres") == {
        "originalValue": "me and my wife",
        "interpretedValue": "2",
        "resolvedValues": ["2"],
    }
    assert "type AMAZON.Number" in bedrock.calls[0].user
    assert "number in digits" in bedrock.calls[0].system
    closing = chat.say("gloss")
    assert [m["content"] for m in closing["messages"]] == [
        "2 litres of Azure paint, Gloss finish: ordered."
    ]


def test_none_from_the_model_retries_the_prompt(shop: PaintShop, bedrock: FakeBedrock) -> None:
    chat = shop.chat()
    chat.asked_for_colour()
    bedrock.will_say("NONE")
    answer = chat.say("the blue one, I think")
    assert asked(answer) == ("Colour", [COLOUR_PROMPT])
    assert slot(answer, "Colour") is None
    assert len(bedrock.calls) == 1


def test_a_value_the_type_cannot_resolve_retries(shop: PaintShop, bedrock: FakeBedrock) -> None:
    chat = shop.chat()
    chat.asked_for_colour()
    bedrock.will_say("Purple")  # PaintColour lists Azure, Crimson and Emerald only
    answer = chat.say("the purple one")
    assert asked(answer) == ("Colour", [COLOUR_PROMPT])
    assert slot(answer, "Colour") is None


def test_a_model_failure_retries_after_one_retry_of_the_call(
    shop: PaintShop, bedrock: FakeBedrock
) -> None:
    chat = shop.chat()
    chat.asked_for_colour()
    bedrock.will_say(Reply(status=500), Reply(status=500), Reply("Azure"))
    answer = chat.say("the blue one, I think")
    assert asked(answer) == ("Colour", [COLOUR_PROMPT])
    assert len(bedrock.calls) == 2  # the call and one retry, never a third
    bedrock.will_say("Azure")
    assert asked(chat.say("the blue one, I said")) == ("Litres", ["How many litres?"])


def test_a_slot_with_default_resolution_never_calls_the_model(
    shop: PaintShop, bedrock: FakeBedrock
) -> None:
    chat = shop.chat()
    chat.say("can I get some sky blue paint")
    assert asked(chat.say("3")) == ("Finish", ["Matt or gloss?"])
    bedrock.will_say("Gloss")
    assert asked(chat.say("something in between")) == ("Finish", ["Matt or gloss?"])
    assert bedrock.calls == []


def test_an_answer_the_nlu_reads_never_calls_the_model(
    shop: PaintShop, bedrock: FakeBedrock
) -> None:
    chat = shop.chat()
    chat.asked_for_colour()
    answer = chat.say("deep red")
    assert slot(answer, "Colour")["interpretedValue"] == "Crimson"  # type: ignore[index]
    assert bedrock.calls == []
