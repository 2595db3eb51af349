"""A V1 code hook written the classic blueprint way runs unchanged on our V1 events, and
gives exactly what `fulfillment.lexv1` builds."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from fulfillment import lexv1
from fulfillment.events import LexEvent
from fulfillment.router import Router
from tests.events import load_event
from tests.fulfillment import v1_blueprint

FUTURE = (date.today() + timedelta(days=30)).isoformat()


def test_blueprint_asks_again_for_a_past_date() -> None:
    event = load_event("lexv1_register_dialog", date="2020-01-01")
    response = v1_blueprint.lambda_handler(event, None)
    slots = {**event["currentIntent"]["slots"], "eventDate": None}
    assert response == lexv1.elicit_slot(
        {"source": "homepage"},
        "RegisterUserForEvent",
        slots,
        "eventDate",
        "That date has passed. What day would you like to attend?",
    )


def test_blueprint_delegates_valid_input() -> None:
    event = load_event("lexv1_register_dialog", date=FUTURE)
    response = v1_blueprint.lambda_handler(event, None)
    expected_attributes = {"source": "homepage", "Event": "PyCon"}
    assert response == lexv1.delegate(expected_attributes, event["currentIntent"]["slots"])


def test_blueprint_fulfilment_closes() -> None:
    event = load_event("lexv1_register_fulfillment", date=FUTURE)
    response = v1_blueprint.lambda_handler(event, None)
    assert response == lexv1.close(
        {"source": "homepage"},
        "Fulfilled",
        f"Thanks Ada, you are registered for PyCon on {FUTURE}",
    )


def test_blueprint_and_library_builders_give_the_same_dicts() -> None:
    slots = {"eventName": "PyCon", "eventDate": None}
    message = {"contentType": "PlainText", "content": "Hi"}
    assert v1_blueprint.close({}, "Fulfilled", message) == lexv1.close({}, "Fulfilled", message)
    assert v1_blueprint.delegate({}, slots) == lexv1.delegate({}, slots)
    assert v1_blueprint.confirm_intent({}, "I", slots, message) == lexv1.confirm_intent(
        {}, "I", slots, message
    )
    assert v1_blueprint.elicit_slot({}, "I", slots, "eventDate", message) == lexv1.elicit_slot(
        {}, "I", slots, "eventDate", message
    )


def test_blueprint_behind_the_router_is_passed_through() -> None:
    router = Router()
    router.default()(lambda event: v1_blueprint.dispatch(dict(event.raw)))
    event = load_event("lexv1_register_dialog", date="2020-01-01")
    assert router(event, None) == v1_blueprint.lambda_handler(
        load_event("lexv1_register_dialog", date="2020-01-01"), None
    )


def test_blueprint_exception_behind_the_router_becomes_a_failed_close(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()

    @router.default()
    def legacy(event: LexEvent) -> dict:
        return v1_blueprint.dispatch(dict(event.raw))

    with caplog.at_level(logging.ERROR):
        response = router(load_event("lexv1_register_dialog", intent="OrderFlowers"), None)
    assert response["dialogAction"]["fulfillmentState"] == "Failed"
    assert "Intent with name OrderFlowers not supported" in caplog.text
