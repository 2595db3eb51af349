"""Failed answers to a slot prompt: re-prompts, then the slot's failure response and the fallback."""

from __future__ import annotations

import dataclasses
import random

from bot.dialog import DialogEngine
from bot.nlu.types import SlotValue
from bot.project.schema import IntentDefinition
from bot.turn import DialogAction, IntentState, SessionState
from tests.dialog.conftest import Conversation, action, intent_name, intent_state, slot, texts

NONSENSE = "banana smoothie recipe"
FALLBACK_TEXTS = {
    (
        "Sorry, I didn't get that. I can register you for a tech event, tell you about upcoming "
        "events or cancel a registration."
    ),
    "Sorry, I can't help with that. Try 'register me for PyCon' or 'what events are there'.",
}


def test_unusable_answer_reprompts_the_same_slot(chat: Conversation):
    chat.say("I want to register for an event")
    r = chat.say(NONSENSE)
    assert action(r) == ("ElicitSlot", "eventName")
    assert intent_state(r) == "InProgress"
    assert [m.content_type for m in r.messages] == ["PlainText", "ImageResponseCard"]
    assert chat.doc is not None
    assert chat.doc["retries"] == {"slot:RegisterUserForEvent.eventName": 1}


def test_retries_exhausted_say_slot_failure_then_fallback(chat: Conversation):
    chat.say("I want to register for an event")
    for _ in range(2):  # the initial prompt, then maxRetries: 2
        assert action(chat.say(NONSENSE)) == ("ElicitSlot", "eventName")
    r = chat.say(NONSENSE)
    assert texts(r)[0] == "Sorry, I don't know that event. Try PyCon, AWS Summit or DevOps Days."
    assert texts(r)[1] in FALLBACK_TEXTS
    assert (intent_name(r), intent_state(r), action(r)) == (
        "FallbackIntent",
        "Fulfilled",
        ("Close", None),
    )


def test_max_retries_comes_from_the_slot_prompt(chat: Conversation):
    chat.say("register me for PyCon")
    chat.say("tomorrow")
    chat.say("Maria")
    for _ in range(3):  # the email prompt has maxRetries: 3
        assert action(chat.say(NONSENSE)) == ("ElicitSlot", "email")
    r = chat.say(NONSENSE)
    assert intent_name(r) == "FallbackIntent"
    assert texts(r)[0] in FALLBACK_TEXTS  # no failure response on this slot


def test_a_good_answer_after_a_retry_carries_on(chat: Conversation):
    chat.say("register me for PyCon")
    chat.say(NONSENSE)
    r = chat.say("next Friday")
    assert slot(r, "eventDate") is not None
    assert action(r) == ("ElicitSlot", "firstName")


def test_after_the_fallback_a_new_request_starts_fresh(chat: Conversation):
    chat.say("I want to register for an event")
    for _ in range(3):
        chat.say(NONSENSE)
    r = chat.say("register me for DevOps Days")
    assert slot(r, "eventName") == "DevOps Days"
    assert action(r) == ("ElicitSlot", "eventDate")
    assert chat.doc is not None and chat.doc["retries"] == {}


def test_mid_intent_fallback_after_a_client_delegate_is_a_failed_attempt(chat: Conversation):
    sent = SessionState(
        dialog_action=DialogAction("Delegate"),
        intent=IntentState("RegisterUserForEvent", {"eventName": SlotValue("PyCon", "PyCon", [])}),
    )
    r = chat.say(NONSENSE, state=sent)
    assert action(r) == ("ElicitSlot", "eventDate")
    assert chat.doc is not None
    assert chat.doc["retries"] == {"slot:RegisterUserForEvent.eventDate": 1}


def test_a_fallback_without_responses_elicits_intent(dialog_bot, clock):
    project, nlu = dialog_bot
    silent = IntentDefinition(name="FallbackIntent", parentIntentSignature="AMAZON.FallbackIntent")
    quiet = dataclasses.replace(project, intents={**project.intents, "FallbackIntent": silent})
    chat = Conversation(DialogEngine(quiet, nlu, clock=clock, rng=random.Random(0)))
    r = chat.say(NONSENSE)
    assert (intent_name(r), action(r), r.messages) == ("FallbackIntent", ("ElicitIntent", None), [])
