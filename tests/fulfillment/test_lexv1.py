"""Lex V1 response builders: the §2.4 shapes (as the blueprints build them) and the limits."""

from __future__ import annotations

import pytest

from fulfillment import lexv1
from fulfillment.errors import ResponseError

SLOTS = {"eventName": "PyCon", "eventDate": None}
MESSAGE = {"contentType": "PlainText", "content": "Hello"}


def test_close_is_the_blueprint_shape() -> None:
    assert lexv1.close({"a": "b"}, "Fulfilled", MESSAGE) == {
        "sessionAttributes": {"a": "b"},
        "dialogAction": {"type": "Close", "fulfillmentState": "Fulfilled", "message": MESSAGE},
    }


def test_close_needs_fulfilled_or_failed() -> None:
    assert lexv1.close({}, "Failed")["dialogAction"]["fulfillmentState"] == "Failed"
    with pytest.raises(ResponseError, match="fulfillmentState"):
        lexv1.close({}, "ReadyForFulfillment")


def test_a_string_message_is_plain_text() -> None:
    assert lexv1.close({}, "Fulfilled", "Hello")["dialogAction"]["message"] == MESSAGE


def test_elicit_slot_shape() -> None:
    assert lexv1.elicit_slot({}, "RegisterUserForEvent", SLOTS, "eventDate", MESSAGE) == {
        "sessionAttributes": {},
        "dialogAction": {
            "type": "ElicitSlot",
            "intentName": "RegisterUserForEvent",
            "slots": SLOTS,
            "slotToElicit": "eventDate",
            "message": MESSAGE,
        },
    }


def test_confirm_intent_shape_with_a_card() -> None:
    card = lexv1.response_card(lexv1.generic_attachment("Confirm", buttons=[("Yes", "yes")]))
    response = lexv1.confirm_intent({}, "RegisterUserForEvent", SLOTS, MESSAGE, card)
    assert response["dialogAction"] == {
        "type": "ConfirmIntent",
        "intentName": "RegisterUserForEvent",
        "slots": SLOTS,
        "message": MESSAGE,
        "responseCard": card,
    }


def test_delegate_shape() -> None:
    assert lexv1.delegate({"Price": 25}, SLOTS) == {
        "sessionAttributes": {"Price": 25},
        "dialogAction": {"type": "Delegate", "slots": SLOTS},
    }


def test_elicit_intent_shape() -> None:
    assert lexv1.elicit_intent({}, "What next?") == {
        "sessionAttributes": {},
        "dialogAction": {"type": "ElicitIntent", "message": MESSAGE | {"content": "What next?"}},
    }


def test_none_session_attributes_leave_the_key_out() -> None:
    assert "sessionAttributes" not in lexv1.close(None, "Fulfilled")


def test_active_contexts_are_sent_when_given() -> None:
    context = {"name": "c", "timeToLive": {"timeToLiveInSeconds": 60, "turnsToLive": 1}}
    response = lexv1.delegate({}, {}, active_contexts=[context])
    assert response["activeContexts"] == [context]


def test_builders_copy_their_inputs() -> None:
    slots = dict(SLOTS)
    response = lexv1.delegate({}, slots)
    response["dialogAction"]["slots"]["eventName"] = "X"
    assert slots["eventName"] == "PyCon"


def test_response_card_shape() -> None:
    card = lexv1.response_card(
        lexv1.generic_attachment(
            "PyCon",
            "4 December",
            "https://example.com/p.png",
            "https://example.com/pycon",
            [("Yes", "yes")],
        )
    )
    assert card == {
        "version": 1,
        "contentType": "application/vnd.amazonaws.card.generic",
        "genericAttachments": [
            {
                "title": "PyCon",
                "subTitle": "4 December",
                "imageUrl": "https://example.com/p.png",
                "attachmentLinkUrl": "https://example.com/pycon",
                "buttons": [{"text": "Yes", "value": "yes"}],
            }
        ],
    }


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"title": "x" * 81}, "card title is 81 characters; Lex allows 80"),
        ({"title": "t", "sub_title": "s" * 81}, "card subTitle is 81 characters"),
        ({"title": "t", "buttons": [("b", "b")] * 6}, "6 buttons; Lex allows at most 5"),
        ({"title": "t", "buttons": [("Data Science Meetup", "v")]}, "button text is 19"),
        ({"title": "t", "buttons": [("t", "v" * 1001)]}, "button value is 1001"),
        ({"title": "t", "image_url": "u" * 2049}, "imageUrl"),
    ],
)
def test_card_limits_raise_a_clear_error(kwargs: dict, error: str) -> None:
    with pytest.raises(ResponseError, match=error):
        lexv1.generic_attachment(**kwargs)


def test_response_card_limits() -> None:
    one = lexv1.generic_attachment("t")
    assert len(lexv1.response_card(*[one] * 10)["genericAttachments"]) == 10
    with pytest.raises(ResponseError, match="11 genericAttachments"):
        lexv1.response_card(*[one] * 11)
    with pytest.raises(ResponseError, match="at least one"):
        lexv1.response_card()


def test_hand_built_cards_and_messages_are_checked() -> None:
    card = {
        "version": 1,
        "contentType": "application/vnd.amazonaws.card.generic",
        "genericAttachments": [{"title": "t", "buttons": [{"text": "x" * 16, "value": "v"}]}],
    }
    with pytest.raises(ResponseError, match="button text is 16"):
        lexv1.close({}, "Fulfilled", response_card=card)
    with pytest.raises(ResponseError, match="contentType"):
        lexv1.close({}, "Fulfilled", response_card={"genericAttachments": []})
    with pytest.raises(ResponseError, match="contentType"):
        lexv1.close({}, "Fulfilled", {"contentType": "ImageResponseCard", "content": "x"})
    with pytest.raises(ResponseError, match="1025 characters"):
        lexv1.close({}, "Fulfilled", "x" * 1025)


def test_required_names_are_checked() -> None:
    with pytest.raises(ResponseError, match="intentName"):
        lexv1.elicit_slot({}, "", SLOTS, "eventDate")
    with pytest.raises(ResponseError, match="slotToElicit"):
        lexv1.elicit_slot({}, "X", SLOTS, "")
    with pytest.raises(ResponseError, match="slots"):
        lexv1.delegate({}, None)  # type: ignore[arg-type]
