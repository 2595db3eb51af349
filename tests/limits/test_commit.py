"""A turn is committed only if its answer can be produced. A code hook that sets what Lex would
refuse (a lone surrogate, NaN, attributes over 12 KB, a context with 11 attributes) is an invalid
hook answer: 424, the session as it was, and the hook called once per client call even with
boto3's retries on. The facade makes the answer before it saves, so an answer or a state that
cannot be written leaves the session untouched."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from bot.errors import InternalFailure
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.sessions import MemorySessionStore
from bot.turn import SessionState, TurnRequest, TurnResponse
from tests.limits import hooks
from tests.limits.conftest import Server, new_session_id

BOTO3_DEFAULT_RETRIES = Config(retries={"mode": "standard", "max_attempts": 3})


@pytest.mark.parametrize(
    ("hook", "reason"),
    [
        ("lone_surrogate", "the response holds a lone surrogate"),
        ("not_a_number", "the response holds NaN or Infinity"),
        ("oversized_attributes", "session attributes take 13,"),
        ("too_many_context_attributes", "context crowded has 11 attributes"),
    ],
)
def test_a_hook_setting_what_lex_refuses_leaves_the_session_as_it_was_and_runs_once(
    served: Callable[..., Server], hook: str, reason: str
) -> None:
    server = served(hook=hook, retries=BOTO3_DEFAULT_RETRIES)
    session_id = new_session_id()
    server.lex.put_session(
        **server.ids,
        localeId="en_US",
        sessionId=session_id,
        sessionState={"sessionAttributes": {"a": "1"}, "dialogAction": {"type": "ElicitIntent"}},
    )
    before = server.session(session_id)
    for attempt in range(1, 3):
        with pytest.raises(ClientError) as refused:
            server.say(session_id, "register me for PyCon")
        error = refused.value.response
        assert (error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"]) == (
            424,
            "DependencyFailedException",
        )
        assert f"Invalid Lambda Response: {reason}" in error["Error"]["Message"]
        assert hooks.CALLS.count(session_id) == attempt  # one call per client call, no retry
        assert server.session(session_id) == before


def test_a_well_behaved_hook_is_called_and_its_attribute_kept(
    served: Callable[..., Server],
) -> None:
    server = served(hook="well_behaved")
    session_id = new_session_id()
    answer = server.say(session_id, "register me for PyCon")
    assert answer["sessionState"]["sessionAttributes"] == {"hooked": "yes"}
    assert hooks.CALLS == [session_id]


# ---------------------------------------------------------------- the facade's order


@pytest.fixture
def runtime(trained_bot: tuple[BotProject, NLUEngine, Path]) -> BotRuntime:
    project, nlu, _ = trained_bot
    return BotRuntime(
        project, nlu, MemorySessionStore(), clock=lambda: 1_795_000_000.0, rng=random.Random(0)
    )


def turn(runtime: BotRuntime, text: str, attributes: dict[str, str] | None = None) -> TurnRequest:
    key = runtime.v2_key(runtime.identity.bot_id, "TSTALIASID", "en_US", "facade-1")
    state = SessionState(session_attributes=attributes or {}) if attributes is not None else None
    return TurnRequest(key, text, state, sent_attributes=attributes is not None)


def stored_version(runtime: BotRuntime, request: TurnRequest) -> int:
    stored = runtime.store.load(request.key, runtime.clock())
    return stored.version if stored else 0


def test_the_answer_is_made_before_the_turn_is_saved(runtime: BotRuntime) -> None:
    first = turn(runtime, "register me for PyCon", {"a": "1"})
    runtime.recognize(first)
    seen: list[int] = []

    def answer(response: TurnResponse) -> str:
        seen.append(stored_version(runtime, first))
        return "answered"

    assert runtime.recognize(turn(runtime, "tomorrow"), answer=answer) == "answered"
    assert seen == [1] and stored_version(runtime, first) == 2


def test_an_answer_that_cannot_be_made_leaves_the_session_as_it_was(runtime: BotRuntime) -> None:
    first = turn(runtime, "register me for PyCon", {"a": "1"})
    runtime.recognize(first)
    before = runtime.store.load(first.key, runtime.clock())

    def answer(response: TurnResponse) -> str:
        raise InternalFailure("cannot write it")

    with pytest.raises(InternalFailure):
        runtime.recognize(turn(runtime, "tomorrow"), answer=answer)
    assert runtime.store.load(first.key, runtime.clock()) == before
    # The client's retry runs the turn once, from the state it had.
    assert runtime.recognize(turn(runtime, "tomorrow")).session_state.intent is not None
    assert stored_version(runtime, first) == 2


def test_a_state_the_store_cannot_carry_is_refused_with_nothing_written(
    runtime: BotRuntime, caplog: pytest.LogCaptureFixture
) -> None:
    """What the API refuses at the door, the facade still never stores (e.g. a channel or a
    library caller handing in a lone surrogate): the turn fails, the session is untouched."""
    first = turn(runtime, "register me for PyCon", {"a": "1"})
    runtime.recognize(first)
    with pytest.raises(InternalFailure, match="the session was left as it was"):
        runtime.recognize(turn(runtime, "tomorrow", {"name": "\ud800"}))
    assert stored_version(runtime, first) == 1
    assert not [r for r in caplog.records if r.exc_info]


def test_put_session_makes_its_answer_before_saving(runtime: BotRuntime) -> None:
    key = runtime.v2_key(runtime.identity.bot_id, "TSTALIASID", "en_US", "facade-2")

    def answer(response: TurnResponse) -> str:
        raise InternalFailure("headers too large")

    with pytest.raises(InternalFailure):
        runtime.put_session(key, SessionState(session_attributes={"a": "1"}), [], {}, answer=answer)
    assert runtime.store.load(key, runtime.clock()) is None
