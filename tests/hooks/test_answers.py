"""What a hook's answer changes, read through the real adapter: a field the answer leaves out
keeps its current value where Lex keeps it (lex-flows §5.4; V1: §9.6), and an answer naming
another intent starts that intent afresh."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.dialog.hooks import Api, HookAnswer
from bot.nlu.types import Slot, SlotValue
from bot.turn import DialogAction, IntentState, SessionState
from tests.hooks import handlers
from tests.hooks.conftest import dialog_action, intent_state, slot_value, texts
from tests.hooks.turns import hook_calls, make_turn

PYCON = SlotValue("pycon", "PyCon", ["PyCon"])
DATE = SlotValue("12 March 2027", "2027-03-12", ["2027-03-12"])
EMAIL = SlotValue("ada@example.com", "ada@example.com", ["ada@example.com"])
TEN_THIRTY = SlotValue("ten thirty", None, ["10:30", "22:30"])


def registration(confirmation: str = "Confirmed", **slots: Slot) -> IntentState:
    filled: dict[str, Slot] = {
        "eventName": PYCON,
        "eventDate": DATE,
        "firstName": None,
        "email": EMAIL,
    }
    return IntentState("RegisterUserForEvent", filled | slots, "InProgress", confirmation)  # type: ignore[arg-type]


def answered(
    project: Any, answer: dict[str, Any], intent: IntentState, api: Api = "V2"
) -> tuple[IntentState | None, HookAnswer]:
    """The intent after `answer` came back for a dialog hook called on `intent`."""
    state = SessionState(DialogAction("ConfirmIntent"), copy.deepcopy(intent), {"visits": "2"})
    turn = make_turn(state, api=api, answer=answer)
    reply = hook_calls(project, "scripted", api).call(turn, "DialogCodeHook", None)
    return turn.intent, reply


@pytest.fixture
def project(trained_bot):
    return trained_bot[0]


def v2(action: dict[str, Any], intent: dict[str, Any] | None = None) -> dict[str, Any]:
    state: dict[str, Any] = {"dialogAction": action}
    if intent is not None:
        state["intent"] = intent
    return {"sessionState": state}


def lex(slot: SlotValue) -> dict[str, Any]:
    value = {"originalValue": slot.original_value, "interpretedValue": slot.interpreted_value}
    return {"shape": "Scalar", "value": value | {"resolvedValues": slot.resolved_values}}


# ---------------------------------------------------------------- V2


def test_delegate_without_confirmation_state_keeps_the_intent_confirmed(project):
    intent, _ = answered(
        project,
        v2({"type": "Delegate"}, {"name": "RegisterUserForEvent", "slots": {}}),
        registration("Confirmed"),
    )
    assert intent == registration("Confirmed")


def test_delegate_without_state_keeps_the_current_state(project):
    current = registration()
    current.state = "Failed"
    intent, reply = answered(
        project,
        v2({"type": "Delegate"}, {"name": "RegisterUserForEvent", "confirmationState": "None"}),
        current,
    )
    assert intent is not None
    assert (intent.state, intent.confirmation_state) == ("Failed", "None")
    assert (reply.sent_intent_state, reply.sent_confirmation_state) == (False, True)


def test_delegate_listing_some_slots_changes_those_and_keeps_the_others(project):
    said = SlotValue("Ada", "Ada", ["Ada"])
    answer = v2(
        {"type": "Delegate"},
        {"name": "RegisterUserForEvent", "slots": {"firstName": lex(said), "email": None}},
    )
    intent, _ = answered(project, answer, registration())
    assert intent is not None
    assert intent.slots == {"eventName": PYCON, "eventDate": DATE, "firstName": said, "email": None}


def test_elicit_slot_listing_no_slots_keeps_them_all(project):
    answer = v2(
        {"type": "ElicitSlot", "slotToElicit": "firstName"},
        {"name": "RegisterUserForEvent", "state": "InProgress"},
    )
    intent, _ = answered(project, answer, registration())
    assert intent == registration()


def test_delegate_without_an_intent_keeps_the_current_one(project):
    intent, _ = answered(project, v2({"type": "Delegate"}), registration())
    assert intent == registration()


def test_an_answer_naming_another_intent_starts_it_afresh(project):
    answer = v2({"type": "Delegate"}, {"name": "EventInfo"})
    intent, _ = answered(project, answer, registration("Confirmed"))
    assert intent == IntentState("EventInfo", {"eventName": None}, "InProgress", "None")


def test_a_switch_keeps_what_the_answer_sent_for_the_new_intent(project):
    answer = v2(
        {"type": "Delegate"},
        {"name": "EventInfo", "slots": {"eventName": lex(PYCON)}, "confirmationState": "Denied"},
    )
    intent, _ = answered(project, answer, registration())
    assert intent == IntentState("EventInfo", {"eventName": PYCON}, "InProgress", "Denied")


def test_an_ambiguous_time_sent_back_is_taken_back(project):
    answer = v2(
        {"type": "Delegate"},
        {"name": "RegisterUserForEvent", "slots": {"firstName": lex(TEN_THIRTY)}},
    )
    intent, _ = answered(project, answer, registration())
    assert intent is not None
    assert intent.slots["firstName"] == TEN_THIRTY


@pytest.mark.parametrize(
    "cleared",
    [None, {"value": None}, {"value": {"interpretedValue": None}}, {"shape": "Scalar"}],
)
def test_a_slot_sent_empty_is_cleared(project, cleared):
    answer = v2(
        {"type": "Delegate"}, {"name": "RegisterUserForEvent", "slots": {"eventDate": cleared}}
    )
    intent, _ = answered(project, answer, registration())
    assert intent is not None
    assert intent.slots["eventDate"] is None
    assert intent.slots["eventName"] == PYCON


def test_an_answer_from_the_public_v1_to_v2_adapter_is_taken(project):
    """What the adapter Lambda makes of a V1 blueprint's Delegate: nulls for empty slots, no
    state, no confirmation state, a null slotToElicit and kendra fields."""
    answer = {
        "sessionState": {
            "dialogAction": {
                "type": "Delegate",
                "slotToElicit": None,
                "kendraQueryRequestPayload": None,
                "kendraQueryFilterString": None,
            },
            "intent": {
                "name": "RegisterUserForEvent",
                "slots": {
                    "eventName": {"value": {"interpretedValue": "PyCon", "originalValue": "PyCon"}},
                    "eventDate": {"value": {"interpretedValue": None, "originalValue": None}},
                    "firstName": {"value": {"interpretedValue": 7, "originalValue": 7}},
                    "email": {"value": {"interpretedValue": None, "originalValue": None}},
                },
            },
            "sessionAttributes": {"checks": 1},
        },
        "messages": [],
    }
    intent, reply = answered(project, answer, registration())
    assert intent is not None
    assert intent.slots == {
        "eventName": SlotValue("PyCon", "PyCon", ["PyCon"]),
        "eventDate": None,
        "firstName": SlotValue("7", "7", ["7"]),
        "email": None,
    }
    assert intent.confirmation_state == "Confirmed"
    assert reply.session_state.session_attributes == {"checks": "1"}


# ---------------------------------------------------------------- V1


def v1(action: dict[str, Any]) -> dict[str, Any]:
    return {"dialogAction": action}


V1_SLOTS = {"eventName": "PyCon", "eventDate": "2027-03-12", "email": "ada@example.com"}


def test_v1_delegate_keeps_the_confirmation_status(project):
    answer = v1({"type": "Delegate", "slots": dict(V1_SLOTS, firstName=None)})
    intent, _ = answered(project, answer, registration("Confirmed"), "V1")
    assert intent == registration("Confirmed")


def test_v1_slot_left_out_of_the_slots_map_becomes_null(project):
    answer = v1({"type": "Delegate", "slots": {"eventName": "PyCon", "firstName": "Ada"}})
    intent, _ = answered(project, answer, registration(), "V1")
    assert intent is not None
    assert intent.slots == {
        "eventName": PYCON,  # sent back as it was: what was known of it is kept
        "eventDate": None,
        "firstName": SlotValue("Ada", "Ada", ["Ada"]),
        "email": None,
    }


def test_v1_numbers_and_booleans_in_slots_are_read_as_text(project):
    answer = v1({"type": "Delegate", "slots": dict(V1_SLOTS, eventDate=20270312, firstName=True)})
    intent, _ = answered(project, answer, registration(), "V1")
    assert intent is not None
    assert intent.slots["eventDate"] == SlotValue("20270312", "20270312", ["20270312"])
    assert intent.slots["firstName"] == SlotValue("true", "true", ["true"])


def test_v1_elicit_slot_keeps_the_confirmation_status(project):
    answer = v1(
        {
            "type": "ElicitSlot",
            "intentName": "RegisterUserForEvent",
            "slots": dict(V1_SLOTS, firstName=None),
            "slotToElicit": "firstName",
        }
    )
    intent, _ = answered(project, answer, registration("Denied"), "V1")
    assert intent is not None
    assert intent.confirmation_state == "Denied"


def test_v1_confirm_intent_asks_again_from_none(project):
    answer = v1(
        {
            "type": "ConfirmIntent",
            "intentName": "RegisterUserForEvent",
            "slots": dict(V1_SLOTS, firstName="Ada"),
        }
    )
    intent, _ = answered(project, answer, registration("Confirmed"), "V1")
    assert intent is not None
    assert intent.confirmation_state == "None"
    assert intent.slots["firstName"] == SlotValue("Ada", "Ada", ["Ada"])


def test_v1_ambiguous_time_sent_back_as_null_keeps_its_candidates(project):
    slots = dict(V1_SLOTS, firstName=None)
    intent, _ = answered(
        project, v1({"type": "Delegate", "slots": slots}), registration(firstName=TEN_THIRTY), "V1"
    )
    assert intent is not None
    assert intent.slots["firstName"] == TEN_THIRTY


def test_v1_close_sets_the_state_and_keeps_the_rest(project):
    answer = v1({"type": "Close", "fulfillmentState": "Fulfilled"})
    intent, _ = answered(project, answer, registration("Confirmed"), "V1")
    assert intent == IntentState(
        "RegisterUserForEvent", registration().slots, "Fulfilled", "Confirmed"
    )


# ---------------------------------------------------------------- a whole conversation


def test_a_blueprint_answering_without_confirmation_state_is_not_asked_again(hooked_bot):
    """The public OrderFlowers-with-repeat Lambda delegates with `{name, slots}` only: the
    confirmed intent goes on to fulfilment instead of being confirmed again and again."""
    bot = hooked_bot("blueprint_v2")
    sid = bot.new_session()
    for text in ("register me for PyCon", "12 March 2027", "Maria", "maria@example.com"):
        r = bot.say(sid, text)
    assert dialog_action(r) == ("ConfirmIntent", None)
    r = bot.say(sid, "yes")
    assert (intent_state(r), dialog_action(r)) == ("Fulfilled", ("Close", None))
    assert texts(r) == ["Thanks Maria, you're in."]
    assert r["sessionState"]["intent"]["confirmationState"] == "Confirmed"
    assert slot_value(r, "email") == "maria@example.com"  # Close sent no slots: all kept
    assert handlers.calls_for(sid)[-1] == "FulfillmentCodeHook"
