"""Version-neutral replies: the same call gives the V2 shape for a V2 event, V1 for V1."""

from __future__ import annotations

import pytest

from fulfillment import replies
from fulfillment.errors import ResponseError
from fulfillment.events import LexV1Event, LexV2Event
from fulfillment.replies import Card
from tests.events import load_event

CARD = Card("PyCon", "4 December", "https://example.com/p.png", (("Yes", "yes"),))


@pytest.fixture
def v2() -> LexV2Event:
    return LexV2Event(load_event("lexv2_register_dialog"))


@pytest.fixture
def v1() -> LexV1Event:
    return LexV1Event(load_event("lexv1_register_dialog"))


def test_close_v2_has_a_message_per_text_and_the_card(v2: LexV2Event) -> None:
    response = replies.close(v2, ["One.", "Two."], card=CARD)
    assert [m["contentType"] for m in response["messages"]] == [
        "PlainText",
        "PlainText",
        "ImageResponseCard",
    ]
    assert response["sessionState"]["intent"]["state"] == "Fulfilled"


def test_close_v1_joins_texts_and_attaches_the_card(v1: LexV1Event) -> None:
    response = replies.close(v1, ["One.", "Two."], card=CARD, state="Failed")
    action = response["dialogAction"]
    assert action["fulfillmentState"] == "Failed"
    assert action["message"] == {"contentType": "PlainText", "content": "One. Two."}
    assert action["responseCard"]["genericAttachments"][0]["subTitle"] == "4 December"


def test_elicit_slot_applies_slot_updates_in_both_versions(v2: LexV2Event, v1: LexV1Event) -> None:
    two = replies.elicit_slot(v2, "eventDate", "When?", slots={"eventDate": None})
    one = replies.elicit_slot(v1, "eventDate", "When?", slots={"eventDate": None})
    assert two["sessionState"]["intent"]["slots"]["eventDate"] is None
    assert one["dialogAction"]["slots"]["eventDate"] is None
    assert one["dialogAction"]["slots"]["eventName"] == "PyCon"


def test_confirm_intent_in_both_versions(v2: LexV2Event, v1: LexV1Event) -> None:
    assert replies.confirm_intent(v2, "OK?")["sessionState"]["dialogAction"]["type"] == (
        "ConfirmIntent"
    )
    assert replies.confirm_intent(v1, "OK?")["dialogAction"]["intentName"] == (
        "RegisterUserForEvent"
    )


def test_delegate_and_elicit_intent_in_both_versions(v2: LexV2Event, v1: LexV1Event) -> None:
    assert replies.delegate(v2)["sessionState"]["dialogAction"] == {"type": "Delegate"}
    assert replies.delegate(v1, slots={"email": "a@b.c"})["dialogAction"]["slots"]["email"] == (
        "a@b.c"
    )
    assert "intent" not in replies.elicit_intent(v2, "Anything else?")["sessionState"]
    assert replies.elicit_intent(v1, "Anything else?")["dialogAction"]["type"] == "ElicitIntent"


def test_session_attributes_override_in_both_versions(v2: LexV2Event, v1: LexV1Event) -> None:
    attributes = {"k": "v"}
    assert replies.close(v2, session_attributes=attributes)["sessionState"][
        "sessionAttributes"
    ] == {"k": "v"}
    assert replies.close(v1, session_attributes=attributes)["sessionAttributes"] == {"k": "v"}


def test_v1_limits_apply_to_a_v1_card(v1: LexV1Event) -> None:
    wide = Card("Events", buttons=(("Data Science Meetup", "Data Science Meetup"),))
    with pytest.raises(ResponseError, match="button text is 19"):
        replies.close(v1, "Pick one", card=wide)
