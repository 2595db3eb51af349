"""The Lex V1 code-hook wire format: the event built from a neutral invocation (reference §2.3)
and the blueprint-style response read back (§2.4), with invalid answers refused clearly."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.dialog.hooks import HookInvocation
from bot.hooks import InvalidHookAnswer
from bot.hooks.lex_v1_event import build_event, parse_answer
from bot.nlu.types import Interpretation, Slot, SlotValue
from bot.turn import (
    ActiveContext,
    Button,
    DialogAction,
    IntentState,
    Message,
    ResponseCard,
    SessionKey,
    SessionState,
)

KEY = SessionKey("ABCDEFGHIJ", "prod", "v1", "user-1")
PYCON = SlotValue("pycon", "PyCon", ["PyCon"])


def invocation(
    source: str = "DialogCodeHook", intent: str = "RegisterUserForEvent"
) -> HookInvocation:
    slots: dict[str, Slot] = {
        "eventName": PYCON,
        "eventDate": None,
        "firstName": None,
        "email": None,
    }
    state = SessionState(
        dialog_action=DialogAction("ElicitSlot", "eventName"),
        intent=IntentState(intent, slots if intent == "RegisterUserForEvent" else {}),
        session_attributes={"visits": "2"},
        active_contexts=[ActiveContext("registered", 280, 2, {"eventName": "AWS Summit"})],
    )
    return HookInvocation(
        source=source,  # type: ignore[arg-type]
        key=KEY,
        session_state=state,
        interpretations=[
            Interpretation(intent, 0.9712, {"eventName": PYCON}),
            Interpretation("FallbackIntent", None, {}),
        ],
        input_text="pycon",
        request_attributes={},
        proposed_next=DialogAction("ElicitSlot", "eventDate"),
        api="V1",
    )


@pytest.fixture
def project(trained_bot):
    return trained_bot[0]


def test_v1_event_has_exactly_the_lex_v1_fields(project):
    assert build_event(invocation(), project) == {
        "messageVersion": "1.0",
        "invocationSource": "DialogCodeHook",
        "userId": "user-1",
        "inputTranscript": "pycon",
        "outputDialogMode": "Text",
        "bot": {"name": "EventBot", "alias": "prod", "version": "$LATEST"},
        "currentIntent": {
            "name": "RegisterUserForEvent",
            "nluIntentConfidenceScore": 0.97,
            "slots": {"eventName": "PyCon", "eventDate": None, "firstName": None, "email": None},
            "slotDetails": {
                "eventName": {"resolutions": [{"value": "PyCon"}], "originalValue": "pycon"},
                "eventDate": None,
                "firstName": None,
                "email": None,
            },
            "confirmationStatus": "None",
        },
        "alternativeIntents": [
            {"name": "AMAZON.FallbackIntent", "slots": {}, "confirmationStatus": "None"}
        ],
        "sessionAttributes": {"visits": "2"},
        "requestAttributes": None,
        "recentIntentSummaryView": [
            {
                "intentName": "RegisterUserForEvent",
                "checkpointLabel": None,
                "slots": {
                    "eventName": "PyCon",
                    "eventDate": None,
                    "firstName": None,
                    "email": None,
                },
                "confirmationStatus": "None",
                "dialogActionType": "ElicitSlot",
                "fulfillmentState": None,
                "slotToElicit": "eventName",
            }
        ],
        "activeContexts": [
            {
                "name": "registered",
                "timeToLive": {"timeToLiveInSeconds": 280, "turnsToLive": 2},
                "parameters": {"eventName": "AWS Summit"},
            }
        ],
    }


def test_v1_event_sends_an_ambiguous_time_as_null_with_its_candidates(project):
    inv = invocation()
    assert inv.session_state.intent is not None
    inv.session_state.intent.slots["eventDate"] = SlotValue("ten thirty", None, ["10:30", "22:30"])
    current = build_event(inv, project)["currentIntent"]
    assert current["slots"]["eventDate"] is None
    assert current["slotDetails"]["eventDate"] == {
        "resolutions": [{"value": "10:30"}, {"value": "22:30"}],
        "originalValue": "ten thirty",
    }


def test_v1_event_names_built_in_intents_by_their_signature(project):
    event = build_event(invocation("FulfillmentCodeHook", "FallbackIntent"), project)
    assert event["invocationSource"] == "FulfillmentCodeHook"
    assert event["currentIntent"]["name"] == "AMAZON.FallbackIntent"


def test_v1_fulfilment_event_of_a_search_intent_carries_the_kendra_response(project):
    kendra = {"QueryId": "q-1", "ResultItems": []}
    inv = replace(invocation("FulfillmentCodeHook"), kendra_response=kendra)
    assert build_event(inv, project)["kendraResponse"] == kendra
    assert "kendraResponse" not in build_event(invocation(), project)


# ---------------------------------------------------------------- answers


def message(content: str) -> dict[str, str]:
    return {"contentType": "PlainText", "content": content}


SLOTS = {"eventName": "PyCon", "eventDate": None, "firstName": None, "email": None}


def parse(action: dict[str, Any], project: Any, **rest: Any):  # type: ignore[no-untyped-def]
    return parse_answer({"dialogAction": action, **rest}, invocation(), project)


def test_close_ends_the_current_intent(project):
    parsed = parse(
        {"type": "Close", "fulfillmentState": "Fulfilled", "message": message("Done")},
        project,
        sessionAttributes={"price": 25},
    )
    state = parsed.session_state
    assert state.dialog_action == DialogAction("Close")
    assert state.intent is not None
    assert (state.intent.name, state.intent.state) == ("RegisterUserForEvent", "Fulfilled")
    assert state.intent.slots == {}  # Close sends no slots: the current ones are kept
    assert (parsed.sent_intent_state, parsed.sent_confirmation_state) == (True, False)
    assert parsed.messages == [Message.text("Done")]
    assert (state.session_attributes, parsed.sent_attributes) == ({"price": "25"}, True)


def test_close_with_a_generic_attachment_card(project):
    card = {
        "version": 1,
        "contentType": "application/vnd.amazonaws.card.generic",
        "genericAttachments": [
            {
                "title": "PyCon",
                "subTitle": "12 March",
                "imageUrl": "https://example.com/p.png",
                "buttons": [{"text": "Agenda", "value": "show the agenda"}],
            }
        ],
    }
    parsed = parse({"type": "Close", "fulfillmentState": "Failed", "responseCard": card}, project)
    assert parsed.session_state.intent is not None
    assert parsed.session_state.intent.state == "Failed"
    assert parsed.messages == [
        Message(
            "ImageResponseCard",
            None,
            ResponseCard(
                "PyCon",
                "12 March",
                "https://example.com/p.png",
                (Button("Agenda", "show the agenda"),),
            ),
        )
    ]


def test_elicit_slot_reads_string_slots_and_keeps_known_values(project):
    slots = dict(SLOTS, eventDate="2027-03-12")
    parsed = parse(
        {
            "type": "ElicitSlot",
            "intentName": "RegisterUserForEvent",
            "slots": slots,
            "slotToElicit": "firstName",
            "message": message("Who?"),
        },
        project,
    )
    state = parsed.session_state
    assert state.dialog_action == DialogAction("ElicitSlot", "firstName")
    assert state.intent is not None
    assert state.intent.slots["eventName"] == PYCON  # unchanged: the original value kept
    assert state.intent.slots["eventDate"] == SlotValue("2027-03-12", "2027-03-12", ["2027-03-12"])
    assert parsed.sent_attributes is False


def test_confirm_intent_without_a_message_uses_the_configured_prompt(project):
    parsed = parse(
        {"type": "ConfirmIntent", "intentName": "RegisterUserForEvent", "slots": SLOTS}, project
    )
    assert parsed.session_state.dialog_action == DialogAction("ConfirmIntent")
    assert parsed.messages == []


def test_delegate_may_change_slots(project):
    parsed = parse({"type": "Delegate", "slots": dict(SLOTS, email="a@b.org")}, project)
    intent = parsed.session_state.intent
    assert intent is not None
    assert intent.slots["email"] == SlotValue("a@b.org", "a@b.org", ["a@b.org"])
    assert parsed.session_state.dialog_action == DialogAction("Delegate")
    assert (parsed.sent_intent_state, parsed.sent_confirmation_state) == (False, False)


def test_a_slot_left_out_of_a_v1_answer_is_null(project):
    parsed = parse({"type": "Delegate", "slots": {"email": "a@b.org"}}, project)
    intent = parsed.session_state.intent
    assert intent is not None
    assert intent.slots == {
        "eventName": None,
        "eventDate": None,
        "firstName": None,
        "email": SlotValue("a@b.org", "a@b.org", ["a@b.org"]),
    }


def test_v1_slot_values_that_are_numbers_or_booleans_are_read_as_text(project):
    parsed = parse(
        {"type": "Delegate", "slots": dict(SLOTS, eventDate=4, firstName=False)}, project
    )
    intent = parsed.session_state.intent
    assert intent is not None
    assert intent.slots["eventDate"] == SlotValue("4", "4", ["4"])
    assert intent.slots["firstName"] == SlotValue("false", "false", ["false"])


def test_only_confirm_intent_sets_the_confirmation_status(project):
    confirm = parse(
        {"type": "ConfirmIntent", "intentName": "RegisterUserForEvent", "slots": SLOTS}, project
    )
    assert confirm.sent_confirmation_state is True
    elicit = parse(
        {
            "type": "ElicitSlot",
            "intentName": "RegisterUserForEvent",
            "slots": SLOTS,
            "slotToElicit": "email",
        },
        project,
    )
    assert (elicit.sent_intent_state, elicit.sent_confirmation_state) == (False, False)


def test_elicit_intent_drops_the_intent(project):
    parsed = parse({"type": "ElicitIntent", "message": message("What now?")}, project)
    assert parsed.session_state.intent is None
    assert parsed.messages == [Message.text("What now?")]


def test_contexts_with_no_life_left_are_not_set(project):
    parsed = parse(
        {"type": "Delegate"},
        project,
        activeContexts=[
            {"name": "a", "timeToLive": {"timeToLiveInSeconds": 60, "turnsToLive": 2}},
            {"name": "b", "timeToLive": {"timeToLiveInSeconds": 0, "turnsToLive": 0}},
        ],
    )
    assert parsed.sent_contexts is True
    assert [c.name for c in parsed.session_state.active_contexts] == ["a"]


@pytest.mark.parametrize(
    ("action", "complaint"),
    [
        ({"type": "Close"}, "a Close dialog action needs fulfillmentState"),
        ({"type": "Close", "fulfillmentState": "Done"}, "dialogAction.fulfillmentState"),
        (
            {"type": "ElicitSlot", "intentName": "RegisterUserForEvent", "slots": SLOTS},
            "slotToElicit",
        ),
        ({"type": "ConfirmIntent", "slots": SLOTS}, "needs intentName"),
        (
            {"type": "ConfirmIntent", "intentName": "Greeting", "slots": {}},
            "has no confirmation prompt, needs a message",
        ),
        ({"type": "Delegate", "message": {"contentType": "Text", "content": "x"}}, "contentType"),
        (
            {
                "type": "Close",
                "fulfillmentState": "Fulfilled",
                "responseCard": {
                    "contentType": "application/vnd.amazonaws.card.generic",
                    "genericAttachments": [
                        {"title": "t", "buttons": [{"text": "x" * 16, "value": "v"}]}
                    ],
                },
            },
            "buttons.0.text: String should have at most 15 characters",
        ),
    ],
)
def test_invalid_v1_answers_are_refused_with_what_is_wrong(project, action, complaint):
    with pytest.raises(InvalidHookAnswer) as refused:
        parse(action, project)
    assert complaint in refused.value.reason


def test_a_v1_answer_without_a_dialog_action_is_refused(project):
    with pytest.raises(InvalidHookAnswer, match="dialogAction: Field required"):
        parse_answer({"sessionAttributes": {}}, invocation(), project)
