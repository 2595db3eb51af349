"""The Lex V1 shapes shared by the V1 runtime API and the V1 code hooks: string slots (ambiguous
and list values), `slotDetails`, intent names, generic-attachment cards with their limits, and
contexts with `parameters`."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bot.lex import v1
from bot.nlu.types import SlotValue
from bot.turn import ActiveContext, Button, Message, ResponseCard
from fulfillment import lexv1 as fulfillment_v1
from tests.lex.sent import V1Context

AMBIGUOUS = SlotValue("six", None, ["06:00", "18:00"])
PAIR = [SlotValue("cheese", "cheese", ["cheese"]), SlotValue("extra ham", None, [])]


def test_an_ambiguous_slot_is_null_for_a_hook_and_the_words_said_for_the_runtime() -> None:
    assert v1.slot_text(AMBIGUOUS) is None
    assert v1.slot_text(AMBIGUOUS, ambiguous_as_said=True) == "six"


def test_a_list_slot_is_its_values_joined() -> None:
    assert v1.slot_text(PAIR) == "cheese, extra ham"
    assert v1.slot_text(PAIR, ambiguous_as_said=True) == "cheese, extra ham"
    assert v1.slot_text([]) is None


def test_a_plain_slot_is_its_interpreted_value() -> None:
    assert v1.slot_text(SlotValue("pycon", "PyCon", ["PyCon"])) == "PyCon"
    assert v1.slot_text(None) is None
    assert v1.slots_out({"a": AMBIGUOUS, "b": None}) == {"a": None, "b": None}


def test_slot_details_list_an_ambiguous_values_candidates() -> None:
    assert v1.slot_details(AMBIGUOUS) == {
        "resolutions": [{"value": "06:00"}, {"value": "18:00"}],
        "originalValue": "six",
    }
    many = SlotValue("x", "x", [str(n) for n in range(9)])
    assert len((v1.slot_details(many) or {})["resolutions"]) == v1.MAX_RESOLUTIONS
    assert v1.slot_details(None) is None
    assert v1.slot_details([]) is None


def test_a_slot_string_reads_back_as_what_was_said_and_meant() -> None:
    assert v1.slot_in("PyCon") == SlotValue("PyCon", "PyCon", ["PyCon"])
    assert v1.slot_in(None) is None
    assert v1.slot_text(v1.slot_in("PyCon")) == "PyCon"


class Bot:
    def __init__(self) -> None:
        self.intents = {"FallbackIntent": object(), "OrderPizza": object()}

    def v1_intent_name(self, name: str) -> str:
        return "AMAZON.FallbackIntent" if name == "FallbackIntent" else name


def test_intents_go_by_their_v1_names() -> None:
    assert v1.intent_name(Bot(), "FallbackIntent") == "AMAZON.FallbackIntent"
    assert v1.intent_name(Bot(), "OrderPizza") == "OrderPizza"
    assert v1.intent_name(Bot(), "Unknown") == "Unknown"


def card(title: str, buttons: int = 1, text: str = "Yes") -> Message:
    return Message(
        "ImageResponseCard",
        None,
        ResponseCard(title, title, "https://example.com/a.png", (Button(text, "yes"),) * buttons),
    )


def test_response_cards_are_cut_to_v1_limits() -> None:
    long = card("t" * 250, buttons=7, text="b" * 50)
    out = v1.response_card_out([Message.text("Pick one")] + [long] * 12) or {}
    assert out["contentType"] == v1.CARD_CONTENT_TYPE
    attachments = out["genericAttachments"]
    assert len(attachments) == v1.MAX_ATTACHMENTS
    assert attachments[0]["title"] == "t" * v1.MAX_CARD_TEXT
    assert attachments[0]["subTitle"] == "t" * v1.MAX_CARD_TEXT
    assert len(attachments[0]["buttons"]) == v1.MAX_BUTTONS
    assert attachments[0]["buttons"][0] == {"text": "b" * v1.MAX_BUTTON_TEXT, "value": "yes"}
    assert v1.response_card_out([Message.text("no cards")]) is None


def test_a_card_within_the_limits_reads_back_the_same() -> None:
    message = card("t" * v1.MAX_CARD_TEXT, buttons=v1.MAX_BUTTONS, text="b" * v1.MAX_BUTTON_TEXT)
    out = v1.response_card_out([message])
    assert v1.cards_in(v1.ResponseCardModel.model_validate(out)) == [message]


@pytest.mark.parametrize(
    "change",
    [
        {"title": "t" * (v1.MAX_CARD_TEXT + 1)},
        {"subTitle": "s" * (v1.MAX_CARD_TEXT + 1)},
        {"imageUrl": "u" * (v1.MAX_URL + 1)},
        {"buttons": [{"text": "b", "value": "v"}] * (v1.MAX_BUTTONS + 1)},
        {"buttons": [{"text": "b" * (v1.MAX_BUTTON_TEXT + 1), "value": "v"}]},
        {"buttons": [{"text": "b", "value": "v" * (v1.MAX_BUTTON_VALUE + 1)}]},
    ],
    ids=["title", "subtitle", "image", "buttons", "button-text", "button-value"],
)
def test_a_card_over_a_limit_is_refused(change: dict[str, Any]) -> None:
    attachment = {"title": "Pick one", "buttons": [{"text": "Yes", "value": "yes"}]} | change
    with pytest.raises(ValidationError):
        v1.ResponseCardModel.model_validate(
            {"contentType": v1.CARD_CONTENT_TYPE, "genericAttachments": [attachment]}
        )


def test_contexts_carry_parameters_and_read_back_as_written() -> None:
    context = ActiveContext("ordering", 90, 3, {"size": "large"})
    assert v1.contexts_out([context]) == [
        {
            "name": "ordering",
            "timeToLive": {"timeToLiveInSeconds": 90, "turnsToLive": 3},
            "parameters": {"size": "large"},
        }
    ]
    models = [V1Context.model_validate(c) for c in v1.contexts_out([context])]
    assert v1.contexts_in(models) == [context]


def test_card_limits_are_the_fulfillment_librarys() -> None:
    assert v1.MAX_CARD_TEXT == fulfillment_v1.MAX_CARD_TEXT
    assert v1.MAX_URL == fulfillment_v1.MAX_URL
    assert v1.MAX_ATTACHMENTS == fulfillment_v1.MAX_ATTACHMENTS
    assert v1.MAX_BUTTONS == fulfillment_v1.MAX_BUTTONS
    assert v1.MAX_BUTTON_TEXT == fulfillment_v1.MAX_BUTTON_TEXT
    assert v1.MAX_BUTTON_VALUE == fulfillment_v1.MAX_BUTTON_VALUE
    assert v1.CARD_CONTENT_TYPE == fulfillment_v1.CARD_CONTENT_TYPE
