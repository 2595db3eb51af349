"""Context chaining: RegisterUserForEvent activates `registered`, which EventDetails needs."""

from __future__ import annotations

from bot.turn import ActiveContext, SessionState
from tests.dialog.conftest import (
    Conversation,
    FakeClock,
    action,
    contexts,
    intent_name,
    intent_state,
    slot,
    texts,
)

DETAILS = "{} opens at 9am with a keynote, then talks and workshops all day. Your ticket has the full agenda."


def test_yes_after_a_registration_is_event_details(chat: Conversation):
    chat.register("DevOps Days")
    r = chat.say("yes")
    assert (intent_name(r), intent_state(r), action(r)) == (
        "EventDetails",
        "Fulfilled",
        ("Close", None),
    )
    assert texts(r) == [DETAILS.format("DevOps Days")]


def test_slot_default_comes_from_the_active_context(chat: Conversation):
    chat.register("AWS Summit")
    r = chat.say("tell me more")
    assert slot(r, "eventName") == "AWS Summit"


def test_yes_without_the_registered_context_is_not_event_details(chat: Conversation):
    r = chat.say("yes")
    assert intent_name(r) != "EventDetails"
    assert all(i.intent != "EventDetails" for i in r.interpretations)


def test_context_counts_down_turns_and_seconds(chat: Conversation, clock: FakeClock):
    assert contexts(chat.register()) == {"registered": (3, 300)}
    clock.advance(20)
    assert contexts(chat.say("hello")) == {"registered": (2, 280)}


def test_context_expires_after_its_turns(chat: Conversation):
    chat.register()
    for _ in range(3):  # turnsToLive: 3
        r = chat.say("hello")
    assert contexts(r) == {}
    assert intent_name(chat.say("yes")) != "EventDetails"


def test_context_is_still_active_on_its_last_turn(chat: Conversation):
    chat.register()
    chat.say("hello")
    chat.say("hello")
    assert intent_name(chat.say("yes")) == "EventDetails"


def test_context_expires_after_its_seconds(chat: Conversation, clock: FakeClock):
    chat.register()
    clock.advance(299)
    assert "registered" in contexts(chat.say("hello"))
    clock.advance(1)  # 300 s after the registration
    r = chat.say("yes")
    assert intent_name(r) != "EventDetails"
    assert contexts(r) == {}


def test_client_can_set_a_context_with_attributes(chat: Conversation):
    sent = SessionState(
        active_contexts=[ActiveContext("registered", 60, 2, {"eventName": "PyCon"})]
    )
    r = chat.say("what's the agenda", state=sent, sent_contexts=True)
    assert intent_name(r) == "EventDetails"
    assert slot(r, "eventName") == "PyCon"
    assert contexts(r) == {"registered": (1, 60)}


def test_client_clears_contexts_with_an_empty_list(chat: Conversation):
    chat.register()
    r = chat.say("yes", state=SessionState(active_contexts=[]), sent_contexts=True)
    assert intent_name(r) != "EventDetails"
    assert contexts(r) == {}


def test_state_without_contexts_keeps_them(chat: Conversation):
    chat.register()
    r = chat.say("yes", state=SessionState(session_attributes={"a": "1"}), sent_attributes=True)
    assert intent_name(r) == "EventDetails"
