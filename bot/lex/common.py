"""What the Lex V2 and V1 shapes have in common: the tolerant pydantic base, Lex's lenient reading
of string maps, the rules for a context's name, a context read in and written out (with what is
left of its life), and the longest message. It never decides what a value means for the conversation and never says how
long a context must live: the runtime API and the code hooks each keep their own time-to-live
model, since they accept different ranges.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, BeforeValidator, ConfigDict

from bot.turn import ActiveContext

MAX_MESSAGE = 1024  # characters in one message's text
# Bot exports name contexts with hyphens too ("selected-instances").
CONTEXT_NAME = r"^([A-Za-z0-9][_-]?)+$"
MAX_CONTEXT_NAME = 100
MAX_CONTEXTS = 20  # active contexts in one session state


class LexModel(BaseModel):
    """Lex shapes tolerate fields they do not know, as the SDKs and Lex itself do."""

    model_config = ConfigDict(extra="ignore")


def scalar_text(value: Any) -> Any:
    """Lex reads attribute and slot maps as strings, and takes numbers and booleans as their
    JSON text (the V1 OrderFlowers blueprint answers `"Price": 25`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(scalar_text)]


class TimeToLive(Protocol):
    """A context's `timeToLive` as read, whichever model validated it."""

    @property
    def timeToLiveInSeconds(self) -> int: ...

    @property
    def turnsToLive(self) -> int: ...


class SentContext(Protocol):
    """An active context as read, whichever model validated it (the runtime API's and a hook
    answer's differ in strictness); each version adds the name of its attributes map."""

    @property
    def name(self) -> str: ...

    @property
    def timeToLive(self) -> TimeToLive: ...


def context_in(name: str, time_to_live: TimeToLive, attributes: Mapping[str, str]) -> ActiveContext:
    """A context as read: V2 calls its attributes `contextAttributes`, V1 `parameters`."""
    return ActiveContext(
        name, time_to_live.timeToLiveInSeconds, time_to_live.turnsToLive, dict(attributes)
    )


def context_out(context: ActiveContext, attributes: str) -> dict[str, Any]:
    """A context and what is left of its life as both versions write it, its attributes under
    the version's name for them."""
    return {
        "name": context.name,
        "timeToLive": {
            "timeToLiveInSeconds": context.time_to_live_seconds,
            "turnsToLive": context.turns_to_live,
        },
        attributes: dict(context.attributes),
    }
