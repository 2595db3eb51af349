"""Session state across turns: attributes, request attributes, client state, Get/PutSession."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.dialog import DialogEngine
from bot.errors import InvalidRequest, NotFound
from bot.nlu.types import SlotValue
from bot.turn import DialogAction, IntentState, Message, SessionState
from tests.dialog.conftest import (
    KEY,
    START,
    Conversation,
    action,
    intent_name,
    slot,
    texts,
)


def _state(**attributes: str) -> SessionState:
    return SessionState(session_attributes=dict(attributes))


def test_session_attributes_replace_when_sent_and_persist_when_absent(chat: Conversation):
    r = chat.say("hello", state=_state(a="1", b="2"), sent_attributes=True)
    assert r.session_state.session_attributes == {"a": "1", "b": "2"}
    assert chat.say("hello").session_state.session_attributes == {"a": "1", "b": "2"}
    r = chat.say("hello", state=_state(c="3"), sent_attributes=True)
    assert r.session_state.session_attributes == {"c": "3"}


def test_state_without_attributes_keeps_them(chat: Conversation):
    chat.say("hello", state=_state(a="1"), sent_attributes=True)
    r = chat.say("hello", state=_state(), sent_attributes=False)
    assert r.session_state.session_attributes == {"a": "1"}


def test_request_attributes_are_echoed_for_one_turn(chat: Conversation):
    r = chat.say("hello", request_attributes={"channel": "web"})
    assert r.request_attributes == {"channel": "web"}
    assert chat.say("hello").request_attributes == {}


def test_time_zone_request_attribute_moves_tomorrow(chat: Conversation):
    zone = "Pacific/Kiritimati"  # UTC+14: already the next day at the test's noon UTC
    r = chat.say("register me for PyCon tomorrow", request_attributes={"x-amz-lex:time-zone": zone})
    there = (datetime.fromtimestamp(START, ZoneInfo(zone)) + timedelta(days=1)).date()
    london = (datetime.fromtimestamp(START, ZoneInfo("Europe/London")) + timedelta(days=1)).date()
    assert there != london
    assert slot(r, "eventDate") == there.isoformat()


def test_invalid_time_zone_is_an_invalid_request(chat: Conversation):
    with pytest.raises(InvalidRequest):
        chat.say("hello", request_attributes={"x-amz-lex:time-zone": "Mars/Olympus"})


def test_client_elicit_slot_reads_the_next_input_as_that_slot(chat: Conversation):
    sent = SessionState(
        dialog_action=DialogAction("ElicitSlot", "email"),
        intent=IntentState("RegisterUserForEvent", {"eventName": SlotValue("PyCon", "PyCon", [])}),
    )
    r = chat.say("jo@example.com", state=sent)
    assert slot(r, "email") == "jo@example.com"
    assert slot(r, "eventName") == "PyCon"
    assert action(r) == ("ElicitSlot", "eventDate")


def test_client_intent_by_its_v1_signature_is_accepted(chat: Conversation):
    sent = SessionState(intent=IntentState("AMAZON.FallbackIntent"))
    r = chat.say("hello", state=sent)
    assert intent_name(r) == "Greeting"


def test_unknown_intent_in_client_state_is_an_invalid_request(chat: Conversation):
    with pytest.raises(InvalidRequest):
        chat.say("hi", state=SessionState(intent=IntentState("OrderPizza")))


def test_unknown_slot_to_elicit_is_an_invalid_request(chat: Conversation):
    sent = SessionState(
        dialog_action=DialogAction("ElicitSlot", "size"), intent=IntentState("Greeting")
    )
    with pytest.raises(InvalidRequest):
        chat.say("hi", state=sent)


def test_get_session_shows_state_messages_and_interpretations(
    chat: Conversation, dialog: DialogEngine
):
    r = chat.say("register me for PyCon")
    assert chat.doc is not None
    got = dialog.get_session(chat.doc)
    assert got.key == KEY
    assert got.session_state == r.session_state
    assert got.messages == r.messages
    assert got.interpretations == r.interpretations
    assert got.input_text == "register me for PyCon"


def test_get_session_of_a_foreign_document_is_not_found(dialog: DialogEngine):
    with pytest.raises(NotFound):
        dialog.get_session({"something": "else"})


def test_put_session_then_the_next_turn_fills_the_elicited_slot(
    chat: Conversation, dialog: DialogEngine
):
    chat.say("hello")
    state = SessionState(
        dialog_action=DialogAction("ElicitSlot", "email"),
        intent=IntentState("RegisterUserForEvent", {"eventName": SlotValue("PyCon", "PyCon", [])}),
        session_attributes={"source": "put"},
    )
    put, chat.doc = dialog.put_session(
        KEY, state, [Message.text("Your e-mail?")], {"channel": "web"}, chat.doc
    )
    assert put.messages == [Message.text("Your e-mail?")]
    assert put.request_attributes == {"channel": "web"}
    assert action(put) == ("ElicitSlot", "email")
    assert put.session_state.intent is not None
    assert list(put.session_state.intent.slots) == ["eventName", "eventDate", "firstName", "email"]

    got = dialog.get_session(chat.doc)
    assert got.session_state.session_attributes == {"source": "put"}
    assert texts(got) == ["Your e-mail?"]

    r = chat.say("jo@example.com")
    assert slot(r, "email") == "jo@example.com"
    assert slot(r, "eventName") == "PyCon"
    assert r.session_state.session_attributes == {"source": "put"}


def test_put_session_on_a_new_session_creates_it(dialog: DialogEngine):
    put, doc = dialog.put_session(KEY, _state(k="v"), [], {}, None)
    assert put.session_state.session_attributes == {"k": "v"}
    assert dialog.get_session(doc).session_state.session_attributes == {"k": "v"}


def test_a_missing_document_starts_a_new_session(chat: Conversation, dialog: DialogEngine):
    chat.say("register me for PyCon")
    chat.doc = None  # expired in the store
    r = chat.say("tomorrow")
    assert intent_name(r) != "RegisterUserForEvent" or slot(r, "eventName") is None


def test_document_counts_turns_and_records_the_time(chat: Conversation, clock):
    chat.say("hello")
    clock.advance(5)
    chat.say("hello")
    assert chat.doc is not None
    assert chat.doc["turn"] == 2
    assert chat.doc["updated_at"] == clock()


def test_ttl_seconds_is_the_bot_idle_session_ttl(dialog: DialogEngine):
    assert dialog.ttl_seconds == 300
