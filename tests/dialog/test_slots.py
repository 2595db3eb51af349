"""Slot defaults, merging answers, and the stored document's JSON round trip."""

from __future__ import annotations

import json

from bot.dialog import contexts
from bot.dialog.document import SessionDocument
from bot.dialog.slots import apply_defaults, merge_answer, new_intent
from bot.nlu.engine import NLUEngine
from bot.nlu.types import Interpretation, ParseContext, SlotValue
from bot.project.loader import BotProject
from bot.project.schema import IntentDefinition
from bot.turn import (
    Button,
    DialogAction,
    IntentState,
    Message,
    ResponseCard,
    SessionState,
)
from tests.dialog.conftest import KEY


def _with_defaults(*defaults: str) -> IntentDefinition:
    """RegisterUserForEvent whose eventName has the given default values."""
    return IntentDefinition.model_validate(
        {
            "name": "RegisterUserForEvent",
            "slots": [
                {
                    "name": "eventName",
                    "slotTypeName": "EventName",
                    "valueElicitationSetting": {
                        "slotConstraint": "Optional",
                        "defaultValueSpecification": {
                            "defaultValueList": [{"defaultValue": d} for d in defaults]
                        },
                    },
                }
            ],
        }
    )


def _default(
    nlu: NLUEngine,
    ctx: ParseContext,
    *defaults: str,
    context: dict[str, str] | None = None,
    session: dict[str, str] | None = None,
    request: dict[str, str] | None = None,
) -> str | None:
    """The eventName a new intent gets from `defaults`, with these attributes around."""
    definition = _with_defaults(*defaults)
    intent = new_intent(definition)
    apply_defaults(
        definition,
        intent,
        nlu,
        ctx,
        contexts={"registered": context} if context else {},
        session_attributes=session or {},
        request_attributes=request or {},
    )
    value = intent.slots["eventName"]
    assert value is None or isinstance(value, SlotValue)
    return value.interpreted_value if value else None


def test_default_from_a_session_attribute(engine: NLUEngine, ctx: ParseContext):
    assert _default(engine, ctx, "[event]", session={"event": "PyCon"}) == "PyCon"


def test_default_from_a_request_attribute(engine: NLUEngine, ctx: ParseContext):
    assert _default(engine, ctx, "<event>", request={"event": "DevOps Days"}) == "DevOps Days"


def test_default_from_a_context_attribute(engine: NLUEngine, ctx: ParseContext):
    assert _default(engine, ctx, "#registered.eventName", context={"eventName": "PyCon"}) == (
        "PyCon"
    )


def test_first_usable_default_wins_and_a_fixed_value_is_resolved(
    engine: NLUEngine, ctx: ParseContext
):
    # "the summit" is a synonym of AWS Summit: a default is resolved like a spoken value.
    assert _default(engine, ctx, "[missing]", "<missing>", "the summit", "PyCon") == "AWS Summit"


def test_no_usable_default_leaves_the_slot_empty(engine: NLUEngine, ctx: ParseContext):
    assert _default(engine, ctx, "[missing]", "#registered.eventName") is None


def test_volunteered_value_fills_only_empty_slots(
    trained_bot: tuple[BotProject, NLUEngine, object],
):
    project = trained_bot[0]
    intent = new_intent(project.intents["RegisterUserForEvent"])
    intent.slots["firstName"] = SlotValue("Maria", "Maria", ["Maria"])
    merge_answer(
        intent,
        "eventDate",
        {
            "eventDate": SlotValue("friday", "2026-11-27", ["2026-11-27"], 0, 6),
            "firstName": SlotValue("Bob", "Bob", ["Bob"], 10, 13),
            "email": SlotValue("friday", "friday", ["friday"], 0, 6),  # the same words
        },
    )
    assert intent.slots["eventDate"] is not None
    assert intent.slots["firstName"] == SlotValue("Maria", "Maria", ["Maria"])
    assert intent.slots["email"] is None


def test_session_document_round_trips_through_json():
    doc = SessionDocument(
        key=KEY,
        state=SessionState(
            dialog_action=DialogAction("ElicitSlot", "toppings"),
            intent=IntentState(
                "OrderPizza",
                {
                    "size": SlotValue("big", "large", ["large"]),
                    "toppings": [SlotValue("ham", "ham", ["ham"])],
                    "crust": None,
                },
                "InProgress",
                "None",
            ),
            session_attributes={"a": "1"},
            originating_request_id="r-1",
        ),
        contexts=[contexts.activate("ordered", 2, 60, {"size": "large"}, 1000.0)],
        retries={"slot:OrderPizza.toppings": 1},
        last_messages=[
            Message.text("Which toppings?"),
            Message(
                "ImageResponseCard",
                card=ResponseCard("Toppings", None, None, (Button("Ham", "ham"),)),
            ),
        ],
        interpretations=[
            Interpretation("OrderPizza", 0.9, {"size": None}),
            Interpretation("FallbackIntent", None),
        ],
        last_input="a big pizza",
        turn=4,
        updated_at=1000.0,
    )
    data = json.loads(json.dumps(doc.to_json()))
    assert SessionDocument.from_json(data) == doc


def test_contexts_view_shows_what_is_left():
    context = contexts.activate("registered", 3, 300, {}, 1000.0)
    (seen,) = contexts.view([context], 1100.5)
    assert (seen.turns_to_live, seen.time_to_live_seconds) == (3, 200)
    assert contexts.view([context], 1300.0) == []
