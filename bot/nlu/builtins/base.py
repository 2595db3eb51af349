"""The contract every built-in slot type (AMAZON.*) fulfils.

A built-in type turns text into a Lex value: `resolve` reads a whole span (a tagged slot value or
a bare answer to an elicitation), `find` locates values inside a longer utterance, and `samples`
gives example values for expanding intent templates into training examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.nlu.types import ParseContext


@dataclass(frozen=True, slots=True)
class Resolution:
    """A value in Lex terms: `interpreted_value` None means ambiguous (candidates in resolved)."""

    interpreted_value: str | None
    resolved_values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    text: str
    resolution: Resolution


class BuiltinType(Protocol):
    name: str  # canonical Lex V2 spelling, e.g. "AMAZON.Date"
    samples: tuple[str, ...]

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        """The value of `text` taken whole, or None when it is not a value of this type."""
        ...

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        """Non-overlapping values of this type inside `text`, left to right."""
        ...
