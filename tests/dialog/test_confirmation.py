"""A pending confirmation: yes, no, unclear, exhausted retries, and a corrected slot."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Conversation, action, intent_name, intent_state, slot, texts

ALL_IN_ONE = "please register maria@example.com for PyCon on 12 March 2027, my name is Maria"
PROMPT = (
    "Maria, shall I register you for {event} on {date}? "
    "We'll send the details to maria@example.com."
)


@pytest.fixture
def confirming(chat: Conversation) -> Conversation:
    r = chat.say(ALL_IN_ONE)
    assert action(r) == ("ConfirmIntent", None)
    return chat


@pytest.mark.parametrize("answer", ["yes", "yeah", "sure", "yes please"])
def test_confirm_intent_yes_in_any_words_fulfils(confirming: Conversation, answer: str):
    r = confirming.say(answer)
    assert r.session_state.intent is not None
    assert r.session_state.intent.confirmation_state == "Confirmed"
    assert (intent_state(r), action(r)) == ("Fulfilled", ("Close", None))


@pytest.mark.parametrize("answer", ["no", "nope"])
def test_confirm_intent_no_closes_failed_with_the_declination(
    confirming: Conversation, answer: str
):
    r = confirming.say(answer)
    intent = r.session_state.intent
    assert intent is not None and intent.confirmation_state == "Denied"
    assert (intent_state(r), action(r)) == ("Failed", ("Close", None))
    assert texts(r) == ["OK, I won't register you. Let me know if you change your mind."]
    assert r.session_state.active_contexts == []


def test_confirm_intent_unclear_answer_reprompts(confirming: Conversation):
    r = confirming.say("hmm, what was the question again about the weather")
    assert action(r) == ("ConfirmIntent", None)
    assert texts(r) == [
        "Please answer yes or no.",
        PROMPT.format(event="PyCon", date="2027-03-12"),
    ]
    assert intent_state(r) == "InProgress"


def test_confirm_intent_retries_exhausted_say_failure_then_fallback(confirming: Conversation):
    for _ in range(2):  # maxRetries: 2
        r = confirming.say("maybe")
        assert action(r) == ("ConfirmIntent", None)
    r = confirming.say("maybe")
    assert texts(r)[0] == (
        "Sorry, I couldn't tell whether that was a yes or a no, so I haven't registered you."
    )
    assert (intent_name(r), intent_state(r)) == ("FallbackIntent", "Fulfilled")
    assert len(texts(r)) == 2  # then the fallback's closing response


def test_confirm_intent_changed_slot_is_confirmed_again(confirming: Conversation):
    r = confirming.say("no, DevOps Days")
    assert slot(r, "eventName") == "DevOps Days"
    assert action(r) == ("ConfirmIntent", None)
    assert r.session_state.intent is not None
    assert r.session_state.intent.confirmation_state == "None"
    assert texts(r) == [PROMPT.format(event="DevOps Days", date="2027-03-12")]
    r = confirming.say("yes")
    assert intent_state(r) == "Fulfilled"
    assert slot(r, "eventName") == "DevOps Days"


def test_confirm_intent_changed_date_is_confirmed_again(confirming: Conversation):
    r = confirming.say("actually make it the 14th of March 2027")
    assert slot(r, "eventDate") == "2027-03-14"
    assert slot(r, "eventName") == "PyCon"
    assert action(r) == ("ConfirmIntent", None)
