"""Lex V2 conversation flows, in process: next steps, conditional branches and step-level code
hooks of a pizza bot (tests/dialog/flow_bot), with a scripted fake behind the code-hook seam."""

from __future__ import annotations

import copy
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.dialog import DialogEngine, HookAnswer, HookInvocation, HookTimeout, delegate
from bot.errors import DependencyFailed, LoopDetected
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.training import load_model, train_project
from bot.turn import DialogAction, Message, SessionState
from tests.dialog.conftest import Conversation, FakeClock, action, intent_state, texts

FLOW_BOT = Path(__file__).parent / "flow_bot"
Script = Callable[[HookInvocation], HookAnswer]


class Hooks:
    """Answers from a script and records each call's source and label."""

    def __init__(self, dialog: Script | None = None, fulfillment: Script | None = None) -> None:
        self._dialog = dialog or (lambda _: delegate())
        self._fulfillment = fulfillment or (lambda inv: closed(inv, "Fulfilled"))
        self.calls: list[HookInvocation] = []

    @property
    def labels(self) -> list[str | None]:
        return [c.label if c.source == "DialogCodeHook" else "fulfilment" for c in self.calls]

    def dialog(self, invocation: HookInvocation) -> HookAnswer:
        self.calls.append(invocation)
        return self._dialog(invocation)

    def fulfillment(self, invocation: HookInvocation) -> HookAnswer:
        self.calls.append(invocation)
        return self._fulfillment(invocation)


def closed(invocation: HookInvocation, state: str, *said: str) -> HookAnswer:
    intent = copy.deepcopy(invocation.session_state.intent)
    assert intent is not None
    intent.state = state  # type: ignore[assignment]
    return HookAnswer(
        SessionState(dialog_action=DialogAction("Close"), intent=intent),
        [Message.text(t) for t in said],
    )


@pytest.fixture(scope="module")
def flow_bot(tmp_path_factory: pytest.TempPathFactory) -> tuple[BotProject, NLUEngine]:
    root = tmp_path_factory.mktemp("flow-bot")
    shutil.copytree(FLOW_BOT, root, dirs_exist_ok=True)
    train_project(root)
    return load_model(root)


@pytest.fixture
def talk(flow_bot: tuple[BotProject, NLUEngine]) -> Callable[[Hooks | None], Conversation]:
    def start(hooks: Hooks | None = None) -> Conversation:
        project, nlu = flow_bot
        engine = DialogEngine(project, nlu, hooks=hooks, clock=FakeClock(), rng=random.Random(0))
        return Conversation(engine)

    return start


def test_a_flow_runs_each_configured_step_and_calls_the_hook_only_where_told(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    hooks = Hooks()
    chat = talk(hooks)
    first = chat.say("I want a pizza")
    assert texts(first) == ["Let's get you a pizza.", "What size would you like?"]
    assert action(first) == ("ElicitSlot", "size")
    assert texts(chat.say("large")) == ["large it is.", "How many pizzas?"]
    assert texts(chat.say("2")) == ["When will you pick it up?"]
    confirm = chat.say("6 pm")
    assert texts(confirm) == ["Order 2 large pizzas for 18:00?"]
    assert action(confirm) == ("ConfirmIntent", None)
    done = chat.say("yes")
    assert texts(done) == ["Your pizza is on its way.", "Anything else?"]
    assert action(done) == ("ElicitIntent", None)
    assert intent_state(done) == "Fulfilled"
    # Initial-response hook, the pickup slot's validation hook, then fulfilment: nothing else.
    assert hooks.labels == ["OrderPizza_Init", "OrderPizza_Pickup_Validate", "fulfilment"]


def test_a_capture_conditional_clears_the_slot_and_asks_again_in_its_own_words(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    chat = talk(Hooks())
    chat.say("I want a pizza")
    chat.say("medium")
    again = chat.say("12")
    assert texts(again) == ["That's a lot. We can bake at most 10; how many would you like?"]
    assert action(again) == ("ElicitSlot", "count")
    intent = again.session_state.intent
    assert intent is not None and intent.slots["count"] is None
    assert texts(chat.say("3")) == ["When will you pick it up?"]


def test_a_failing_initial_hook_takes_its_failure_path(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    def fail(_: HookInvocation) -> HookAnswer:
        raise DependencyFailed("Code hook failed: boom")

    reply = talk(Hooks(dialog=fail)).say("I want a pizza")
    assert texts(reply) == ["Let's get you a pizza.", "Sorry, ordering is down right now."]
    assert action(reply) == ("Close", None)
    assert intent_state(reply) == "Failed"


def test_a_timed_out_initial_hook_takes_its_timeout_path(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    def slow(_: HookInvocation) -> HookAnswer:
        raise DependencyFailed("Code hook timed out", timed_out=True)

    reply = talk(Hooks(dialog=slow)).say("I want a pizza")
    assert texts(reply)[-1] == "Sorry, ordering is slow right now."
    assert intent_state(reply) == "Failed"


def test_a_hook_that_decides_the_next_step_overrides_the_configured_one(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    def elicit_count(invocation: HookInvocation) -> HookAnswer:
        state = copy.deepcopy(invocation.session_state)
        state.dialog_action = DialogAction("ElicitSlot", "count")
        return HookAnswer(state, [Message.text("How many, first?")])

    reply = talk(Hooks(dialog=elicit_count)).say("I want a pizza")
    assert texts(reply) == ["Let's get you a pizza.", "How many, first?"]
    assert action(reply) == ("ElicitSlot", "count")


def test_slot_failure_starts_the_fallback_with_the_step_attributes(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    chat = talk(Hooks())
    chat.say("I want a pizza")
    assert texts(chat.say("a banana")) == ["What size would you like?"]
    gave_up = chat.say("a banana")
    assert texts(gave_up) == ["I still don't know the size.", "Let me get you a human."]
    assert action(gave_up) == ("Close", None)
    assert gave_up.session_state.session_attributes["slot-failure"] == "false"


def test_the_elicitation_hook_runs_on_a_retry_with_its_label_and_attempt(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    hooks = Hooks()
    chat = talk(hooks)
    for text in ("I want a pizza", "small", "1"):
        chat.say(text)
    retry = chat.say("whenever you like")
    assert texts(retry) == ["When will you pick it up?"]
    last = hooks.calls[-1]
    assert (last.label, last.prompt_attempt) == ("OrderPizza_Pickup_Retry", "Retry1")


def test_no_to_the_confirmation_takes_the_declination_step(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    chat = talk(Hooks())
    for text in ("I want a pizza", "small", "1", "7 pm"):
        chat.say(text)
    declined = chat.say("no")
    assert texts(declined) == ["OK, I won't order them."]
    assert action(declined) == ("ElicitIntent", None)
    assert intent_state(declined) == "Failed"
    assert declined.session_state.session_attributes["declined"] == "true"


def test_a_failed_fulfilment_takes_its_failure_path(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    chat = talk(Hooks(fulfillment=lambda inv: closed(inv, "Failed")))
    for text in ("I want a pizza", "small", "1", "7 pm"):
        chat.say(text)
    failed = chat.say("yes")
    assert texts(failed) == ["The oven broke."]
    assert (action(failed), intent_state(failed)) == (("Close", None), "Failed")


def test_a_timed_out_fulfilment_takes_its_timeout_path(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    def slow(_: HookInvocation) -> HookAnswer:
        raise HookTimeout("too slow")

    chat = talk(Hooks(fulfillment=slow))
    for text in ("I want a pizza", "small", "1", "7 pm"):
        chat.say(text)
    assert texts(chat.say("yes")) == ["The oven is slow today."]


def test_the_fallback_branches_on_session_attributes(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    chat = talk(Hooks())
    first = chat.say("what is the capital of peru")
    assert texts(first) == ["Sorry, can you say that again?"]
    assert action(first) == ("ElicitIntent", None)
    assert first.session_state.session_attributes["fallback-count"] == "1"
    second = chat.say("what is the capital of peru")
    assert texts(second) == ['I still didn\'t get that. Try "order a pizza".']


def test_an_intent_without_flow_settings_calls_its_dialog_hook_every_turn(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    hooks = Hooks()
    reply = talk(hooks).say("hello")
    assert texts(reply) == ["Hello! Want a pizza?"]
    assert [c.session_state.intent.name for c in hooks.calls] == ["Greeting"]  # type: ignore[union-attr]


def test_a_flow_that_never_waits_is_stopped(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    with pytest.raises(LoopDetected):
        talk(Hooks()).say("go round in circles")


def test_a_flow_without_any_code_hook_takes_the_success_paths(
    talk: Callable[[Hooks | None], Conversation],
) -> None:
    chat = talk(None)
    assert texts(chat.say("I want a pizza")) == [
        "Let's get you a pizza.",
        "What size would you like?",
    ]
    for text in ("small", "1"):
        chat.say(text)
    assert action(chat.say("7 pm")) == ("ConfirmIntent", None)
    done = chat.say("yes")
    assert texts(done) == ["Your pizza is on its way.", "Anything else?"]
    assert intent_state(done) == "Fulfilled"
