"""Lex V2 response builders: the §2.2 shapes, what they keep from the event, the limits."""

from __future__ import annotations

import pytest

from fulfillment import lexv2
from fulfillment.errors import ResponseError
from fulfillment.events import LexV2Event
from tests.events import load_event


@pytest.fixture
def event() -> LexV2Event:
    return LexV2Event(load_event("lexv2_register_dialog"))


def test_close_fulfilled_keeps_attributes_and_intent(event: LexV2Event) -> None:
    response = lexv2.close(event, messages="Thanks!")
    assert response == {
        "sessionState": {
            "sessionAttributes": {"source": "homepage"},
            "dialogAction": {"type": "Close"},
            "intent": {**event.raw["sessionState"]["intent"], "state": "Fulfilled"},
        },
        "messages": [{"contentType": "PlainText", "content": "Thanks!"}],
    }


def test_close_failed_sets_the_intent_state(event: LexV2Event) -> None:
    response = lexv2.close(event, "Failed")
    assert response["sessionState"]["intent"]["state"] == "Failed"
    assert "messages" not in response  # Lex then says the configured response


def test_close_rejects_other_states(event: LexV2Event) -> None:
    with pytest.raises(ResponseError, match="Fulfilled, Failed"):
        lexv2.close(event, "InProgress")


def test_builders_never_change_the_event(event: LexV2Event) -> None:
    before = load_event("lexv2_register_dialog")
    response = lexv2.close(event, slots={"email": "x@example.com"}, session_attributes={"a": "b"})
    response["sessionState"]["intent"]["slots"]["eventName"]["value"]["interpretedValue"] = "X"
    assert event.raw == before


def test_builders_accept_the_raw_event_dict() -> None:
    raw = load_event("lexv2_register_dialog")
    assert lexv2.delegate(raw) == lexv2.delegate(LexV2Event(raw))


def test_elicit_slot_shape(event: LexV2Event) -> None:
    response = lexv2.elicit_slot(event, "email", "What's your email?", style="SpellByLetter")
    state = response["sessionState"]
    assert state["dialogAction"] == {
        "type": "ElicitSlot",
        "slotToElicit": "email",
        "slotElicitationStyle": "SpellByLetter",
    }
    assert state["intent"]["state"] == "InProgress"
    assert state["intent"]["name"] == "RegisterUserForEvent"
    assert response["messages"] == [{"contentType": "PlainText", "content": "What's your email?"}]


def test_elicit_slot_can_clear_and_fill_slots(event: LexV2Event) -> None:
    response = lexv2.elicit_slot(
        event, "eventDate", slots={"eventDate": None, "email": "ada@example.com"}
    )
    slots = response["sessionState"]["intent"]["slots"]
    assert slots["eventDate"] is None
    assert slots["email"]["value"]["interpretedValue"] == "ada@example.com"
    assert slots["eventName"] == event.intent.slots["eventName"]


def test_elicit_slot_needs_a_slot_name(event: LexV2Event) -> None:
    with pytest.raises(ResponseError, match="slotToElicit"):
        lexv2.elicit_slot(event, "")


def test_elicit_slot_rejects_an_unknown_style(event: LexV2Event) -> None:
    with pytest.raises(ResponseError, match="style"):
        lexv2.elicit_slot(event, "email", style="Loud")


def test_confirm_intent_shape(event: LexV2Event) -> None:
    card = lexv2.image_response_card("Confirm?", buttons=[("Yes", "yes"), ("No", "no")])
    response = lexv2.confirm_intent(event, ["Shall I?", card])
    assert response["sessionState"]["dialogAction"] == {"type": "ConfirmIntent"}
    assert response["sessionState"]["intent"]["state"] == "InProgress"
    assert [m["contentType"] for m in response["messages"]] == ["PlainText", "ImageResponseCard"]


def test_confirm_intent_requires_messages(event: LexV2Event) -> None:
    with pytest.raises(ResponseError, match="ConfirmIntent"):
        lexv2.confirm_intent(event, [])


def test_delegate_shape(event: LexV2Event) -> None:
    response = lexv2.delegate(event)
    assert response == {
        "sessionState": {
            "sessionAttributes": {"source": "homepage"},
            "dialogAction": {"type": "Delegate"},
            "intent": event.raw["sessionState"]["intent"],  # state left as it was
        }
    }


def test_elicit_intent_drops_the_intent(event: LexV2Event) -> None:
    response = lexv2.elicit_intent(event, "What else can I do for you?")
    assert response["sessionState"] == {
        "sessionAttributes": {"source": "homepage"},
        "dialogAction": {"type": "ElicitIntent"},
    }
    assert response["messages"][0]["content"] == "What else can I do for you?"


def test_elicit_intent_requires_messages(event: LexV2Event) -> None:
    with pytest.raises(ResponseError, match="ElicitIntent"):
        lexv2.elicit_intent(event, None)


def test_overrides_replace_attributes_contexts_and_request_attributes(event: LexV2Event) -> None:
    context = {
        "name": "registered",
        "contextAttributes": {"eventName": "PyCon"},
        "timeToLive": {"timeToLiveInSeconds": 300, "turnsToLive": 3},
    }
    response = lexv2.close(
        event,
        session_attributes={"registeredEvent": "PyCon"},
        active_contexts=[context],
        request_attributes={"trace": "1"},
    )
    assert response["sessionState"]["sessionAttributes"] == {"registeredEvent": "PyCon"}
    assert response["sessionState"]["activeContexts"] == [context]
    assert response["requestAttributes"] == {"trace": "1"}


def test_switching_intent_by_name_starts_with_no_slots(event: LexV2Event) -> None:
    response = lexv2.elicit_slot(event, "eventName", intent="EventDetails")
    assert response["sessionState"]["intent"] == {
        "name": "EventDetails",
        "slots": {},
        "confirmationState": "None",
        "state": "InProgress",
    }


def test_session_attributes_must_be_strings(event: LexV2Event) -> None:
    with pytest.raises(ResponseError, match="price"):
        lexv2.close(event, session_attributes={"price": 25})  # type: ignore[dict-item]


def test_slots_need_an_intent() -> None:
    with pytest.raises(ResponseError, match="intent"):
        lexv2.delegate({"sessionState": {}}, slots={"a": "b"})


def test_delegate_without_an_intent_sends_none() -> None:
    assert "intent" not in lexv2.delegate({"sessionState": {}})["sessionState"]


# --- messages and cards ------------------------------------------------------------------


def test_text_message_helpers() -> None:
    assert lexv2.plain_text("hi") == {"contentType": "PlainText", "content": "hi"}
    assert lexv2.ssml("<speak>hi</speak>")["contentType"] == "SSML"
    assert lexv2.custom_payload('{"a": 1}')["contentType"] == "CustomPayload"


def test_image_response_card_shape() -> None:
    card = lexv2.image_response_card(
        "PyCon", "4 December", "https://example.com/p.png", [("Yes", "yes"), "No"]
    )
    assert card == {
        "contentType": "ImageResponseCard",
        "imageResponseCard": {
            "title": "PyCon",
            "subtitle": "4 December",
            "imageUrl": "https://example.com/p.png",
            "buttons": [{"text": "Yes", "value": "yes"}, {"text": "No", "value": "No"}],
        },
    }


def test_card_leaves_out_what_is_not_given() -> None:
    card = lexv2.image_response_card("Title")["imageResponseCard"]
    assert card == {"title": "Title", "buttons": []}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"title": "x" * 251}, "card title is 251 characters; Lex allows 250"),
        ({"title": ""}, "card title must not be empty"),
        ({"title": "t", "subtitle": "s" * 251}, "card subtitle"),
        ({"title": "t", "image_url": "u" * 251}, "imageUrl"),
        ({"title": "t", "buttons": [("b", "b")] * 6}, "6 buttons; Lex allows at most 5"),
        ({"title": "t", "buttons": [("x" * 51, "v")]}, "button text is 51 characters"),
        ({"title": "t", "buttons": [("t", "v" * 51)]}, "button value is 51 characters"),
        ({"title": "t", "buttons": [("a", "b", "c")]}, "a button is"),
    ],
)
def test_card_limits_raise_a_clear_error(kwargs: dict, error: str) -> None:
    with pytest.raises(ResponseError, match=error.replace("(", r"\(")):
        lexv2.image_response_card(**kwargs)


def test_five_buttons_are_allowed() -> None:
    card = lexv2.image_response_card("t", buttons=[(str(i), str(i)) for i in range(5)])
    assert len(card["imageResponseCard"]["buttons"]) == 5


def test_message_content_limit() -> None:
    assert lexv2.plain_text("x" * 1024)["content"] == "x" * 1024
    with pytest.raises(ResponseError, match="1025 characters; Lex allows 1024"):
        lexv2.plain_text("x" * 1025)
    with pytest.raises(ResponseError, match="empty"):
        lexv2.plain_text("")


def test_at_most_ten_messages(event: LexV2Event) -> None:
    assert len(lexv2.close(event, messages=["m"] * 10)["messages"]) == 10
    with pytest.raises(ResponseError, match="11 messages"):
        lexv2.close(event, messages=["m"] * 11)


def test_hand_built_messages_are_checked(event: LexV2Event) -> None:
    ok = {"contentType": "SSML", "content": "<speak>Hi</speak>"}
    assert lexv2.close(event, messages=[ok])["messages"] == [ok]
    with pytest.raises(ResponseError, match="contentType"):
        lexv2.close(event, messages=[{"contentType": "Markdown", "content": "x"}])
    bad_card = {"contentType": "ImageResponseCard", "imageResponseCard": {"title": "x" * 300}}
    with pytest.raises(ResponseError, match="card title"):
        lexv2.close(event, messages=[bad_card])
