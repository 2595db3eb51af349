"""The Router: dispatch per (intent, hook), duplicates, include_router, the failure paths."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from fulfillment import lexv2
from fulfillment.errors import EventError
from fulfillment.events import LexEvent, LexV1Event, LexV2Event
from fulfillment.router import Router
from tests.events import load_event

V2_DIALOG = "lexv2_register_dialog"
V2_FULFILLMENT = "lexv2_register_fulfillment"
V1_DIALOG = "lexv1_register_dialog"


def _close(text: str) -> Any:
    return lambda event: lexv2.close(event, messages=text)


def test_dispatches_on_intent_and_hook() -> None:
    router = Router()
    router.dialog("RegisterUserForEvent")(_close("dialog"))
    router.fulfillment("RegisterUserForEvent")(_close("fulfillment"))
    assert router(load_event(V2_DIALOG), None)["messages"][0]["content"] == "dialog"
    assert router(load_event(V2_FULFILLMENT), None)["messages"][0]["content"] == "fulfillment"


def test_handler_gets_the_typed_event_with_the_context() -> None:
    router = Router()
    seen: list[LexEvent] = []

    @router.dialog("RegisterUserForEvent")
    def handler(event: LexEvent) -> dict[str, Any]:
        seen.append(event)
        return {"sessionState": {"dialogAction": {"type": "Delegate"}}}

    context = object()
    router(load_event(V2_DIALOG), context)
    router(load_event(V1_DIALOG), context)
    assert [type(e) for e in seen] == [LexV2Event, LexV1Event]
    assert all(e.context is context for e in seen)


def test_a_returned_dict_is_passed_through_untouched() -> None:
    answer = {"dialogAction": {"type": "Close", "fulfillmentState": "Fulfilled"}}
    router = Router()
    router.dialog("RegisterUserForEvent")(lambda event: answer)
    assert router(load_event(V1_DIALOG)) is answer


def test_the_decorator_returns_the_function() -> None:
    router = Router()

    def handler(event: LexEvent) -> dict[str, Any]:
        return {}

    assert router.fulfillment("X")(handler) is handler
    assert router.routes == {("X", "fulfillment"): handler}


def test_registering_a_key_twice_raises() -> None:
    router = Router()
    router.dialog("Book")(_close("a"))
    router.fulfillment("Book")(_close("b"))  # another hook is another key
    with pytest.raises(ValueError, match="dialog handler for intent 'Book'"):
        router.dialog("Book")(_close("c"))


@pytest.mark.parametrize(("name", "hook"), [("", "dialog"), ("X", "validation")])
def test_bad_registrations_raise(name: str, hook: Any) -> None:
    with pytest.raises(ValueError):
        Router().add(name, hook, _close("x"))


def test_include_router_adds_the_routes() -> None:
    sub = Router()
    sub.fulfillment("RegisterUserForEvent")(_close("from sub"))
    main = Router()
    main.dialog("RegisterUserForEvent")(_close("from main"))
    main.include_router(sub)
    assert main(load_event(V2_FULFILLMENT))["messages"][0]["content"] == "from sub"
    assert main(load_event(V2_DIALOG))["messages"][0]["content"] == "from main"


def test_include_router_with_a_clash_raises_and_adds_nothing() -> None:
    sub = Router()
    sub.fulfillment("A")(_close("sub"))
    sub.fulfillment("B")(_close("sub"))
    main = Router()
    main.fulfillment("B")(_close("main"))
    with pytest.raises(ValueError, match="B/fulfillment"):
        main.include_router(sub)
    assert set(main.routes) == {("B", "fulfillment")}


def test_unknown_intent_gets_a_failed_close(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="fulfillment.router"):
        response = Router()(load_event(V2_FULFILLMENT))
    state = response["sessionState"]
    assert state["dialogAction"] == {"type": "Close"}
    assert state["intent"]["name"] == "RegisterUserForEvent"
    assert state["intent"]["state"] == "Failed"
    assert state["sessionAttributes"] == {"source": "homepage"}
    assert response["messages"] == [
        {"contentType": "PlainText", "content": "Sorry, I can't help with that yet."}
    ]
    assert "RegisterUserForEvent" in caplog.text


def test_unknown_intent_in_a_v1_event_gets_a_v1_failed_close() -> None:
    assert Router()(load_event(V1_DIALOG)) == {
        "sessionAttributes": {"source": "homepage"},
        "dialogAction": {
            "type": "Close",
            "fulfillmentState": "Failed",
            "message": {
                "contentType": "PlainText",
                "content": "Sorry, I can't help with that yet.",
            },
        },
    }


def test_dialog_hook_of_an_intent_with_only_fulfillment_delegates() -> None:
    router = Router()
    router.fulfillment("RegisterUserForEvent")(_close("x"))
    assert router(load_event(V2_DIALOG))["sessionState"]["dialogAction"] == {"type": "Delegate"}
    v1 = router(load_event(V1_DIALOG))
    assert v1["dialogAction"]["type"] == "Delegate"
    assert v1["dialogAction"]["slots"]["eventName"] == "PyCon"


def test_default_handler_catches_unrouted_intents() -> None:
    router = Router()
    router.default()(_close("default"))
    assert router(load_event(V2_DIALOG))["messages"][0]["content"] == "default"
    assert router(load_event(V2_FULFILLMENT))["messages"][0]["content"] == "default"


def test_default_handler_for_one_hook_and_without_parentheses() -> None:
    router = Router()
    router.default("fulfillment")(_close("fulfil"))
    assert router(load_event(V2_FULFILLMENT))["messages"][0]["content"] == "fulfil"
    assert router(load_event(V2_DIALOG))["sessionState"]["intent"]["state"] == "Failed"
    bare = Router()
    bare.default(_close("bare"))
    assert bare(load_event(V2_DIALOG))["messages"][0]["content"] == "bare"
    with pytest.raises(ValueError, match="default dialog"):
        bare.default("dialog")(_close("again"))


def test_handler_exception_is_logged_and_becomes_a_failed_close(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()

    @router.fulfillment("RegisterUserForEvent")
    def broken(event: LexEvent) -> dict[str, Any]:
        raise RuntimeError("database is down")

    with caplog.at_level(logging.ERROR, logger="fulfillment.router"):
        response = router(load_event(V2_FULFILLMENT))
    assert response["sessionState"]["intent"]["state"] == "Failed"
    assert response["sessionState"]["dialogAction"] == {"type": "Close"}
    assert "went wrong" in response["messages"][0]["content"]
    (record,) = caplog.records
    assert "broken" in record.getMessage()
    assert record.exc_info is not None and "database is down" in caplog.text


def test_invalid_response_from_a_handler_becomes_a_failed_close(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()
    router.fulfillment("RegisterUserForEvent")(
        lambda event: lexv2.image_response_card("t", buttons=["b"] * 6)
    )
    router.dialog("RegisterUserForEvent")(lambda event: None)
    with caplog.at_level(logging.ERROR, logger="fulfillment.router"):
        assert router(load_event(V2_FULFILLMENT))["sessionState"]["intent"]["state"] == "Failed"
        assert router(load_event(V2_DIALOG))["sessionState"]["intent"]["state"] == "Failed"
    assert "6 buttons" in caplog.text
    assert "returned NoneType" in caplog.text


def test_handler_exception_in_a_v1_event_gets_a_v1_failed_close() -> None:
    router = Router()
    router.dialog("RegisterUserForEvent")(lambda event: 1 / 0)
    response = router(load_event(V1_DIALOG))
    assert response["dialogAction"]["fulfillmentState"] == "Failed"


def test_failed_close_survives_an_event_lex_would_reject() -> None:
    event = load_event(V2_FULFILLMENT, session_attributes={"price": 25})
    response = Router()(event)
    assert response["sessionState"]["intent"]["state"] == "Failed"
    assert "sessionAttributes" not in response["sessionState"]


def test_failed_close_names_an_intent_even_when_the_event_has_none() -> None:
    response = Router()({"sessionState": {}, "invocationSource": "FulfillmentCodeHook"})
    assert response["sessionState"]["intent"]["name"] == "FallbackIntent"


def test_messages_are_configurable() -> None:
    router = Router(unknown_intent_message="Not yet!")
    assert router(load_event(V2_DIALOG))["messages"][0]["content"] == "Not yet!"


def test_a_non_lex_event_raises() -> None:
    with pytest.raises(EventError):
        Router()({"Records": []})


def test_a_wrapped_event_can_be_dispatched_directly() -> None:
    router = Router()
    router.dialog("RegisterUserForEvent")(_close("direct"))
    event = LexV2Event(load_event(V2_DIALOG))
    assert router(event)["messages"][0]["content"] == "direct"
