"""The example EventBot's code hook, with real-format V2 and V1 events."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from fulfillment import lambda_function
from fulfillment.lambda_function import EVENTS, lambda_handler
from tests.events import load_event

LONDON_TODAY = datetime.now(ZoneInfo("Europe/London")).date()
FUTURE = (LONDON_TODAY + timedelta(days=30)).isoformat()
SPOKEN_FUTURE = lambda_function.spoken_date(LONDON_TODAY + timedelta(days=30))
ALL_FILLED = {"email": "ada@example.com", "eventDate": FUTURE}


def v2_dialog(**overrides: Any) -> dict[str, Any]:
    return lambda_handler(load_event("lexv2_register_dialog", **overrides), None)


def v2_fulfil(**overrides: Any) -> dict[str, Any]:
    overrides.setdefault("date", FUTURE)
    return lambda_handler(load_event("lexv2_register_fulfillment", **overrides), None)


def texts(response: dict[str, Any]) -> list[str]:
    return [m["content"] for m in response.get("messages", []) if "content" in m]


def cards(response: dict[str, Any]) -> list[dict[str, Any]]:
    messages = response.get("messages", [])
    return [m["imageResponseCard"] for m in messages if m["contentType"] == "ImageResponseCard"]


# --- RegisterUserForEvent: dialog hook ---------------------------------------------------


def test_past_date_is_asked_for_again_with_the_reason() -> None:
    response = v2_dialog(date="2020-01-01")
    state = response["sessionState"]
    assert state["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "eventDate"}
    assert state["intent"]["slots"]["eventDate"] is None
    assert state["intent"]["slots"]["eventName"] is not None  # the rest is kept
    assert state["intent"]["state"] == "InProgress"
    assert texts(response) == ["That date has passed. Which day would you like to attend?"]


def test_yesterday_in_london_has_passed_but_today_has_not() -> None:
    yesterday = (LONDON_TODAY - timedelta(days=1)).isoformat()
    assert v2_dialog(date=yesterday)["sessionState"]["dialogAction"]["type"] == "ElicitSlot"
    today = v2_dialog(date=LONDON_TODAY.isoformat())
    assert today["sessionState"]["dialogAction"] == {"type": "Delegate"}


def test_a_week_instead_of_a_day_is_asked_for_again() -> None:
    response = v2_dialog(date="2026-W48")
    assert response["sessionState"]["dialogAction"]["slotToElicit"] == "eventDate"
    assert texts(response) == ["Sorry, I need one day. Which day would you like to attend?"]


def test_unknown_event_is_asked_for_again_with_a_card_of_events() -> None:
    response = v2_dialog(slots={"eventName": "JSConf"})
    state = response["sessionState"]
    assert state["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "eventName"}
    assert state["intent"]["slots"]["eventName"] is None
    assert "Sorry, I don't know JSConf" in texts(response)[0]
    (card,) = cards(response)
    assert 1 <= len(card["buttons"]) <= 5
    assert {b["value"] for b in card["buttons"]} <= set(EVENTS)


def test_event_names_match_case_insensitively() -> None:
    response = v2_dialog(slots={"eventName": "pycon"}, date=FUTURE)
    assert response["sessionState"]["dialogAction"] == {"type": "Delegate"}


def test_missing_slots_delegate_to_lex() -> None:
    response = v2_dialog(date=FUTURE)
    assert response["sessionState"]["dialogAction"] == {"type": "Delegate"}
    assert "messages" not in response


def test_all_slots_filled_asks_for_confirmation_with_a_yes_no_card() -> None:
    response = v2_dialog(slots=ALL_FILLED)
    state = response["sessionState"]
    assert state["dialogAction"] == {"type": "ConfirmIntent"}
    assert state["intent"]["state"] == "InProgress"
    assert texts(response) == [
        (
            f"Ada, shall I register you for PyCon on {SPOKEN_FUTURE}? "
            "We'll send the details to ada@example.com."
        )
    ]
    (card,) = cards(response)
    assert card["buttons"] == [{"text": "Yes", "value": "yes"}, {"text": "No", "value": "no"}]


@pytest.mark.parametrize("answer", ["Confirmed", "Denied"])
def test_after_the_answer_to_the_confirmation_lex_carries_on(answer: str) -> None:
    response = v2_dialog(slots=ALL_FILLED, confirmation=answer)
    assert response["sessionState"]["dialogAction"] == {"type": "Delegate"}


# --- RegisterUserForEvent: fulfilment ----------------------------------------------------


def test_fulfilment_closes_with_a_card_and_remembers_the_event() -> None:
    response = v2_fulfil()
    state = response["sessionState"]
    assert state["dialogAction"] == {"type": "Close"}
    assert state["intent"]["state"] == "Fulfilled"
    assert state["sessionAttributes"] == {"source": "homepage", "registeredEvent": "PyCon"}
    assert texts(response) == [
        f"Done! Ada, you're registered for PyCon on {SPOKEN_FUTURE}.",
        "Would you like to know more about PyCon?",
    ]
    (card,) = cards(response)
    assert card["title"] == "PyCon" and card["subtitle"] == SPOKEN_FUTURE
    assert [b["text"] for b in card["buttons"]] == ["Add to calendar", "Tell me more"]


def test_fulfilment_without_a_usable_event_fails() -> None:
    response = v2_fulfil(slots={"eventName": "JSConf"})
    assert response["sessionState"]["intent"]["state"] == "Failed"


# --- the other intents -------------------------------------------------------------------


def test_event_info_describes_the_event_with_a_card() -> None:
    response = lambda_handler(load_event("lexv2_eventinfo_fulfillment"), None)
    assert response["sessionState"]["intent"]["state"] == "Fulfilled"
    assert texts(response)[0].startswith("PyCon: the community conference")
    (card,) = cards(response)
    assert card["title"] == "PyCon"
    assert card["buttons"] == [{"text": "Register me", "value": "Register me for PyCon"}]


def test_event_info_without_an_event_lists_them() -> None:
    event = load_event("lexv2_eventinfo_fulfillment", slots={"eventName": None})
    response = lambda_handler(event, None)
    assert all(name in texts(response)[0] for name in EVENTS)
    assert len(cards(response)[0]["buttons"]) == 5


def test_event_info_with_an_unknown_event_says_so_and_lists_them() -> None:
    event = load_event("lexv2_eventinfo_fulfillment", slots={"eventName": "JSConf"})
    assert texts(lambda_handler(event, None))[0].startswith("Sorry, I don't know JSConf.")


def test_event_details_gives_the_agenda_of_the_registered_event() -> None:
    event = load_event(
        "lexv2_eventinfo_fulfillment",
        intent="EventDetails",
        slots={"eventName": None},
        session_attributes={"registeredEvent": "DevOps Days"},
    )
    response = lambda_handler(event, None)
    assert response["sessionState"]["intent"]["state"] == "Fulfilled"
    assert texts(response)[0].startswith("At DevOps Days, short talks")


def test_event_details_without_an_event_asks_which() -> None:
    event = load_event(
        "lexv2_eventinfo_fulfillment", intent="EventDetails", slots={"eventName": None}
    )
    response = lambda_handler(event, None)
    assert response["sessionState"]["dialogAction"]["slotToElicit"] == "eventName"


def test_cancel_registration_closes_and_forgets_the_event() -> None:
    event = load_event(
        "lexv2_eventinfo_fulfillment",
        intent="CancelRegistration",
        slots={"email": "ada@example.com"},
        session_attributes={"registeredEvent": "PyCon", "source": "app"},
    )
    response = lambda_handler(event, None)
    assert response["sessionState"]["intent"]["state"] == "Fulfilled"
    assert response["sessionState"]["sessionAttributes"] == {"source": "app"}
    assert texts(response) == [
        "Your registration for PyCon is cancelled. We're sorry you can't make it."
    ]


def test_greeting_says_hello() -> None:
    event = load_event("lexv2_eventinfo_fulfillment", intent="Greeting", slots={"eventName": None})
    assert texts(lambda_handler(event, None))[0].startswith("Hi! I can register you")


def test_an_intent_without_a_handler_gets_a_failed_close() -> None:
    event = load_event("lexv2_eventinfo_fulfillment", intent="OrderPizza")
    response = lambda_handler(event, None)
    assert response["sessionState"]["intent"]["state"] == "Failed"
    assert texts(response) == ["Sorry, I can't help with that yet."]


def test_event_table_fits_the_v1_card_limits() -> None:
    # V1 buttons hold 15 characters and card subtitles 80, so one table serves both versions.
    assert all(len(facts.label) <= 15 for facts in EVENTS.values())
    assert all(len(facts.tagline) <= 80 for facts in EVENTS.values())


# --- the same handler with Lex V1 events -------------------------------------------------


def test_v1_past_date_is_asked_for_again() -> None:
    response = lambda_handler(load_event("lexv1_register_dialog", date="2020-01-01"), None)
    action = response["dialogAction"]
    assert action["type"] == "ElicitSlot" and action["slotToElicit"] == "eventDate"
    assert action["intentName"] == "RegisterUserForEvent"
    assert action["slots"]["eventDate"] is None and action["slots"]["eventName"] == "PyCon"
    assert action["message"]["content"].startswith("That date has passed.")
    assert response["sessionAttributes"] == {"source": "homepage"}


def test_v1_unknown_event_gets_a_response_card() -> None:
    event = load_event("lexv1_register_dialog", slots={"eventName": "JSConf"})
    action = lambda_handler(event, None)["dialogAction"]
    assert action["slotToElicit"] == "eventName"
    (attachment,) = action["responseCard"]["genericAttachments"]
    assert len(attachment["buttons"]) == 5


def test_v1_confirmation_has_a_response_card() -> None:
    event = load_event("lexv1_register_dialog", slots=ALL_FILLED)
    action = lambda_handler(event, None)["dialogAction"]
    assert action["type"] == "ConfirmIntent"
    assert action["slots"]["email"] == "ada@example.com"
    assert action["responseCard"]["contentType"] == "application/vnd.amazonaws.card.generic"


def test_v1_missing_slots_delegate() -> None:
    event = load_event("lexv1_register_dialog", date=FUTURE)
    assert lambda_handler(event, None)["dialogAction"] == {
        "type": "Delegate",
        "slots": event["currentIntent"]["slots"],
    }


def test_v1_fulfilment_closes_with_one_message_and_a_card() -> None:
    event = load_event("lexv1_register_fulfillment", date=FUTURE)
    response = lambda_handler(event, None)
    action = response["dialogAction"]
    assert action["type"] == "Close" and action["fulfillmentState"] == "Fulfilled"
    assert action["message"]["content"] == (
        f"Done! Ada, you're registered for PyCon on {SPOKEN_FUTURE}. "
        "Would you like to know more about PyCon?"
    )
    (attachment,) = action["responseCard"]["genericAttachments"]
    assert attachment["title"] == "PyCon"
    assert response["sessionAttributes"]["registeredEvent"] == "PyCon"
