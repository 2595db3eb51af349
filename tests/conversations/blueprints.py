"""Code hooks written the way public Lex blueprints are, for whole conversations with imported
bots: a V2 "order flowers with repeat" handler that answers Delegate with a bare intent (no
state, no confirmationState) and keeps what it asked for RepeatIntent, and a classic V1
`dispatch` handler with the blueprint's builder functions."""

from __future__ import annotations

import json
from typing import Any

FLOWERS = ("roses", "lilies", "tulips")


# ---------------------------------------------------------------- Lex V2, blueprint style


def elicit_slot(event: dict[str, Any], slot_to_elicit: str, message: str) -> dict[str, Any]:
    intent = event["sessionState"]["intent"]
    return {
        "sessionState": {
            "sessionAttributes": event["sessionState"].get("sessionAttributes") or {},
            "dialogAction": {"type": "ElicitSlot", "slotToElicit": slot_to_elicit},
            "intent": {"name": intent["name"], "slots": intent["slots"], "state": "InProgress"},
        },
        "messages": [{"contentType": "PlainText", "content": message}],
    }


def delegate(event: dict[str, Any], attributes: dict[str, str]) -> dict[str, Any]:
    intent = event["sessionState"]["intent"]
    # As several public V2 blueprints do: the intent without state or confirmationState.
    return {
        "sessionState": {
            "sessionAttributes": attributes,
            "dialogAction": {"type": "Delegate"},
            "intent": {"name": intent["name"], "slots": intent["slots"]},
        }
    }


def close(event: dict[str, Any], state: str, message: str) -> dict[str, Any]:
    intent = event["sessionState"]["intent"]
    intent["state"] = state
    return {
        "sessionState": {
            "sessionAttributes": event["sessionState"].get("sessionAttributes") or {},
            "dialogAction": {"type": "Close"},
            "intent": intent,
        },
        "messages": [{"contentType": "PlainText", "content": message}],
    }


def _value(slot: dict[str, Any] | None) -> str | None:
    return slot["value"]["interpretedValue"] if slot and slot.get("value") else None


def order_flowers(event: dict[str, Any]) -> dict[str, Any]:
    slots = event["sessionState"]["intent"]["slots"]
    attributes = dict(event["sessionState"].get("sessionAttributes") or {})
    if event["invocationSource"] == "FulfillmentCodeHook":
        flower = _value(slots["FlowerType"])
        return close(event, "Fulfilled", f"Thanks, your order for {flower} has been placed.")
    flower = _value(slots["FlowerType"])
    if flower is not None and flower.lower() not in FLOWERS:
        slots["FlowerType"] = None
        return elicit_slot(
            event, "FlowerType", f"We do not have {flower}, would you like a different type?"
        )
    proposed = event.get("proposedNextState") or {}
    # Remember where the conversation stands, for RepeatIntent.
    attributes["previous"] = json.dumps(
        {
            "slots": slots,
            "slotToElicit": (proposed.get("dialogAction") or {}).get("slotToElicit"),
        }
    )
    return delegate(event, attributes)


def repeat(event: dict[str, Any]) -> dict[str, Any]:
    attributes = event["sessionState"].get("sessionAttributes") or {}
    previous = json.loads(attributes.get("previous") or "{}")
    if not previous.get("slotToElicit"):
        return close(event, "Fulfilled", "There is nothing to repeat.")
    return {
        "sessionState": {
            "sessionAttributes": attributes,
            "dialogAction": {"type": "ElicitSlot", "slotToElicit": previous["slotToElicit"]},
            "intent": {"name": "OrderFlowers", "slots": previous["slots"], "state": "InProgress"},
        }
    }


def v2_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    name = event["sessionState"]["intent"]["name"]
    if name == "OrderFlowers":
        return order_flowers(event)
    if name == "RepeatIntent":
        return repeat(event)
    raise Exception("Intent with name " + name + " not supported")  # noqa: TRY002 - blueprint style


# ---------------------------------------------------------------- Lex V1, blueprint style


def v1_elicit_slot(session_attributes, intent_name, slots, slot_to_elicit, message):  # type: ignore[no-untyped-def]
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


def v1_close(session_attributes, fulfillment_state, message):  # type: ignore[no-untyped-def]
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {
            "type": "Close",
            "fulfillmentState": fulfillment_state,
            "message": message,
        },
    }


def v1_delegate(session_attributes, slots):  # type: ignore[no-untyped-def]
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {"type": "Delegate", "slots": slots},
    }


def v1_order_flowers(intent_request):  # type: ignore[no-untyped-def]
    flower_type = intent_request["currentIntent"]["slots"]["FlowerType"]
    source = intent_request["invocationSource"]
    output_session_attributes = intent_request["sessionAttributes"] or {}
    if source == "DialogCodeHook":
        slots = intent_request["currentIntent"]["slots"]
        if flower_type is not None and flower_type.lower() not in FLOWERS:
            slots["FlowerType"] = None
            return v1_elicit_slot(
                output_session_attributes,
                intent_request["currentIntent"]["name"],
                slots,
                "FlowerType",
                {
                    "contentType": "PlainText",
                    "content": f"We do not have {flower_type}, would you like a different type?",
                },
            )
        if flower_type is not None:
            output_session_attributes["Price"] = len(flower_type) * 5  # a number, as the blueprint
        return v1_delegate(output_session_attributes, intent_request["currentIntent"]["slots"])
    return v1_close(
        output_session_attributes,
        "Fulfilled",
        {
            "contentType": "PlainText",
            "content": f"Thanks, your order for {flower_type} has been placed.",
        },
    )


def v1_dispatch(intent_request):  # type: ignore[no-untyped-def]
    intent_name = intent_request["currentIntent"]["name"]
    if intent_name == "OrderFlowers":
        return v1_order_flowers(intent_request)
    raise Exception("Intent with name " + intent_name + " not supported")  # noqa: TRY002


def v1_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return v1_dispatch(event)  # type: ignore[no-any-return]
