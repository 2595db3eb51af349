"""Small Lambda-style hook handlers for the example bot's registration, written the way Lex users
write them (plain dicts, no library), ones that fail on purpose, ones that leave fields out of
their answers, and echoes that send the event's own state back. Calls are recorded in `CALLS`
(the echoes' are not), whichever transport brought them (in process, HTTP server or fake Lambda
all run here).

The engine in these tests runs on a fake clock in November 2026, so "today" is fixed here too.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

TODAY = "2026-11-18"
HANG_SECONDS = 1.4  # longer than the 1 s timeout the failure tests configure
PAST_DATE = "{date} has already passed. Which day would you like to go to {event}?"
CALLS: list[dict[str, Any]] = []


def calls_for(session_id: str) -> list[str]:
    """The invocation sources of the calls made for one session (V2 or V1 events)."""
    return [
        e["invocationSource"]
        for e in CALLS
        if e.get("sessionId") == session_id or e.get("userId") == session_id
    ]


def events_for(session_id: str) -> list[dict[str, Any]]:
    return [e for e in CALLS if e.get("sessionId") == session_id]


# ---------------------------------------------------------------- Lex V2


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Registration: a past date is asked again; fulfilment closes with a message and a card."""
    CALLS.append(event)
    return _registration(event)


def close_fulfilled(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Fulfils any intent without a message of its own, so its closing response speaks (a
    search intent's fulfilment Lambda that only looks at `kendraResponse`)."""
    CALLS.append(event)
    intent = event["sessionState"]["intent"]
    return {
        "sessionState": {
            "dialogAction": {"type": "Close"},
            "intent": {"name": intent["name"], "slots": intent["slots"], "state": "Fulfilled"},
        }
    }


def _registration(event: dict[str, Any]) -> dict[str, Any]:
    state = event["sessionState"]
    intent = state["intent"]
    slots = intent["slots"]
    if event["invocationSource"] == "DialogCodeHook":
        date = _value(slots.get("eventDate"))
        if date is not None and date < TODAY:
            slots["eventDate"] = None
            intent["state"] = "InProgress"
            text = PAST_DATE.format(date=date, event=_value(slots.get("eventName")))
            return {
                "sessionState": {
                    "dialogAction": {"type": "ElicitSlot", "slotToElicit": "eventDate"},
                    "intent": intent,
                    "sessionAttributes": state.get("sessionAttributes") or {},
                },
                "messages": [{"contentType": "PlainText", "content": text}],
            }
        return {"sessionState": dict(state, dialogAction={"type": "Delegate"})}
    intent["state"] = "Fulfilled"
    name, event_name = _value(slots["firstName"]), _value(slots["eventName"])
    attributes = dict(state.get("sessionAttributes") or {}, ticket="T-0001")
    return {
        "sessionState": {
            "dialogAction": {"type": "Close"},
            "intent": intent,
            "sessionAttributes": attributes,
        },
        "messages": [
            {
                "contentType": "PlainText",
                "content": f"{name}, your ticket for {event_name} is T-0001.",
            },
            {
                "contentType": "ImageResponseCard",
                "imageResponseCard": {
                    "title": event_name,
                    "subtitle": "Add it to your calendar?",
                    "buttons": [{"text": "Yes", "value": "yes"}, {"text": "No", "value": "no"}],
                },
            },
        ],
    }


def _value(slot: dict[str, Any] | None) -> str | None:
    return slot["value"]["interpretedValue"] if slot and slot.get("value") else None


# ---------------------------------------------------------------- failing on purpose


def echo_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return event


def nap(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Longer than the transport tests' timeouts (a few tenths of a second)."""
    CALLS.append(event)
    time.sleep(0.6)
    return event


RELEASE = threading.Event()  # what `hang` waits for: a test sets it to let hung hooks return


def hang(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Hangs far beyond any timeout, until a test sets `RELEASE` (a minute at most); then lets
    the dialog go on (Delegate), or echoes an event that is not Lex's."""
    CALLS.append(event)
    RELEASE.wait(60)
    return echo_delegate(event, context) if "sessionState" in event else event


def _failing(stage: str, mode: str) -> Any:
    """A registration handler that times out, raises or answers garbage at one stage: "date"
    (the dialog hook once eventDate is filled) or "fulfilment"."""

    def failing_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        CALLS.append(event)
        source = event["invocationSource"]
        date = _value(event["sessionState"]["intent"]["slots"].get("eventDate"))
        if (stage == "date" and source == "DialogCodeHook" and date) or (
            stage == "fulfilment" and source == "FulfillmentCodeHook"
        ):
            if mode == "timeout":
                time.sleep(HANG_SECONDS)
            elif mode == "exception":
                raise RuntimeError("the registration database is down")
            else:
                return {"sessionState": {"dialogAction": {"type": "ElicitSlot"}}}
        return _registration(event)

    return failing_handler


def unknown_slot(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Asks for a slot the intent does not have."""
    CALLS.append(event)
    state = event["sessionState"]
    return {
        "sessionState": dict(state, dialogAction={"type": "ElicitSlot", "slotToElicit": "size"})
    }


def unknown_intent(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Delegates the dialog, then closes an intent the bot does not have."""
    CALLS.append(event)
    if event["invocationSource"] == "DialogCodeHook":
        return _registration(event)
    intent = dict(event["sessionState"]["intent"], name="BookFlight", state="Fulfilled")
    return {"sessionState": {"dialogAction": {"type": "Close"}, "intent": intent}}


slow_date = _failing("date", "timeout")
broken_date = _failing("date", "exception")
malformed_date = _failing("date", "malformed")
slow_fulfilment = _failing("fulfilment", "timeout")
broken_fulfilment = _failing("fulfilment", "exception")
malformed_fulfilment = _failing("fulfilment", "malformed")


# ---------------------------------------------------------------- Lex V1, blueprint style


def v1_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    CALLS.append(event)
    return dispatch(event)


def elicit_slot(session_attributes, intent_name, slots, slot_to_elicit, message):  # type: ignore[no-untyped-def]
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {
            "type": "ElicitSlot",
            "intentName": intent_name,
            "slots": slots,
            "slotToElicit": slot_to_elicit,
            "message": message,
        },
    }


def close(session_attributes, fulfillment_state, message):  # type: ignore[no-untyped-def]
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {
            "type": "Close",
            "fulfillmentState": fulfillment_state,
            "message": message,
        },
    }


def delegate(session_attributes, slots):  # type: ignore[no-untyped-def]
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {"type": "Delegate", "slots": slots},
    }


def register_user(intent_request):  # type: ignore[no-untyped-def]
    slots = intent_request["currentIntent"]["slots"]
    session_attributes = intent_request["sessionAttributes"] or {}
    if intent_request["invocationSource"] == "DialogCodeHook":
        if slots["eventDate"] and slots["eventDate"] < TODAY:
            past = slots["eventDate"]
            slots["eventDate"] = None
            return elicit_slot(
                session_attributes,
                intent_request["currentIntent"]["name"],
                slots,
                "eventDate",
                {"contentType": "PlainText", "content": f"{past} is in the past. Which day?"},
            )
        session_attributes["checks"] = int(session_attributes.get("checks", 0)) + 1
        return delegate(session_attributes, slots)
    return close(
        session_attributes,
        "Fulfilled",
        {
            "contentType": "PlainText",
            "content": f"Thanks {slots['firstName']}, you're registered for {slots['eventName']}.",
        },
    )


def dispatch(intent_request):  # type: ignore[no-untyped-def]
    intent_name = intent_request["currentIntent"]["name"]
    if intent_name == "RegisterUserForEvent":
        return register_user(intent_request)
    raise Exception("Intent with name " + intent_name + " not supported")  # noqa: TRY002 - as blueprints do


# ---------------------------------------------------------------- answers left partial


def scripted(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answers the JSON a test put in the request attribute `answer` (V2 or V1 alike)."""
    CALLS.append(event)
    return json.loads((event.get("requestAttributes") or {})["answer"])


def blueprint_v2(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The pattern of the public OrderFlowers-with-repeat Lambda: its answers name the intent and
    its slots and nothing else (no state, no confirmationState), and Close sends no slots."""
    CALLS.append(event)
    state = event["sessionState"]
    intent = state["intent"]
    attributes = state.get("sessionAttributes") or {}
    if event["invocationSource"] == "DialogCodeHook":
        return {
            "sessionState": {
                "dialogAction": {"type": "Delegate"},
                "sessionAttributes": attributes,
                "intent": {"name": intent["name"], "slots": intent["slots"]},
            }
        }
    name = _value(intent["slots"]["firstName"])
    return {
        "messages": [{"contentType": "PlainText", "content": f"Thanks {name}, you're in."}],
        "sessionState": {
            "dialogAction": {"type": "Close"},
            "sessionAttributes": attributes,
            "intent": {"name": intent["name"], "state": "Fulfilled"},
        },
    }


# ---------------------------------------------------------------- echoes (the property tests)


def _v1_state(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "sessionAttributes": event["sessionAttributes"],
        "activeContexts": event["activeContexts"],
    }


def echo_delegate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The event's own state sent back with Delegate (V1: attributes and contexts, no slots)."""
    if "currentIntent" in event:
        return dict(_v1_state(event), dialogAction={"type": "Delegate"})
    return {"sessionState": dict(event["sessionState"], dialogAction={"type": "Delegate"})}


def echo_delegate_slots(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """V1: Delegate with the event's `currentIntent.slots`, as the blueprints' `delegate`."""
    slots = event["currentIntent"]["slots"]
    return dict(_v1_state(event), dialogAction={"type": "Delegate", "slots": slots})


def echo_elicit_slot(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The event's own state sent back asking for the intent's first slot."""
    if "currentIntent" in event:
        current = event["currentIntent"]
        action = {
            "type": "ElicitSlot",
            "intentName": current["name"],
            "slots": current["slots"],
            "slotToElicit": next(iter(current["slots"])),
        }
        return dict(_v1_state(event), dialogAction=action)
    state = event["sessionState"]
    slot = next(iter(state["intent"]["slots"]))
    return {"sessionState": dict(state, dialogAction={"type": "ElicitSlot", "slotToElicit": slot})}
