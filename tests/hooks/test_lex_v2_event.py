"""The Lex V2 code-hook wire format: the event built from a neutral invocation (reference §2.1)
and the Lambda response read back (§2.2), with invalid answers refused clearly."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.dialog.hooks import HookInvocation
from bot.hooks import InvalidHookAnswer
from bot.hooks.lex_v2_event import build_event, parse_answer
from bot.nlu.types import Interpretation, SlotValue
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

KEY = SessionKey("ABCDEFGHIJ", "TSTALIASID", "en_US", "session-1")
PYCON = SlotValue("pycon", "PyCon", ["PyCon"])
PYCON_LEX = {
    "shape": "Scalar",
    "value": {"originalValue": "pycon", "interpretedValue": "PyCon", "resolvedValues": ["PyCon"]},
}


def invocation(source: str = "DialogCodeHook", **changes: Any) -> HookInvocation:
    intent = IntentState(
        "RegisterUserForEvent",
        {"eventName": PYCON, "eventDate": None, "firstName": None, "email": None},
    )
    state = SessionState(
        dialog_action=DialogAction("ElicitSlot", "eventName"),
        intent=intent,
        session_attributes={"visits": "2"},
        active_contexts=[ActiveContext("registered", 280, 2, {"eventName": "AWS Summit"})],
        originating_request_id="request-7",
    )
    fields: dict[str, Any] = {
        "source": source,
        "key": KEY,
        "session_state": state,
        "interpretations": [
            Interpretation("RegisterUserForEvent", 0.9712, {"eventName": PYCON, "email": None}),
            Interpretation("FallbackIntent", None, {}),
        ],
        "input_text": "pycon",
        "request_attributes": {"channel": "web"},
        "proposed_next": DialogAction("ElicitSlot", "eventDate"),
    }
    return HookInvocation(**(fields | changes))  # type: ignore[arg-type]


def live_intent(state: str = "InProgress") -> dict[str, Any]:
    return {
        "name": "RegisterUserForEvent",
        "slots": {"eventName": PYCON_LEX, "eventDate": None, "firstName": None, "email": None},
        "state": state,
        "confirmationState": "None",
    }


@pytest.fixture
def project(trained_bot):
    return trained_bot[0]


def test_dialog_code_hook_event_has_exactly_the_lex_fields(project):
    assert build_event(invocation(), project) == {
        "messageVersion": "1.0",
        "invocationSource": "DialogCodeHook",
        "inputMode": "Text",
        "responseContentType": "text/plain; charset=utf-8",
        "sessionId": "session-1",
        "inputTranscript": "pycon",
        "invocationLabel": None,
        "bot": {
            "id": "ABCDEFGHIJ",
            "name": "EventBot",
            "aliasId": "TSTALIASID",
            "aliasName": "TestBotAlias",
            "localeId": "en_US",
            "version": "DRAFT",
        },
        "interpretations": [
            {"interpretationSource": "Lex", "intent": live_intent(), "nluConfidence": 0.97},
            {
                "interpretationSource": "Lex",
                "intent": {
                    "name": "FallbackIntent",
                    "slots": {},
                    "state": "InProgress",
                    "confirmationState": "None",
                },
            },
        ],
        "proposedNextState": {
            "dialogAction": {"type": "ElicitSlot", "slotToElicit": "eventDate"},
            "intent": live_intent(),
            "prompt": {"attempt": "Initial"},
        },
        "requestAttributes": {"channel": "web"},
        "sessionState": {
            "sessionAttributes": {"visits": "2"},
            "activeContexts": [
                {
                    "name": "registered",
                    "contextAttributes": {"eventName": "AWS Summit"},
                    "timeToLive": {"timeToLiveInSeconds": 280, "turnsToLive": 2},
                }
            ],
            "dialogAction": {"type": "ElicitSlot", "slotToElicit": "eventName"},
            "intent": live_intent(),
            "originatingRequestId": "request-7",
        },
        "transcriptions": [
            {
                "transcription": "pycon",
                "transcriptionConfidence": 1.0,
                "resolvedContext": {"intent": "RegisterUserForEvent"},
                "resolvedSlots": {"eventName": PYCON_LEX},
            }
        ],
    }


def test_fulfillment_event_has_no_proposed_next_state_and_is_ready(project):
    event = build_event(invocation("FulfillmentCodeHook", proposed_next=None), project)
    assert event["invocationSource"] == "FulfillmentCodeHook"
    assert "proposedNextState" not in event
    assert event["sessionState"]["intent"] == live_intent("ReadyForFulfillment")


def test_a_search_intents_fulfilment_event_carries_the_kendra_response_in_the_intent(project):
    kendra = {"QueryId": "q-1", "ResultItems": [{"Id": "r-1", "Type": "ANSWER"}]}
    event = build_event(invocation("FulfillmentCodeHook", kendra_response=kendra), project)
    assert event["sessionState"]["intent"]["kendraResponse"] == kendra
    # Only there: the interpretations show the intent as Lex classified it.
    assert "kendraResponse" not in event["interpretations"][0]["intent"]
    assert "kendraResponse" not in build_event(invocation(), project)["sessionState"]["intent"]


def test_dialog_event_without_a_next_prompt_has_no_proposed_next_state(project):
    assert "proposedNextState" not in build_event(invocation(proposed_next=None), project)


def test_list_slots_keep_their_lex_shape(project):
    inv = invocation()
    assert inv.session_state.intent is not None
    inv.session_state.intent.slots["eventName"] = [PYCON, SlotValue("summit", "AWS Summit", [])]
    slot = build_event(inv, project)["sessionState"]["intent"]["slots"]["eventName"]
    assert slot["shape"] == "List"
    assert [v["value"]["interpretedValue"] for v in slot["values"]] == ["PyCon", "AWS Summit"]


# ---------------------------------------------------------------- answers


def answer(action: dict[str, Any], intent: dict[str, Any] | None = None, **rest: Any) -> dict:
    state: dict[str, Any] = {"dialogAction": action}
    if intent is not None:
        state["intent"] = intent
    return {"sessionState": state, **rest}


def text(content: str) -> dict[str, str]:
    return {"contentType": "PlainText", "content": content}


def test_delegate_answer_keeps_what_was_not_sent():
    parsed = parse_answer(answer({"type": "Delegate"}))
    assert parsed.session_state.dialog_action == DialogAction("Delegate")
    assert parsed.session_state.intent is None
    assert (parsed.sent_attributes, parsed.sent_contexts, parsed.messages) == (False, False, [])


def test_elicit_slot_answer_with_intent_attributes_and_contexts():
    intent = live_intent()
    intent["slots"]["eventDate"] = {"value": {"interpretedValue": "2027-03-12"}}
    data = answer(
        {"type": "ElicitSlot", "slotToElicit": "firstName"}, intent, messages=[text("Who?")]
    )
    data["sessionState"]["sessionAttributes"] = {"price": 25, "vip": True}
    data["sessionState"]["activeContexts"] = [
        {
            "name": "checking",
            "contextAttributes": {"step": "name"},
            "timeToLive": {"timeToLiveInSeconds": 60, "turnsToLive": 2},
        }
    ]
    parsed = parse_answer(data)
    state = parsed.session_state
    assert state.dialog_action == DialogAction("ElicitSlot", "firstName")
    assert state.intent is not None
    assert state.intent.slots["eventName"] == SlotValue("pycon", "PyCon", ["PyCon"])
    assert state.intent.slots["eventDate"] == SlotValue("2027-03-12", "2027-03-12", ["2027-03-12"])
    assert state.session_attributes == {"price": "25", "vip": "true"}
    assert state.active_contexts == [ActiveContext("checking", 60, 2, {"step": "name"})]
    assert (parsed.sent_attributes, parsed.sent_contexts) == (True, True)
    assert parsed.messages == [Message.text("Who?")]


def test_confirm_intent_answer_with_an_image_response_card():
    card = {
        "title": "PyCon",
        "subtitle": "12 March",
        "imageUrl": "https://example.com/pycon.png",
        "buttons": [{"text": "Yes", "value": "yes"}, {"text": "No", "value": "no"}],
    }
    parsed = parse_answer(
        answer(
            {"type": "ConfirmIntent"},
            live_intent(),
            messages=[
                text("Shall I?"),
                {"contentType": "ImageResponseCard", "imageResponseCard": card},
            ],
        )
    )
    assert parsed.session_state.dialog_action == DialogAction("ConfirmIntent")
    assert parsed.messages[1] == Message(
        "ImageResponseCard",
        None,
        ResponseCard(
            "PyCon",
            "12 March",
            "https://example.com/pycon.png",
            (Button("Yes", "yes"), Button("No", "no")),
        ),
    )


def test_close_answer_sets_the_intent_state():
    parsed = parse_answer(
        answer({"type": "Close"}, live_intent("Fulfilled"), messages=[text("Done")])
    )
    assert parsed.session_state.intent is not None
    assert parsed.session_state.intent.state == "Fulfilled"
    assert parsed.messages == [Message.text("Done")]


def test_elicit_intent_answer_needs_no_intent():
    parsed = parse_answer(answer({"type": "ElicitIntent"}, messages=[text("What else?")]))
    assert parsed.session_state.dialog_action == DialogAction("ElicitIntent")
    assert parsed.session_state.intent is None


def test_unknown_fields_are_ignored():
    data = answer({"type": "Delegate"}) | {"extra": 1}
    data["sessionState"]["runtimeHints"] = {"slotHints": {}}
    assert parse_answer(data).session_state.dialog_action == DialogAction("Delegate")


def _no_state() -> dict[str, Any]:
    intent = live_intent()
    del intent["state"]
    return intent


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ([], "not a JSON object but list"),
        ({}, "sessionState: Field required"),
        ({"sessionState": {}}, "sessionState.dialogAction: Field required"),
        (answer({"type": "Finish"}), "sessionState.dialogAction.type: Input should be"),
        (answer({"type": "ElicitSlot"}, live_intent()), "needs slotToElicit"),
        (answer({"type": "ElicitSlot", "slotToElicit": "email"}), "needs sessionState.intent"),
        (answer({"type": "Close"}, _no_state()), "needs intent.state"),
        (
            answer({"type": "ConfirmIntent"}, live_intent()),
            "ConfirmIntent dialog action needs messages",
        ),
        (answer({"type": "ElicitIntent"}), "ElicitIntent dialog action needs messages"),
        (
            answer({"type": "Close"}, live_intent("ReadyForFulfillment")),
            "cannot leave intent.state ReadyForFulfillment",
        ),
        (answer({"type": "Close"}, live_intent("Waiting")), "sessionState.intent.state"),
        (
            answer({"type": "Delegate"}, messages=[{"contentType": "PlainText"}]),
            "messages.0: a PlainText message needs content",
        ),
        (
            answer({"type": "Delegate"}, messages=[{"contentType": "ImageResponseCard"}]),
            "needs imageResponseCard",
        ),
        (
            answer(
                {"type": "Delegate"},
                messages=[
                    {
                        "contentType": "ImageResponseCard",
                        "imageResponseCard": {
                            "title": "Pick",
                            "buttons": [{"text": str(i), "value": str(i)} for i in range(6)],
                        },
                    }
                ],
            ),
            "buttons: List should have at most 5 items",
        ),
        (
            {
                "sessionState": {
                    "dialogAction": {"type": "Delegate"},
                    "sessionAttributes": {"a": {}},
                }
            },
            "sessionState.sessionAttributes.a: Input should be a valid string",
        ),
    ],
)
def test_invalid_answers_are_refused_with_what_is_wrong(data, complaint):
    with pytest.raises(InvalidHookAnswer) as refused:
        parse_answer(copy.deepcopy(data))
    assert complaint in refused.value.reason


def test_invocation_label_and_prompt_attempt_are_sent(project):
    event = build_event(invocation(label="EventDate_Validation", prompt_attempt="Retry2"), project)
    assert event["invocationLabel"] == "EventDate_Validation"
    assert event["proposedNextState"]["prompt"] == {"attempt": "Retry2"}


def test_an_answer_says_which_intent_fields_it_left_out():
    intent = {"name": "RegisterUserForEvent", "slots": {"email": None}}
    parsed = parse_answer(answer({"type": "Delegate"}, intent))
    assert (parsed.sent_intent_state, parsed.sent_confirmation_state) == (False, False)
    assert parsed.session_state.intent is not None
    assert parsed.session_state.intent.slots == {"email": None}  # only the slots it listed
    full = parse_answer(answer({"type": "Delegate"}, live_intent()))
    assert (full.sent_intent_state, full.sent_confirmation_state) == (True, True)


def test_an_intent_state_sent_back_as_the_event_showed_it_counts_as_not_sent(project):
    event = build_event(invocation("FulfillmentCodeHook", proposed_next=None), project)
    echoed = {"sessionState": dict(event["sessionState"], dialogAction={"type": "Delegate"})}
    assert parse_answer(echoed, event).sent_intent_state is False
    echoed["sessionState"]["intent"] = live_intent("Fulfilled")
    assert parse_answer(echoed, event).sent_intent_state is True


def test_a_prompt_may_carry_the_ready_for_fulfillment_state_a_fulfilment_event_showed():
    parsed = parse_answer(
        answer({"type": "ElicitSlot", "slotToElicit": "email"}, live_intent("ReadyForFulfillment"))
    )
    assert parsed.session_state.dialog_action == DialogAction("ElicitSlot", "email")


def test_contexts_near_their_end_are_taken_back_and_spent_ones_are_not_set():
    data = answer({"type": "Delegate"})
    data["sessionState"]["activeContexts"] = [
        {"name": "ending", "timeToLive": {"timeToLiveInSeconds": 3, "turnsToLive": 1}},
        {"name": "spent", "timeToLive": {"timeToLiveInSeconds": 0, "turnsToLive": 0}},
    ]
    parsed = parse_answer(data)
    assert parsed.sent_contexts is True
    assert parsed.session_state.active_contexts == [ActiveContext("ending", 3, 1, {})]
