"""The example bot's registration over HTTP with boto3, its code hook reached in process, over
HTTP and through (a fake of) AWS Lambda: the same conversation, the same answers."""

from __future__ import annotations

import pytest

from tests.hooks import handlers
from tests.hooks.conftest import (
    TRANSPORTS,
    dialog_action,
    intent_state,
    slot_value,
    texts,
)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_registration_with_a_code_hook(hooked_bot, transport):
    bot = hooked_bot("handler", transport=transport)
    sid = bot.new_session()

    r = bot.say(sid, "register me for PyCon")
    assert dialog_action(r) == ("ElicitSlot", "eventDate")  # the hook delegated

    r = bot.say(sid, "1 March 2020")
    assert dialog_action(r) == ("ElicitSlot", "eventDate")  # the hook refused a past date
    assert texts(r) == ["2020-03-01 has already passed. Which day would you like to go to PyCon?"]
    assert slot_value(r, "eventDate") is None

    r = bot.say(sid, "12 March 2027")
    assert dialog_action(r) == ("ElicitSlot", "firstName")
    assert slot_value(r, "eventDate") == "2027-03-12"
    bot.say(sid, "Maria")
    r = bot.say(sid, "maria@example.com")
    assert dialog_action(r) == ("ConfirmIntent", None)

    r = bot.say(sid, "yes")
    assert (intent_state(r), dialog_action(r)) == ("Fulfilled", ("Close", None))
    assert texts(r) == ["Maria, your ticket for PyCon is T-0001."]
    card = r["messages"][1]["imageResponseCard"]
    assert card["title"] == "PyCon"
    assert [b["value"] for b in card["buttons"]] == ["yes", "no"]
    assert r["sessionState"]["sessionAttributes"] == {"ticket": "T-0001"}
    # The fulfilment ran the intent's output context as a configured fulfilment would.
    assert [c["name"] for c in r["sessionState"]["activeContexts"]] == ["registered"]

    assert handlers.calls_for(sid) == ["DialogCodeHook"] * 6 + ["FulfillmentCodeHook"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_hook_events_carry_the_turn(hooked_bot, transport):
    bot = hooked_bot("handler", transport=transport)
    sid = bot.new_session()
    bot.lex.recognize_text(
        **bot.ids, sessionId=sid, text="register me for PyCon", requestAttributes={"channel": "web"}
    )
    (event,) = handlers.events_for(sid)
    assert event["invocationSource"] == "DialogCodeHook"
    assert event["inputTranscript"] == "register me for PyCon"
    assert event["bot"] == {
        "id": bot.runtime.identity.bot_id,
        "name": "EventBot",
        "aliasId": "TSTALIASID",
        "aliasName": "TestBotAlias",
        "localeId": "en_US",
        "version": "DRAFT",
    }
    assert event["requestAttributes"] == {"channel": "web"}
    assert event["proposedNextState"]["dialogAction"] == {
        "type": "ElicitSlot",
        "slotToElicit": "eventDate",
    }
    top = event["interpretations"][0]
    assert top["intent"]["name"] == "RegisterUserForEvent"
    assert isinstance(top["nluConfidence"], float)
    slots = event["sessionState"]["intent"]["slots"]
    assert slots["eventName"]["value"]["interpretedValue"] == "PyCon"
    assert slots["eventDate"] is None


def test_a_v1_bot_calls_a_blueprint_handler(hooked_bot):
    bot = hooked_bot("v1_handler", version="V1")
    user = bot.new_session()

    def post(text: str) -> dict:
        return bot.lex_v1.post_text(
            botName="EventBot", botAlias="prod", userId=user, inputText=text
        )

    r = post("register me for PyCon")
    assert (r["dialogState"], r["slotToElicit"]) == ("ElicitSlot", "eventDate")
    assert r["sessionAttributes"] == {"checks": "1"}  # the handler's number, read as text

    r = post("1 March 2020")
    assert (r["dialogState"], r["slotToElicit"]) == ("ElicitSlot", "eventDate")
    assert r["message"] == "2020-03-01 is in the past. Which day?"

    post("12 March 2027")
    post("Maria")
    r = post("maria@example.com")
    assert r["dialogState"] == "ConfirmIntent"
    r = post("yes")
    assert r["dialogState"] == "Fulfilled"
    assert r["message"] == "Thanks Maria, you're registered for PyCon."
    assert r["sessionAttributes"] == {"checks": "5"}

    events = [e for e in handlers.CALLS if e["userId"] == user]
    assert [e["invocationSource"] for e in events] == ["DialogCodeHook"] * 6 + [
        "FulfillmentCodeHook"
    ]
    first = events[0]
    assert first["bot"] == {"name": "EventBot", "alias": "prod", "version": "$LATEST"}
    assert first["currentIntent"]["slots"] == {
        "eventName": "PyCon",
        "eventDate": None,
        "firstName": None,
        "email": None,
    }
