"""A Lex V1 code hook in the style of the classic blueprints (dispatch on the intent name,
Close without a message so the bot's own follow-up prompt is used)."""

from __future__ import annotations

from typing import Any


def close(session_attributes: dict[str, Any], fulfillment_state: str) -> dict[str, Any]:
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {"type": "Close", "fulfillmentState": fulfillment_state},
    }


def order_flowers(intent_request: dict[str, Any]) -> dict[str, Any]:
    attributes = intent_request.get("sessionAttributes") or {}
    attributes["ordered"] = intent_request["currentIntent"]["slots"]["FlowerType"]
    return close(attributes, "Fulfilled")


def dispatch(intent_request: dict[str, Any]) -> dict[str, Any]:
    intent_name = intent_request["currentIntent"]["name"]
    if intent_name == "OrderFlowers":
        return order_flowers(intent_request)
    raise Exception("Intent with name " + intent_name + " not supported")  # noqa: TRY002 - as the blueprints do


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dispatch(event)
