"""Known slot values: custom slot-type values and synonyms plus values seen in training examples.

Used two ways: as tagger features (which token runs are known values of which slot) and to
resolve a custom slot value to its canonical value. Training features can leave one example's own
values out, so the tagger does not learn to trust the gazetteer more than it deserves at run time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from bot.nlu.tokens import token_key

MAX_SPAN = 7


class Gazetteer:
    def __init__(self) -> None:
        # token tuple -> Counter(label -> how many sources name it)
        self._entries: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)

    def add(self, label: str, value: str, weight: int = 1) -> None:
        key = token_key(value)
        if key and len(key) <= MAX_SPAN:
            self._entries[key][label] += weight

    def labels_of(self, key: tuple[str, ...]) -> Mapping[str, int]:
        return self._entries.get(key) or {}

    def features(
        self,
        lowered: list[str],
        exclude: Mapping[tuple[str, ...], Mapping[str, int]] | None = None,
    ) -> list[list[str]]:
        """Per token: gazetteer begin/inside features for every label whose value covers it."""
        n = len(lowered)
        out: list[list[str]] = [[] for _ in range(n)]
        entries = self._entries
        for i in range(n):
            for j in range(min(n, i + MAX_SPAN), i, -1):
                key = tuple(lowered[i:j])
                labels = entries.get(key)
                if not labels:
                    continue
                own = exclude.get(key) if exclude else None
                for label, count in labels.items():
                    if own and count - own.get(label, 0) <= 0:
                        continue
                    out[i].append("gB=" + label)
                    for k in range(i + 1, j):
                        out[k].append("gI=" + label)
                    if j - i == n:
                        out[i].append("gALL=" + label)
        return out

    def to_json(self) -> list[Any]:
        return [[list(k), dict(v)] for k, v in self._entries.items()]

    @classmethod
    def from_json(cls, data: Iterable[Any]) -> Gazetteer:
        g = cls()
        for key, labels in data:
            g._entries[tuple(key)] = Counter(labels)
        return g


def own_values(entities: Iterable[tuple[str, str]]) -> dict[tuple[str, ...], Counter[str]]:
    """The (label, value) pairs one example contributes, to leave out of its own features."""
    own: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for label, value in entities:
        own[token_key(value)][label] += 1
    return own


def longest_matches(gazetteer: Gazetteer, lowered: list[str], min_tokens: int) -> dict[str, int]:
    """Per label, the length in tokens of its longest known value in the text (of at least
    `min_tokens`)."""
    n = len(lowered)
    out: dict[str, int] = {}
    for i in range(n):
        for j in range(min(n, i + MAX_SPAN), i + min_tokens - 1, -1):
            for label in gazetteer.labels_of(tuple(lowered[i:j])):
                if out.get(label, 0) < j - i:
                    out[label] = j - i
    return out
