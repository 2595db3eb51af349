"""Tokenisation with character offsets, shared by every NLU unit so spans line up everywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def normalized_key(text: str) -> str:
    """Case- and punctuation-insensitive form of an utterance, for exact matching."""
    return " ".join(m.group().lower() for m in re.finditer(r"\w+", text))


def token_key(text: str) -> tuple[str, ...]:
    return tuple(t.lower for t in tokenize(text))
