"""Lex V1 bot behaviour over the V1 runtime API with boto3: clarification then abort for input
that matches no intent, and the follow-up prompt after fulfilment."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bot.app import build_runtime
from bot.runtime import BotRuntime
from tests.api.conftest import serving

V1_BOT = Path(__file__).parent / "v1_bot"


def _copy(tmp: Path, fallback: bool = False) -> Path:
    shutil.copytree(V1_BOT, tmp, dirs_exist_ok=True)
    if fallback:
        (tmp / "intents" / "FallbackIntent.yaml").write_text(
            "name: FallbackIntent\nparentIntentSignature: AMAZON.FallbackIntent\n"
            "intentClosingSetting:\n  closingResponse: Let me find someone to help you.\n"
        )
    return tmp


@pytest.fixture(scope="module", params=[False, True], ids=["no-fallback", "fallback"])
def flower_lex(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    root = _copy(tmp_path_factory.mktemp("v1-bot"), fallback=request.param)
    runtime: BotRuntime = build_runtime(root, store_url="memory://")
    with serving(runtime) as url:
        client = boto3.client(
            "lex-runtime", endpoint_url=url, config=Config(retries={"max_attempts": 1})
        )
        client.declares_fallback = request.param  # type: ignore[attr-defined]
        yield client


def _say(lex: Any, user: str, text: str) -> dict[str, Any]:
    answer: dict[str, Any] = lex.post_text(
        botName="FlowerBot", botAlias="prod", userId=user, inputText=text
    )
    return answer


def test_unmatched_input_is_clarified_then_aborted_or_handed_to_the_fallback(
    flower_lex: Any,
) -> None:
    for _ in range(2):
        clarify = _say(flower_lex, "user-1", "the weather on mars tomorrow")
        assert clarify["message"] == "Sorry, can you please repeat that?"
        assert clarify["dialogState"] == "ElicitIntent"
    last = _say(flower_lex, "user-1", "the weather on mars tomorrow")
    if flower_lex.declares_fallback:
        assert last["message"] == "Let me find someone to help you."
        assert last["intentName"] == "AMAZON.FallbackIntent"
    else:
        assert last["message"] == "Sorry, I could not understand. Goodbye."
        assert last["dialogState"] == "Failed"


def test_a_recognised_intent_resets_the_clarification_count(flower_lex: Any) -> None:
    _say(flower_lex, "user-2", "the weather on mars tomorrow")
    _say(flower_lex, "user-2", "goodbye")
    again = _say(flower_lex, "user-2", "the weather on mars tomorrow")
    assert again["message"] == "Sorry, can you please repeat that?"


def test_the_follow_up_prompt_follows_fulfilment_and_no_says_the_rejection(
    flower_lex: Any,
) -> None:
    asked = _say(flower_lex, "user-3", "I would like to order some roses")
    assert asked["message"] == "Your roses are ordered. Anything else?"
    assert asked["dialogState"] == "ElicitIntent"
    assert asked["sessionAttributes"] == {"ordered": "roses"}
    done = _say(flower_lex, "user-3", "no")
    assert done["message"] == "OK, have a nice day."
    assert done["dialogState"] == "Fulfilled"


def test_a_new_request_after_the_follow_up_starts_that_intent(flower_lex: Any) -> None:
    _say(flower_lex, "user-4", "I would like to order some tulips")
    bye = _say(flower_lex, "user-4", "goodbye")
    # No fulfilment hook for Goodbye: a V1 client fulfils it itself.
    assert (bye["intentName"], bye["dialogState"]) == ("Goodbye", "ReadyForFulfillment")


def test_a_bare_yes_to_the_follow_up_asks_what_the_user_wants(flower_lex: Any) -> None:
    _say(flower_lex, "user-5", "I would like to order some lilies")
    yes = _say(flower_lex, "user-5", "yes")
    assert yes["message"] == "Sorry, can you please repeat that?"
    assert yes["dialogState"] == "ElicitIntent"
