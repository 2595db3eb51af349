"""The example bot as shipped: bot.yaml's code hook (`fulfillment.lambda_function`) called by
`bot serve`'s runtime, and the same handler behind HTTP and the fake Lambda.

The handler judges dates by the real clock, so the dates said here are far in the future."""

from __future__ import annotations

import random

import boto3
import pytest

from bot.app import build_runtime
from bot.server import create_app
from tests.hooks.conftest import (
    NO_RETRIES,
    START,
    TRANSPORTS,
    Bot,
    dialog_action,
    intent_state,
    slot_value,
    texts,
)
from tests.hooks.servers import EXAMPLE
from tests.serving import serving_app


def register(bot: Bot) -> dict:
    sid = bot.new_session()
    r = bot.say(sid, "register me for PyCon")
    assert dialog_action(r) == ("ElicitSlot", "eventDate")
    r = bot.say(sid, "1 March 2020")
    assert dialog_action(r) == ("ElicitSlot", "eventDate")
    assert "passed" in texts(r)[0]
    r = bot.say(sid, "12 March 2040")
    assert slot_value(r, "eventDate") == "2040-03-12"
    bot.say(sid, "Maria")
    r = bot.say(sid, "maria@example.com")
    assert dialog_action(r) == ("ConfirmIntent", None)
    assert any(m["contentType"] == "ImageResponseCard" for m in r["messages"])
    r = bot.say(sid, "yes")
    assert (intent_state(r), dialog_action(r)) == ("Fulfilled", ("Close", None))
    assert r["sessionState"]["sessionAttributes"]["registeredEvent"] == "PyCon"
    return r


def test_bot_yaml_code_hook_is_wired_into_the_runtime(trained_bot):
    root = trained_bot[2]  # the example bot, bot.yaml unchanged
    runtime = build_runtime(root, store_url="memory://", clock=lambda: START, rng=random.Random(0))
    with serving_app(create_app(runtime)) as url:
        ids = {"botId": runtime.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}
        lex = boto3.client("lexv2-runtime", endpoint_url=url, config=NO_RETRIES)
        r = register(Bot(runtime, lex, None, ids))  # the past date is refused: hooks ran
    assert "Done! Maria, you're registered for PyCon" in texts(r)[0]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_example_handler_through_each_transport(hooked_bot, transport):
    r = register(hooked_bot(EXAMPLE, transport=transport))
    assert r["messages"][-1]["imageResponseCard"]["title"] == "PyCon"


def test_example_handler_answers_v1_events(hooked_bot):
    bot = hooked_bot(EXAMPLE, version="V1")
    user = bot.new_session()

    def post(text: str) -> dict:
        return bot.lex_v1.post_text(
            botName="EventBot", botAlias="prod", userId=user, inputText=text
        )

    assert post("register me for PyCon")["slotToElicit"] == "eventDate"
    r = post("1 March 2020")
    assert (r["dialogState"], r["slotToElicit"]) == ("ElicitSlot", "eventDate")
    assert "passed" in r["message"]
    for text in ("12 March 2040", "Maria"):
        post(text)
    r = post("maria@example.com")
    assert r["dialogState"] == "ConfirmIntent"
    assert r["responseCard"]["genericAttachments"][0]["buttons"][0]["value"] == "yes"
    r = post("yes")
    assert r["dialogState"] == "Fulfilled"
    assert r["sessionAttributes"]["registeredEvent"] == "PyCon"
