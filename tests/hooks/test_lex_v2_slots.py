"""Slots in Lex V2 hook answers: every shape the engine's events carry is taken back (an
ambiguous value with `interpretedValue: null`, List slots, `null` and cleared slots), numbers read
as text, and composite slots read as one value (the neutral slot has no sub-slots)."""

from __future__ import annotations

import pytest

from bot.hooks.lex_v2_event import parse_answer
from bot.nlu.types import SlotValue
from tests.hooks.test_lex_v2_event import answer, live_intent


def test_an_ambiguous_value_is_taken_back_with_its_candidates():
    intent = live_intent()
    intent["slots"]["eventDate"] = {
        "shape": "Scalar",
        "value": {
            "originalValue": "ten thirty",
            "interpretedValue": None,
            "resolvedValues": ["10:30", "22:30"],
        },
    }
    parsed = parse_answer(answer({"type": "Delegate"}, intent))
    assert parsed.session_state.intent is not None
    slot = parsed.session_state.intent.slots["eventDate"]
    assert slot == SlotValue("ten thirty", None, ["10:30", "22:30"])


@pytest.mark.parametrize(
    "slot",
    [
        None,
        {"shape": "Scalar"},
        {"value": None},
        {"value": {"interpretedValue": None}},
        {"shape": "Scalar", "value": {"interpretedValue": None, "originalValue": None}},
        {"shape": "List", "values": []},
        {"shape": "Composite", "subSlots": {"city": None}},
    ],
)
def test_empty_and_cleared_slots_read_as_none(slot):
    intent = dict(live_intent(), slots={"eventDate": slot})
    parsed = parse_answer(answer({"type": "Delegate"}, intent))
    assert parsed.session_state.intent is not None
    assert parsed.session_state.intent.slots == {"eventDate": None}


def test_list_slots_are_read_from_their_values_or_their_joined_value():
    item = {"shape": "Scalar", "value": {"originalValue": "pycon", "interpretedValue": "PyCon"}}
    slots = {
        "eventName": {"shape": "List", "values": [item, None, {"value": {"interpretedValue": 4}}]},
        "email": {"shape": "List", "value": {"interpretedValue": "a@b.org"}, "values": []},
        "firstName": {"shape": "Scalar", "value": {"interpretedValue": "Ada"}, "values": []},
    }
    parsed = parse_answer(answer({"type": "Delegate"}, dict(live_intent(), slots=slots)))
    assert parsed.session_state.intent is not None
    assert parsed.session_state.intent.slots == {
        "eventName": [SlotValue("pycon", "PyCon", ["PyCon"]), SlotValue("4", "4", ["4"])],
        "email": [SlotValue("a@b.org", "a@b.org", ["a@b.org"])],
        "firstName": SlotValue("Ada", "Ada", ["Ada"]),
    }


def test_numbers_and_booleans_in_slot_values_are_read_as_text():
    slot = {"value": {"originalValue": 4, "interpretedValue": 4.5, "resolvedValues": [True]}}
    intent = dict(live_intent(), slots={"eventDate": slot})
    parsed = parse_answer(answer({"type": "Delegate"}, intent))
    assert parsed.session_state.intent is not None
    assert parsed.session_state.intent.slots["eventDate"] == SlotValue("4", "4.5", ["true"])


def test_composite_slots_are_read_as_their_sub_slots_joined_text():
    intent = live_intent()
    intent["slots"]["eventName"] = {
        "shape": "Composite",
        "subSlots": {
            "city": {
                "shape": "Scalar",
                "value": {"originalValue": "NYC", "interpretedValue": "New York"},
            },
            "year": {"value": {"originalValue": "2027", "interpretedValue": "2027"}},
            "venue": None,
        },
    }
    parsed = parse_answer(answer({"type": "Delegate"}, intent))
    assert parsed.session_state.intent is not None
    slot = parsed.session_state.intent.slots["eventName"]
    assert slot == SlotValue("NYC 2027", "New York 2027", ["New York 2027"])
