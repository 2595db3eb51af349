"""Help, Repeat, Cancel, Stop and StartOver in the middle of a conversation and outside one."""

from __future__ import annotations

from tests.dialog.conftest import Conversation, action, intent_name, intent_state, slot, texts

HELP = (
    "I can register you for a tech event (try 'sign me up for PyCon'), tell you about upcoming "
    "events ('what events are there?') or cancel a registration."
)


def test_help_keeps_the_pending_prompt(chat: Conversation):
    chat.say("register me for PyCon")
    chat.say("tomorrow")
    r = chat.say("help")
    assert texts(r)[0] == HELP
    assert texts(r)[1] in {
        "What's your first name?",
        "Who should I put on the badge?",
        "What name should I register you under?",
    }
    assert action(r) == ("ElicitSlot", "firstName")
    assert (intent_name(r), intent_state(r)) == ("RegisterUserForEvent", "InProgress")
    assert slot(chat.say("Maria"), "firstName") == "Maria"


def test_help_during_a_confirmation_asks_again(chat: Conversation):
    chat.say("please register maria@example.com for PyCon on 12 March 2027, my name is Maria")
    r = chat.say("help")
    assert texts(r)[0] == HELP
    assert texts(r)[1].startswith("Maria, shall I register you for PyCon")
    assert action(r) == ("ConfirmIntent", None)


def test_help_with_nothing_in_progress_closes(chat: Conversation):
    r = chat.say("help")
    assert texts(r) == [HELP]
    assert (intent_name(r), intent_state(r), action(r)) == (
        "AMAZON.HelpIntent",
        "Fulfilled",
        ("Close", None),
    )


def test_repeat_says_the_previous_messages_again(chat: Conversation):
    first = chat.say("register me for PyCon")
    r = chat.say("say that again")
    assert r.messages == first.messages
    assert action(r) == ("ElicitSlot", "eventDate")
    assert r.session_state.intent == first.session_state.intent
    assert chat.say("repeat").messages == first.messages


def test_repeat_with_nothing_said_yet_uses_its_response(chat: Conversation):
    r = chat.say("repeat")
    assert texts(r) == ["Sorry, there's nothing to repeat yet. How can I help?"]


def test_cancel_abandons_the_intent_and_closes(chat: Conversation):
    chat.say("register me for PyCon")
    r = chat.say("cancel")
    assert texts(r) == ["OK, I've cancelled that. Anything else?"]
    assert (intent_name(r), intent_state(r), action(r)) == (
        "RegisterUserForEvent",
        "Failed",
        ("Close", None),
    )
    r = chat.say("tomorrow")
    assert intent_name(r) != "RegisterUserForEvent" or intent_state(r) != "InProgress"


def test_stop_says_goodbye_and_closes(chat: Conversation):
    chat.say("register me for PyCon")
    r = chat.say("stop")
    assert texts(r)[0] in {"Goodbye! See you at the next event.", "Bye for now!"}
    assert (intent_state(r), action(r)) == ("Failed", ("Close", None))


def test_cancel_with_nothing_in_progress_closes_the_cancel_intent(chat: Conversation):
    r = chat.say("cancel")
    assert (intent_name(r), intent_state(r), action(r)) == (
        "AMAZON.CancelIntent",
        "Fulfilled",
        ("Close", None),
    )


def test_start_over_clears_the_intent_and_elicits_intent(chat: Conversation):
    chat.say("register me for PyCon")
    chat.say("tomorrow")
    r = chat.say("start over")
    assert action(r) == ("ElicitIntent", None)
    assert r.session_state.intent is None
    assert texts(r) == [
        "OK, let's start over.",
        "What would you like to do? I can register you for an event or tell you about them.",
    ]
    r = chat.say("I want to register for an event")
    assert slot(r, "eventName") is None
    assert action(r) == ("ElicitSlot", "eventName")
