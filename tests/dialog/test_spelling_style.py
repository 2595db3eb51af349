"""`slotElicitationStyle` on an ElicitSlot: the next answer is read as spelled out."""

from __future__ import annotations

import copy
from collections.abc import Callable

from bot.dialog import DialogEngine, HookAnswer, HookInvocation, delegate
from bot.turn import DialogAction, IntentState, Message, SessionState
from tests.dialog.conftest import Conversation, action, slot


def test_a_spelled_answer_fills_the_slot_after_spell_by_letter(chat: Conversation) -> None:
    state = SessionState(
        dialog_action=DialogAction("ElicitSlot", "firstName", "SpellByLetter"),
        intent=IntentState("RegisterUserForEvent"),
    )
    put = chat.engine.put_session(chat.say("hello").key, state, [], {}, chat.doc)
    chat.doc = put[1]
    reply = chat.say("x i u l a n")
    assert slot(reply, "firstName") == "Xiulan"
    assert action(reply)[0] == "ElicitSlot"


def test_spell_by_word_reads_letter_as_in_word(chat: Conversation) -> None:
    state = SessionState(
        dialog_action=DialogAction("ElicitSlot", "firstName", "SpellByWord"),
        intent=IntentState("RegisterUserForEvent"),
    )
    chat.doc = chat.engine.put_session(chat.say("hello").key, state, [], {}, chat.doc)[1]
    reply = chat.say("b as in boy, o as in orange, b for bravo")
    assert slot(reply, "firstName") == "Bob"


def test_the_style_is_kept_in_the_state_until_the_answer(chat: Conversation) -> None:
    state = SessionState(
        dialog_action=DialogAction("ElicitSlot", "firstName", "SpellByLetter"),
        intent=IntentState("RegisterUserForEvent"),
    )
    response, doc = chat.engine.put_session(chat.say("hello").key, state, [], {}, chat.doc)
    kept = response.session_state.dialog_action
    assert kept is not None and kept.elicitation_style == "SpellByLetter"
    assert doc["state"]["dialog_action"]["style"] == "SpellByLetter"


def test_a_hook_asking_for_spelling_is_kept_and_applied(
    make_engine: Callable[..., DialogEngine],
) -> None:
    class SpellName:
        def dialog(self, invocation: HookInvocation) -> HookAnswer:
            state = copy.deepcopy(invocation.session_state)
            intent = state.intent
            if intent is not None and intent.slots.get("firstName") is None:
                state.dialog_action = DialogAction("ElicitSlot", "firstName", "SpellByLetter")
                return HookAnswer(state, [Message.text("Please spell your first name.")])
            return delegate()

        def fulfillment(self, invocation: HookInvocation) -> HookAnswer:
            return delegate()

    chat = Conversation(make_engine(SpellName()))
    asked = chat.say("register me for PyCon tomorrow")
    assert asked.session_state.dialog_action == DialogAction(
        "ElicitSlot", "firstName", "SpellByLetter"
    )
    assert slot(chat.say("s a m"), "firstName") == "Sam"
