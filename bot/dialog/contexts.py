"""The life of active contexts: activation, expiry by turns or seconds, and the client's view.

A context lives for `turnsToLive` turns or `timeToLiveInSeconds` seconds, whichever ends first.
It is stored with an absolute expiry time (so the clock, not the number of saves, decides) and
the turns it has left. A context that is active when a turn starts is used by that turn and then
loses one turn; one activated during a turn (on fulfilment, by a code hook) starts counting on
the next turn. This module only computes; it never reads the clock itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.turn import ActiveContext


@dataclass(slots=True)
class ContextLife:
    name: str
    turns_left: int
    expires_at: float  # epoch seconds
    attributes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "turns_left": self.turns_left,
            "expires_at": self.expires_at,
            "attributes": dict(self.attributes),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ContextLife:
        return cls(
            str(data["name"]),
            int(data["turns_left"]),
            float(data["expires_at"]),
            {str(k): str(v) for k, v in (data.get("attributes") or {}).items()},
        )


def activate(
    name: str, turns: int, seconds: float, attributes: dict[str, str], now: float
) -> ContextLife:
    return ContextLife(name, turns, now + seconds, dict(attributes))


def from_client(context: ActiveContext, now: float) -> ContextLife:
    """A context set by a client or a code hook, counted from now."""
    return activate(
        context.name,
        context.turns_to_live,
        context.time_to_live_seconds,
        context.attributes,
        now,
    )


def replace(current: list[ContextLife], new: ContextLife) -> list[ContextLife]:
    """`current` with `new` in place of any context of the same name."""
    return [c for c in current if c.name != new.name] + [new]


def live(contexts: Iterable[ContextLife], now: float) -> list[ContextLife]:
    """The contexts that have turns and seconds left at `now`."""
    return [c for c in contexts if c.turns_left > 0 and c.expires_at > now]


def end_of_turn(current: list[ContextLife], used: list[ContextLife]) -> list[ContextLife]:
    """After a turn: every context the turn started with loses a turn; spent ones go."""
    for context in current:
        if any(context is u for u in used):
            context.turns_left -= 1
    return [c for c in current if c.turns_left > 0]


def view(contexts: Iterable[ContextLife], now: float) -> list[ActiveContext]:
    """What is left of each live context, as a response shows it."""
    return [
        ActiveContext(
            c.name,
            max(0, math.ceil(c.expires_at - now)),
            c.turns_left,
            dict(c.attributes),
        )
        for c in live(contexts, now)
    ]


def attributes_by_name(contexts: Iterable[ContextLife]) -> dict[str, dict[str, str]]:
    return {c.name: c.attributes for c in contexts}
