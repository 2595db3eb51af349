"""The main path of the example bot: slots elicited in priority order, confirmation, fulfilment."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.dialog.conftest import (
    KNOW_MORE,
    START,
    Conversation,
    action,
    contexts,
    intent_name,
    intent_state,
    slot,
    texts,
)

TOMORROW_IN_LONDON = datetime.fromtimestamp(START, ZoneInfo("Europe/London")) + timedelta(days=1)


def test_full_registration_ends_fulfilled_with_closing_response_and_context(chat: Conversation):
    r = chat.say("register me for PyCon")
    assert action(r) == ("ElicitSlot", "eventDate")
    assert slot(r, "eventName") == "PyCon"
    assert texts(r)[0] in {
        "When would you like to attend PyCon?",
        "Which day would you like to go to PyCon?",
        "What date works for you?",
    }

    r = chat.say("tomorrow")
    assert slot(r, "eventDate") == TOMORROW_IN_LONDON.date().isoformat()
    assert action(r) == ("ElicitSlot", "firstName")

    r = chat.say("Maria")
    assert slot(r, "firstName") == "Maria"
    assert action(r) == ("ElicitSlot", "email")
    assert "Maria" in texts(r)[0]

    r = chat.say("maria@example.com")
    assert action(r) == ("ConfirmIntent", None)
    assert intent_state(r) == "InProgress"
    assert texts(r) == [
        (
            f"Maria, shall I register you for PyCon on {TOMORROW_IN_LONDON.date().isoformat()}? "
            "We'll send the details to maria@example.com."
        )
    ]

    r = chat.say("yes")
    intent = r.session_state.intent
    assert intent is not None and intent.confirmation_state == "Confirmed"
    assert (intent_state(r), action(r)) == ("Fulfilled", ("Close", None))
    assert texts(r) == [
        f"Done! Maria, you're registered for PyCon on {TOMORROW_IN_LONDON.date().isoformat()}.",
        KNOW_MORE.format(eventName="PyCon"),
    ]
    assert contexts(r) == {"registered": (3, 300)}
    assert r.session_state.active_contexts[0].attributes == {
        "eventName": "PyCon",
        "eventDate": TOMORROW_IN_LONDON.date().isoformat(),
        "firstName": "Maria",
        "email": "maria@example.com",
    }


def test_unfilled_slots_are_listed_as_none(chat: Conversation):
    r = chat.say("register me for PyCon")
    intent = r.session_state.intent
    assert intent is not None
    assert list(intent.slots) == ["eventName", "eventDate", "firstName", "email"]
    assert intent.slots["email"] is None


def test_event_prompt_sends_one_message_per_group_with_an_image_card(chat: Conversation):
    r = chat.say("I want to register for an event")
    assert action(r) == ("ElicitSlot", "eventName")
    kinds = [m.content_type for m in r.messages]
    assert kinds == ["PlainText", "ImageResponseCard"]
    card = r.messages[1].card
    assert card is not None and card.title == "Upcoming events"
    assert [b.value for b in card.buttons][:2] == ["AWS Summit", "PyCon"]


def test_volunteered_slots_go_straight_to_confirmation(chat: Conversation):
    r = chat.say("please register maria@example.com for PyCon on 12 March 2027, my name is Maria")
    assert action(r) == ("ConfirmIntent", None)
    assert slot(r, "eventDate") == "2027-03-12"
    assert slot(r, "email") == "maria@example.com"


def test_an_answer_fills_only_the_elicited_slot_with_its_words(chat: Conversation):
    chat.say("register me for PyCon")
    r = chat.say("Friday")
    assert slot(r, "eventDate") == "2026-11-27"
    assert slot(r, "firstName") is None
    assert action(r) == ("ElicitSlot", "firstName")


def test_restating_the_intent_keeps_the_slots_already_given(chat: Conversation):
    chat.say("register me for PyCon")
    chat.say("tomorrow")
    r = chat.say("I want to register for an event")
    assert slot(r, "eventName") == "PyCon"
    assert action(r) == ("ElicitSlot", "firstName")


def test_another_intent_during_elicitation_switches_to_it(chat: Conversation):
    chat.say("register me for PyCon")
    r = chat.say("what events are there")
    assert intent_name(r) == "EventInfo"
    assert intent_state(r) == "Fulfilled"


def test_greeting_closes_fulfilled_with_its_closing_response(chat: Conversation):
    r = chat.say("hello")
    assert (intent_name(r), intent_state(r), action(r)) == (
        "Greeting",
        "Fulfilled",
        ("Close", None),
    )
    assert texts(r)[0] in {
        (
            "Hi! I can register you for tech events like PyCon or the AWS Summit, or tell you "
            "about them. What would you like to do?"
        ),
        "Hello! Want to sign up for an event, or hear what's on?",
    }


def test_unrelated_text_runs_the_fallback_intent(chat: Conversation):
    r = chat.say("what is the boiling point of mercury")
    assert r.interpretations[0].intent == "FallbackIntent"
    assert r.interpretations[0].confidence is None
    assert (intent_name(r), intent_state(r), action(r)) == (
        "FallbackIntent",
        "Fulfilled",
        ("Close", None),
    )
    assert texts(r)[0].startswith("Sorry, I")


def test_at_most_five_interpretations_and_the_top_shows_the_session_slots(chat: Conversation):
    r = chat.say("register me for PyCon")
    assert 1 <= len(r.interpretations) <= 5
    top = r.interpretations[0]
    assert top.intent == "RegisterUserForEvent"
    assert top.confidence is not None and top.confidence >= 0.4
    assert r.session_state.intent is not None
    assert top.slots == r.session_state.intent.slots


def test_originating_request_id_is_the_request_id(chat: Conversation):
    r = chat.say("hello")
    assert r.session_state.originating_request_id == "request-1"
    assert r.input_text == "hello"


def test_v1_registration_ends_ready_for_fulfillment_without_closing(dialog):
    chat = Conversation(dialog, api="V1")
    r = chat.register()
    assert (intent_state(r), action(r)) == ("ReadyForFulfillment", ("Close", None))
    assert r.messages == []
    assert contexts(r) == {}


def test_v1_builtin_and_fallback_intents_still_answer(dialog):
    chat = Conversation(dialog, api="V1")
    r = chat.say("what is the boiling point of mercury")
    assert intent_state(r) == "Fulfilled" and texts(r)
