"""Dialog and fulfilment code hooks through the neutral seam, with an in-process fake.

Real hooks (Python functions, Lambdas, HTTP endpoints) arrive through an adapter; here a small
fake `CodeHooks` answers from a script and records what it was asked.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from bot.dialog import DialogEngine, HookAnswer, HookInvocation, HookTimeout, delegate
from bot.errors import DependencyFailed
from bot.nlu.types import SlotValue
from bot.turn import ActiveContext, DialogAction, IntentState, Message, SessionState
from tests.dialog.conftest import (
    Conversation,
    action,
    contexts,
    intent_name,
    intent_state,
    slot,
    texts,
)

Script = Callable[[HookInvocation], HookAnswer]


class FakeHooks:
    def __init__(self, dialog: Script | None = None, fulfillment: Script | None = None) -> None:
        self._dialog = dialog or (lambda _: delegate())
        self._fulfillment = fulfillment or (lambda inv: close(inv, "Fulfilled"))
        self.calls: list[HookInvocation] = []

    def dialog(self, invocation: HookInvocation) -> HookAnswer:
        self.calls.append(invocation)
        return self._dialog(invocation)

    def fulfillment(self, invocation: HookInvocation) -> HookAnswer:
        self.calls.append(invocation)
        return self._fulfillment(invocation)


def close(invocation: HookInvocation, state: str, *texts: str) -> HookAnswer:
    intent = copy.deepcopy(invocation.session_state.intent)
    assert intent is not None
    intent.state = state  # type: ignore[assignment]
    return HookAnswer(
        SessionState(dialog_action=DialogAction("Close"), intent=intent),
        [Message.text(t) for t in texts],
    )


@pytest.fixture
def hooked(make_engine: Callable[..., DialogEngine]) -> Callable[[FakeHooks], Conversation]:
    return lambda hooks: Conversation(make_engine(hooks))


def test_dialog_hook_delegate_continues_the_default_flow(hooked):
    hooks = FakeHooks()
    r = hooked(hooks).say("register me for PyCon", request_attributes={"channel": "web"})
    assert action(r) == ("ElicitSlot", "eventDate")
    (call,) = hooks.calls
    assert call.source == "DialogCodeHook"
    assert call.proposed_next == DialogAction("ElicitSlot", "eventDate")
    assert call.input_text == "register me for PyCon"
    assert call.request_attributes == {"channel": "web"}
    assert call.interpretations[0].intent == "RegisterUserForEvent"
    intent = call.session_state.intent
    assert intent is not None and intent.name == "RegisterUserForEvent"
    assert isinstance(intent.slots["eventName"], SlotValue)


def test_dialog_hook_elicit_slot_replaces_the_next_prompt(hooked):
    def ask_name(inv: HookInvocation) -> HookAnswer:
        return HookAnswer(
            SessionState(dialog_action=DialogAction("ElicitSlot", "firstName")),
            [Message.text("Who is coming?")],
        )

    chat = hooked(FakeHooks(dialog=ask_name))
    r = chat.say("register me for PyCon")
    assert action(r) == ("ElicitSlot", "firstName")
    assert texts(r) == ["Who is coming?"]
    assert slot(chat.say("Maria"), "firstName") == "Maria"


def test_dialog_hook_can_set_slots_and_session_attributes(hooked):
    def fill_date(inv: HookInvocation) -> HookAnswer:
        intent = copy.deepcopy(inv.session_state.intent)
        assert intent is not None
        intent.slots["eventDate"] = SlotValue("2027-03-12", "2027-03-12", ["2027-03-12"])
        return HookAnswer(
            SessionState(
                dialog_action=DialogAction("Delegate"),
                intent=intent,
                session_attributes={"checked": "yes"},
            ),
            sent_attributes=True,
        )

    r = hooked(FakeHooks(dialog=fill_date)).say("register me for PyCon")
    assert slot(r, "eventDate") == "2027-03-12"
    assert action(r) == ("ElicitSlot", "firstName")
    assert r.session_state.session_attributes == {"checked": "yes"}


def test_dialog_hook_close_ends_the_intent_with_its_messages(hooked):
    chat = hooked(FakeHooks(dialog=lambda inv: close(inv, "Failed", "PyCon is sold out.")))
    r = chat.say("register me for PyCon")
    assert (intent_state(r), action(r)) == ("Failed", ("Close", None))
    assert texts(r) == ["PyCon is sold out."]


def test_dialog_hook_confirm_intent_asks_with_its_messages(hooked):
    def confirm(inv: HookInvocation) -> HookAnswer:
        return HookAnswer(
            SessionState(dialog_action=DialogAction("ConfirmIntent")), [Message.text("Sure?")]
        )

    r = hooked(FakeHooks(dialog=confirm)).say("register me for PyCon")
    assert action(r) == ("ConfirmIntent", None)
    assert texts(r) == ["Sure?"]


def test_dialog_hook_elicit_intent_asks_what_the_user_wants(hooked):
    def elicit_intent(inv: HookInvocation) -> HookAnswer:
        return HookAnswer(
            SessionState(dialog_action=DialogAction("ElicitIntent")),
            [Message.text("What else?")],
        )

    r = hooked(FakeHooks(dialog=elicit_intent)).say("register me for PyCon")
    assert action(r) == ("ElicitIntent", None)
    assert texts(r) == ["What else?"]


def test_dialog_hook_with_an_unknown_intent_is_a_dependency_failure(hooked):
    def bad(inv: HookInvocation) -> HookAnswer:
        return HookAnswer(SessionState(intent=IntentState("NoSuchIntent")))

    with pytest.raises(DependencyFailed):
        hooked(FakeHooks(dialog=bad)).say("register me for PyCon")


def test_hook_gets_a_copy_of_the_session_state(hooked):
    def meddle(inv: HookInvocation) -> HookAnswer:
        assert inv.session_state.intent is not None
        inv.session_state.intent.slots.clear()
        inv.session_state.session_attributes["x"] = "y"
        return delegate()

    r = hooked(FakeHooks(dialog=meddle)).say("register me for PyCon")
    assert slot(r, "eventName") == "PyCon"
    assert r.session_state.session_attributes == {}


def test_fulfillment_hook_runs_after_confirmation(hooked):
    hooks = FakeHooks()
    r = hooked(hooks).register()
    fulfil = hooks.calls[-1]
    assert fulfil.source == "FulfillmentCodeHook"
    assert fulfil.proposed_next is None
    assert fulfil.session_state.intent is not None
    assert fulfil.session_state.intent.confirmation_state == "Confirmed"
    assert [c.source for c in hooks.calls[:-1]] == ["DialogCodeHook"] * 5
    assert (intent_state(r), action(r)) == ("Fulfilled", ("Close", None))
    # No messages from the hook: the success and closing responses are said.
    assert texts(r)[0].startswith("Done! Maria, you're registered for PyCon")
    assert texts(r)[1] == "Would you like to know more about PyCon?"
    assert contexts(r) == {"registered": (3, 300)}


def test_fulfillment_hook_messages_replace_the_configured_responses(hooked):
    chat = hooked(FakeHooks(fulfillment=lambda inv: close(inv, "Fulfilled", "Ticket #42 sent.")))
    r = chat.register()
    assert texts(r) == ["Ticket #42 sent."]
    assert contexts(r) == {"registered": (3, 300)}


def test_fulfillment_hook_failure_says_the_failure_response(hooked):
    r = hooked(FakeHooks(fulfillment=lambda inv: close(inv, "Failed"))).register()
    assert (intent_state(r), action(r)) == ("Failed", ("Close", None))
    assert texts(r) == [
        "Sorry, I couldn't complete your registration for PyCon. Please try again later."
    ]
    assert contexts(r) == {}


def test_fulfillment_hook_timeout_says_the_timeout_response(hooked):
    def slow(inv: HookInvocation) -> HookAnswer:
        raise HookTimeout("no answer in 30 s")

    r = hooked(FakeHooks(fulfillment=slow)).register()
    assert intent_state(r) == "Failed"
    assert texts(r) == [
        "Sorry, registration is taking longer than expected. Please try again in a minute."
    ]


def test_fulfillment_hook_can_set_contexts(hooked):
    def with_context(inv: HookInvocation) -> HookAnswer:
        answer = close(inv, "Fulfilled", "Done.")
        answer.session_state.active_contexts = [ActiveContext("vip", 60, 5, {"tier": "gold"})]
        answer.sent_contexts = True
        return answer

    r = hooked(FakeHooks(fulfillment=with_context)).register()
    assert contexts(r) == {"vip": (5, 60), "registered": (3, 300)}


def test_intents_without_enabled_hooks_are_not_sent_to_them(hooked):
    hooks = FakeHooks()
    r = hooked(hooks).say("hello")
    assert hooks.calls == []
    assert intent_state(r) == "Fulfilled"
    assert intent_name(r) == "Greeting"
