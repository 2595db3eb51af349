"""A per-request view of one turn for the test console: which code hooks ran (source, transport,
duration, failure), how long the NLU and the whole turn took.

The console's requests open a trace (`tracing`); the engine reports into whichever trace is
current through a context variable, which follows the request into the turn's worker thread. With
no trace open every report is one context-variable lookup, so ordinary traffic pays nothing
measurable. A trace never goes into a Lex answer: the console fetches it by request id.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class HookCall:
    source: str  # dialog or fulfillment
    transport: str  # python, lambda, http
    seconds: float
    error: str | None  # timeout, failure, invalid_answer, busy, unexpected


@dataclass(slots=True)
class TurnTrace:
    hooks: list[HookCall] = field(default_factory=list)
    nlu_seconds: float = 0.0
    nlu_parses: int = 0
    turn_seconds: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "hooks": [
                {
                    "source": h.source,
                    "transport": h.transport,
                    "ms": round(h.seconds * 1000, 3),
                    "error": h.error,
                }
                for h in self.hooks
            ],
            "nluMs": round(self.nlu_seconds * 1000, 3),
            "nluParses": self.nlu_parses,
            "turnMs": None if self.turn_seconds is None else round(self.turn_seconds * 1000, 3),
        }


_current: ContextVar[TurnTrace | None] = ContextVar("turn_trace", default=None)


@contextmanager
def tracing() -> Iterator[TurnTrace]:
    """Collect what happens in this context (and the threads it hands work to)."""
    trace = TurnTrace()
    token = _current.set(trace)
    try:
        yield trace
    finally:
        _current.reset(token)


def hook_called(source: str, transport: str, seconds: float, error: str | None) -> None:
    trace = _current.get()
    if trace is not None:
        trace.hooks.append(HookCall(source, transport, seconds, error))


def nlu_parsed(seconds: float) -> None:
    trace = _current.get()
    if trace is not None:
        trace.nlu_seconds += seconds
        trace.nlu_parses += 1


def turn_timed(seconds: float) -> None:
    trace = _current.get()
    if trace is not None:
        trace.turn_seconds = seconds
