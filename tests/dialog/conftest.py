"""Whole conversations with the dialog engine, in process: the example bot with context chaining,
a fake clock, a seeded random generator, and a `Conversation` that keeps the session document
between turns (round-tripped through JSON, as a session store would).

Context chaining uses the example bot's follow-up intent EventDetails (input context
`registered`); RegisterUserForEvent's closing response asks "Would you like to know more about
{eventName}?".
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.dialog import CodeHooks, DialogEngine
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.turn import SessionKey, SessionState, TurnRequest, TurnResponse

KNOW_MORE = "Would you like to know more about {eventName}?"
# Monday 23 November 2026, 12:00 UTC: already Tuesday in Pacific/Kiritimati (UTC+14).
START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC).timestamp()
KEY = SessionKey("EVENTBOT01", "TSTALIASID", "en_US", "session-1")


class FakeClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def dialog_bot(trained_bot: tuple[BotProject, NLUEngine, Path]) -> tuple[BotProject, NLUEngine]:
    project, nlu, _ = trained_bot
    return project, nlu


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_engine(
    dialog_bot: tuple[BotProject, NLUEngine], clock: FakeClock
) -> Callable[..., DialogEngine]:
    def make(hooks: CodeHooks | None = None) -> DialogEngine:
        project, nlu = dialog_bot
        return DialogEngine(project, nlu, hooks=hooks, clock=clock, rng=random.Random(0))

    return make


@pytest.fixture
def dialog(make_engine: Callable[..., DialogEngine]) -> DialogEngine:
    return make_engine()


class Conversation:
    """One user talking to the engine; `doc` is what a session store would hold."""

    def __init__(self, engine: DialogEngine, api: str = "V2") -> None:
        self.engine = engine
        self.api = api
        self.doc: dict[str, Any] | None = None
        self.turns = 0

    def say(
        self,
        text: str,
        *,
        state: SessionState | None = None,
        sent_attributes: bool = False,
        sent_contexts: bool = False,
        request_attributes: dict[str, str] | None = None,
    ) -> TurnResponse:
        self.turns += 1
        request = TurnRequest(
            KEY,
            text,
            state,
            sent_attributes=sent_attributes,
            sent_contexts=sent_contexts,
            request_attributes=request_attributes or {},
            request_id=f"request-{self.turns}",
        )
        response, doc = self.engine.run_turn(request, self.doc, api=self.api)  # type: ignore[arg-type]
        self.doc = json.loads(json.dumps(doc))  # what a store would give back
        return response

    def register(self, event: str = "PyCon") -> TurnResponse:
        """A whole registration, answered yes: the intent is fulfilled."""
        self.say(f"register me for {event}")
        self.say("tomorrow")
        self.say("Maria")
        self.say("maria@example.com")
        return self.say("yes")


@pytest.fixture
def chat(dialog: DialogEngine) -> Conversation:
    return Conversation(dialog)


# ---------------------------------------------------------------- reading responses


def texts(response: TurnResponse) -> list[str]:
    return [m.content or "" for m in response.messages if m.content_type != "ImageResponseCard"]


def action(response: TurnResponse) -> tuple[str | None, str | None]:
    act = response.session_state.dialog_action
    return (act.type, act.slot_to_elicit) if act else (None, None)


def intent_name(response: TurnResponse) -> str | None:
    intent = response.session_state.intent
    return intent.name if intent else None


def intent_state(response: TurnResponse) -> str | None:
    intent = response.session_state.intent
    return intent.state if intent else None


def slot(response: TurnResponse, name: str) -> str | None:
    intent = response.session_state.intent
    value = intent.slots.get(name) if intent else None
    if value is None or isinstance(value, list):
        return None
    return value.interpreted_value


def contexts(response: TurnResponse) -> dict[str, tuple[int, int]]:
    """name -> (turns left, seconds left)."""
    return {
        c.name: (c.turns_to_live, c.time_to_live_seconds)
        for c in response.session_state.active_contexts
    }
