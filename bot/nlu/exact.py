"""Exact matching of known utterances: a training example said again (ignoring case and
punctuation) gets its intent with confidence 1.0 and its annotated slots, before any model runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.nlu.tokens import Token, tokenize
from bot.nlu.types import Example


@dataclass(frozen=True, slots=True)
class ExactHit:
    intent: str
    # (slot, first word index, last word index + 1, canonical value)
    slots: tuple[tuple[str, int, int, str], ...]


def _words(text: str) -> list[Token]:
    # The NLU's own tokens without punctuation: words of unspaced languages are found too.
    return [t for t in tokenize(text) if t.text[0].isalnum() or t.text[0] == "_"]


class ExactMatcher:
    def __init__(self, table: dict[str, ExactHit]) -> None:
        self._table = table

    @classmethod
    def fit(cls, examples: Iterable[Example]) -> ExactMatcher:
        table: dict[str, ExactHit] = {}
        ambiguous: set[str] = set()
        for ex in examples:
            words = _words(ex.text)
            key = " ".join(w.lower for w in words)
            if not key:
                continue
            slots = []
            for e in ex.entities:
                idx = [k for k, w in enumerate(words) if w.start >= e.start and w.end <= e.end]
                if idx:
                    slots.append((e.entity, idx[0], idx[-1] + 1, e.value))
            hit = ExactHit(ex.intent, tuple(slots))
            seen = table.get(key)
            if seen is not None and seen.intent != hit.intent:
                ambiguous.add(key)  # the same words teach two intents: let the model decide
            table.setdefault(key, hit)
        for key in ambiguous:
            del table[key]
        return cls(table)

    def match(self, text: str) -> tuple[ExactHit, list[Token]] | None:
        words = _words(text)
        hit = self._table.get(" ".join(w.lower for w in words))
        return (hit, words) if hit is not None else None

    def to_json(self) -> dict[str, Any]:
        return {k: [h.intent, [list(s) for s in h.slots]] for k, h in self._table.items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExactMatcher:
        return cls(
            {
                k: ExactHit(i, tuple((s[0], s[1], s[2], s[3]) for s in slots))
                for k, (i, slots) in data.items()
            }
        )
