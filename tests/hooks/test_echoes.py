"""Property: the engine takes back every event it makes. Engine states of every kind are sent
through the real event builders (V2 and V1, dialog and fulfilment hooks) to handlers that send
the event's own state straight back; no answer may be refused, and the state after the answer
is the state that was sent.

Cases are generated with a seeded `random.Random`, so a failure names a case that can be rerun.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.dialog.contexts import ContextLife
from bot.dialog.hooks import HookSource
from bot.nlu.types import Interpretation, Slot, SlotValue
from bot.project.loader import BotProject
from bot.turn import DialogAction, IntentState, SessionState
from tests.hooks.turns import NOW, hook_calls, make_turn

SEED = 20261118
CASES = 300  # per handler and API
WORDS = ("PyCon", "AWS Summit", "ada@example.com", "2027-03-12", "4", "true", "Zoë", "a b  c", "")
STATES = ("InProgress", "ReadyForFulfillment", "Fulfilled", "Failed", "Waiting")
CONFIRMATIONS = ("None", "Confirmed", "Denied")
ATTEMPTS = ("Initial", "Retry1", "Retry2", "Retry5")
# (handler, the dialog action its answers carry, the APIs it speaks)
ECHOES = [
    ("echo_delegate", "Delegate", ("V2", "V1")),
    ("echo_elicit_slot", "ElicitSlot", ("V2", "V1")),
    ("echo_delegate_slots", "Delegate", ("V1",)),
]


@dataclass
class Case:
    number: int
    source: HookSource
    state: SessionState
    contexts: list[ContextLife]
    interpretations: list[Interpretation]
    proposed: DialogAction | None
    label: str | None
    attempt: str


# ---------------------------------------------------------------- generated values


def text(rng: random.Random) -> str:
    return rng.choice(WORDS)


def scalar(rng: random.Random) -> SlotValue:
    kind = rng.choice(("plain", "resolved", "ambiguous", "unresolved"))
    start = rng.choice((-1, 0, 7))
    original = text(rng)
    if kind == "ambiguous":  # "ten thirty": no interpreted value, the candidates resolved
        return SlotValue("ten thirty", None, ["10:30", "22:30"], start, start + 10)
    if kind == "unresolved":
        return SlotValue(original, text(rng), [], start, start + len(original))
    if kind == "resolved":
        resolved = [text(rng) for _ in range(rng.randint(1, 3))]
        return SlotValue(original, resolved[0], resolved, start, start + len(original))
    return SlotValue(original, original, [original], start, start + len(original))


def slot(rng: random.Random) -> Slot:
    kind = rng.choice(("empty", "scalar", "scalar", "list"))
    if kind == "empty":
        return None
    if kind == "list":
        return [scalar(rng) for _ in range(rng.randint(1, 3))]
    return scalar(rng)


def intent(rng: random.Random, project: BotProject, name: str) -> IntentState:
    definition = project.intents[name]
    slots = {s.name: slot(rng) for s in definition.ordered_slots()}
    return IntentState(name, slots, rng.choice(STATES), rng.choice(CONFIRMATIONS))  # type: ignore[arg-type]


def contexts(rng: random.Random) -> list[ContextLife]:
    return [
        ContextLife(
            f"ctx_{n}",
            rng.randint(1, 20),
            NOW + rng.choice((1, 4, 5, 600, 86400)),
            {text(rng) or "k": text(rng) for _ in range(rng.randint(0, 2))},
        )
        for n in range(rng.randint(0, 3))
    ]


def interpretations(rng: random.Random, project: BotProject, top: str) -> list[Interpretation]:
    names = [top] + rng.sample(sorted(project.intents), rng.randint(0, 2))
    return [
        Interpretation(
            name,
            None if name == "FallbackIntent" else rng.random(),
            {k: v for k, v in intent(rng, project, name).slots.items() if rng.random() < 0.5},
        )
        for name in names[: rng.randint(0, 3)]
    ]


def case(rng: random.Random, project: BotProject, number: int, need_slots: bool) -> Case:
    names = sorted(n for n, d in project.intents.items() if d.slots or not need_slots)
    current = intent(rng, project, rng.choice(names))
    first = next(iter(current.slots), None)
    action = rng.choice(
        (None, DialogAction("ElicitSlot", first), DialogAction("ConfirmIntent"))
        if first
        else (None, DialogAction("ElicitIntent"))
    )
    attributes = {f"k{n}": text(rng) for n in range(rng.choice((0, 0, 1, 3)))}
    source: HookSource = rng.choice(("DialogCodeHook", "FulfillmentCodeHook"))
    proposed = None
    if source == "DialogCodeHook" and first:
        proposed = rng.choice(
            (None, DialogAction("ElicitSlot", first), DialogAction("ConfirmIntent"))
        )
    request_id = rng.choice((None, f"request-{number}"))
    return Case(
        number,
        source,
        SessionState(action, current, attributes, [], request_id),
        contexts(rng),
        interpretations(rng, project, current.name),
        proposed,
        rng.choice((None, "Validate_Label-1")),
        rng.choice(ATTEMPTS),
    )


def cases(project: BotProject, handler: str, api: str) -> Iterator[Case]:
    rng = random.Random(f"{SEED}-{handler}-{api}")
    for number in range(CASES):
        yield case(rng, project, number, need_slots=handler == "echo_elicit_slot")


# ---------------------------------------------------------------- the property


@pytest.mark.parametrize(
    ("handler", "kind", "api"),
    [(handler, kind, api) for handler, kind, apis in ECHOES for api in apis],
)
def test_every_engine_event_sent_back_is_taken_back_unchanged(trained_bot, handler, kind, api):
    project = trained_bot[0]
    calls = hook_calls(project, handler, api)
    for item in cases(project, handler, api):
        turn = make_turn(
            copy.deepcopy(item.state),
            api=api,
            contexts=copy.deepcopy(item.contexts),
            interpretations=item.interpretations,
        )
        answer = calls.call(
            turn, item.source, item.proposed, label=item.label, prompt_attempt=item.attempt
        )
        where = f"case {item.number} ({item.source}): {item.state.intent}"
        action = answer.session_state.dialog_action
        assert action is not None and action.type == kind, f"refused: {where}"
        assert turn.doc.state == item.state, where
        assert turn.doc.contexts == item.contexts, where


def test_the_generated_cases_cover_every_kind_of_state(trained_bot):
    """The property above is only as good as its cases: each kind of slot, state and extra
    occurs in them."""
    project = trained_bot[0]
    seen: set[str] = set()
    for handler, _, apis in ECHOES:
        for api in apis:
            for item in cases(project, handler, api):
                assert item.state.intent is not None
                seen.add(item.source)
                seen.add(item.state.intent.state)
                seen.add("attributes" if item.state.session_attributes else "no attributes")
                seen.add("contexts" if item.contexts else "no contexts")
                seen.add("interpretations" if item.interpretations else "no interpretations")
                for value in item.state.intent.slots.values():
                    seen.add(_kind(value))
    assert seen >= {
        "DialogCodeHook",
        "FulfillmentCodeHook",
        *STATES,
        "attributes",
        "no attributes",
        "contexts",
        "no contexts",
        "interpretations",
        "no interpretations",
        "empty",
        "filled",
        "ambiguous",
        "list",
    }


def _kind(value: Slot) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "list"
    return "ambiguous" if value.interpreted_value is None else "filled"
