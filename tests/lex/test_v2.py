"""The Lex V2 shapes shared by the runtime API and the code hooks: slots out and back in, the
intent, the dialog action, the session state, and messages with their card limits."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bot.lex import v2
from bot.nlu.types import Slot, SlotValue
from bot.turn import (
    ActiveContext,
    Button,
    DialogAction,
    IntentState,
    Message,
    ResponseCard,
    SessionState,
)
from fulfillment import lexv2 as fulfillment_v2
from tests.lex.sent import V2Context

PYCON = SlotValue("pycon", "PyCon", ["PyCon"])
AMBIGUOUS = SlotValue("ten thirty", None, ["10:30", "22:30"])
SLOTS: list[Slot] = [
    None,
    PYCON,
    AMBIGUOUS,
    [SlotValue("cheese", "cheese", ["cheese"]), SlotValue("ham", "ham", ["ham"])],
]


def read_back(lex: dict[str, Any] | None) -> Slot:
    return v2.slot_in(None if lex is None else v2.SlotModel.model_validate(lex))


@pytest.mark.parametrize("scalar_shape", [False, True])
@pytest.mark.parametrize("slot", SLOTS, ids=["none", "scalar", "ambiguous", "list"])
def test_a_slot_written_out_reads_back_the_same(slot: Slot, scalar_shape: bool) -> None:
    assert read_back(v2.slot_out(slot, scalar_shape=scalar_shape)) == slot


def test_scalar_shape_is_written_only_when_asked() -> None:
    assert "shape" not in (v2.slot_out(PYCON) or {})
    assert (v2.slot_out(PYCON, scalar_shape=True) or {})["shape"] == "Scalar"
    assert (v2.slot_out(SLOTS[3]) or {})["shape"] == "List"


def test_a_composite_slot_reads_as_its_sub_slots_joined() -> None:
    lex = {
        "shape": "Composite",
        "subSlots": {
            "first": {"value": {"originalValue": "jane", "interpretedValue": "Jane"}},
            "last": {"value": {"originalValue": "doe", "interpretedValue": "Doe"}},
        },
    }
    assert read_back(lex) == SlotValue("jane doe", "Jane Doe", ["Jane Doe"])


def test_slot_values_given_as_numbers_read_as_text() -> None:
    lex = {"value": {"originalValue": 25, "interpretedValue": 25}}
    assert read_back(lex) == SlotValue("25", "25", ["25"])


def test_intent_out_shows_the_state_a_format_asks_for() -> None:
    intent = IntentState("OrderPizza", {"topping": PYCON}, "Waiting", "Confirmed")
    assert v2.intent_out(intent) == {
        "name": "OrderPizza",
        "slots": {"topping": v2.slot_out(PYCON)},
        "state": "Waiting",
        "confirmationState": "Confirmed",
    }
    shown = v2.intent_out(intent, state="InProgress", scalar_shape=True)
    assert shown["state"] == "InProgress"
    assert shown["slots"]["topping"]["shape"] == "Scalar"


def test_dialog_action_carries_its_elicitation_style() -> None:
    action = DialogAction("ElicitSlot", "postcode", "SpellByLetter")
    assert v2.dialog_action_out(action) == {
        "type": "ElicitSlot",
        "slotToElicit": "postcode",
        "slotElicitationStyle": "SpellByLetter",
    }
    assert v2.dialog_action_out(DialogAction("ElicitSlot", "postcode")) == {
        "type": "ElicitSlot",
        "slotToElicit": "postcode",
    }
    model = v2.DialogActionModel.model_validate(v2.dialog_action_out(action))
    assert v2.dialog_action_in(model) == action


def test_session_state_out_writes_every_part_it_has() -> None:
    context = ActiveContext("ordering", 90, 3, {"size": "large"})
    state = SessionState(
        DialogAction("Delegate"),
        IntentState("OrderPizza"),
        {"visits": "2"},
        [context],
        "request-7",
    )
    assert v2.session_state_out(state) == {
        "sessionAttributes": {"visits": "2"},
        "dialogAction": {"type": "Delegate"},
        "intent": v2.intent_out(IntentState("OrderPizza")),
        "activeContexts": [
            {
                "name": "ordering",
                "timeToLive": {"timeToLiveInSeconds": 90, "turnsToLive": 3},
                "contextAttributes": {"size": "large"},
            }
        ],
        "originatingRequestId": "request-7",
    }


def test_session_state_out_leaves_out_what_is_not_there_and_takes_the_intent_given() -> None:
    state = SessionState(intent=IntentState("OrderPizza"))
    shown = {"name": "OrderPizza", "shown": "as the caller's format shows it"}
    assert v2.session_state_out(SessionState()) == {"sessionAttributes": {}}
    assert v2.session_state_out(state, intent=shown)["intent"] is shown


def test_contexts_read_back_as_they_were_written() -> None:
    context = ActiveContext("ordering", 90, 3, {"size": "large"})
    models = [V2Context.model_validate(v2.context_out(context))]
    assert v2.contexts_in(models) == [context]


CARD = ResponseCard(
    "t" * v2.MAX_CARD_TEXT,
    "s" * v2.MAX_CARD_TEXT,
    "https://example.com/" + "i" * (v2.MAX_CARD_TEXT - 20),
    tuple(
        Button("b" * v2.MAX_BUTTON_TEXT, "v" * v2.MAX_BUTTON_TEXT) for _ in range(v2.MAX_BUTTONS)
    ),
)


@pytest.mark.parametrize(
    "message",
    [
        Message.text("Hello"),
        Message("SSML", "<speak>Hi</speak>"),
        Message("ImageResponseCard", None, CARD),
    ],
    ids=["text", "ssml", "card"],
)
def test_a_message_at_the_limits_reads_back_the_same(message: Message) -> None:
    models = [v2.MessageModel.model_validate(v2.message_out(message))]
    assert v2.messages_in(models) == [message]


@pytest.mark.parametrize(
    "change",
    [
        {"title": "t" * (v2.MAX_CARD_TEXT + 1)},
        {"subtitle": "s" * (v2.MAX_CARD_TEXT + 1)},
        {"buttons": [{"text": "b", "value": "v"}] * (v2.MAX_BUTTONS + 1)},
        {"buttons": [{"text": "b" * (v2.MAX_BUTTON_TEXT + 1), "value": "v"}]},
        {"buttons": [{"text": "b", "value": "v" * (v2.MAX_BUTTON_TEXT + 1)}]},
    ],
    ids=["title", "subtitle", "buttons", "button-text", "button-value"],
)
def test_a_card_over_a_limit_is_refused(change: dict[str, Any]) -> None:
    card = {"title": "Pick one", "buttons": [{"text": "Yes", "value": "yes"}]} | change
    with pytest.raises(ValidationError):
        v2.MessageModel.model_validate(
            {"contentType": "ImageResponseCard", "imageResponseCard": card}
        )


def test_a_message_needs_its_body() -> None:
    with pytest.raises(ValidationError, match="needs content"):
        v2.MessageModel.model_validate({"contentType": "PlainText"})
    with pytest.raises(ValidationError, match="needs imageResponseCard"):
        v2.MessageModel.model_validate({"contentType": "ImageResponseCard"})


def test_card_limits_are_the_fulfillment_librarys() -> None:
    assert v2.MAX_CARD_TEXT == fulfillment_v2.MAX_CARD_TEXT
    assert v2.MAX_BUTTONS == fulfillment_v2.MAX_BUTTONS
    assert v2.MAX_BUTTON_TEXT == fulfillment_v2.MAX_BUTTON_TEXT
