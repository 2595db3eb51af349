"""Grouping missed utterances that say the same thing, so an author reads each need once.

Two utterances are alike when their content words (lower-cased, without common function words
and plural endings) overlap by at least `SIMILARITY` (Jaccard). The most frequent wording leads
its group; each other wording joins the most similar leader, or leads a group of its own. An
inverted index keeps this near-linear: a wording is compared only with leaders that share a word.
Plain Python on purpose: it must run where training libraries are not installed (Lambda).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.nlu.types import FALLBACK_INTENT
from bot.sessions.base import MissedUtterance

SIMILARITY = 0.5
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the is are was were be am i me my you your it its it's this that these those to "
        "of in on at for and or do does did can could would will shall should please what's "
        "what how when where which who there here with about i'm i'd",
    )
)


def wording(text: str) -> str:
    """The text as compared: lower case, words only, single spaces."""
    return " ".join(_WORD.findall(text.lower()))


def content_words(text: str) -> frozenset[str]:
    words = _WORD.findall(text.lower())
    content = [w for w in words if w not in _FUNCTION_WORDS] or words
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in content)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / len(a | b)


@dataclass(slots=True)
class MissedGroup:
    """Utterances that say about the same thing; `texts` by count, the leader first."""

    texts: Counter[str] = field(default_factory=Counter)
    entries: list[MissedUtterance] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def text(self) -> str:
        return self.texts.most_common(1)[0][0]

    @property
    def last_seen(self) -> float:
        return max(e.at for e in self.entries)

    @property
    def locales(self) -> list[str]:
        return sorted({e.locale_id for e in self.entries})

    def guesses(self) -> list[tuple[str, float]]:
        """The intents the NLU leaned to (not the fallback), with their best confidence."""
        best: dict[str, float] = {}
        for entry in self.entries:
            for name, confidence in entry.intents:
                if name != FALLBACK_INTENT and confidence is not None:
                    best[name] = max(best.get(name, 0.0), confidence)
        return sorted(best.items(), key=lambda item: -item[1])

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "count": self.count,
            "texts": [{"text": t, "count": n} for t, n in self.texts.most_common()],
            "lastSeen": self.last_seen,
            "locales": self.locales,
            "intents": [{"name": n, "confidence": round(c, 4)} for n, c in self.guesses()],
        }


def group_missed(entries: list[MissedUtterance]) -> list[MissedGroup]:
    """`entries` in groups of similar wordings, the largest group first."""
    by_wording: dict[str, list[MissedUtterance]] = {}
    for entry in entries:
        by_wording.setdefault(wording(entry.text) or entry.text, []).append(entry)
    ordered = sorted(by_wording.items(), key=lambda item: (-len(item[1]), item[0]))
    groups: list[MissedGroup] = []
    leaders: list[frozenset[str]] = []
    index: dict[str, list[int]] = {}  # content word -> groups whose leader has it
    for key, said in ordered:
        words = content_words(key)
        candidates = {g for w in words for g in index.get(w, ())}
        scored = [(similarity(words, leaders[g]), g) for g in candidates]
        score, chosen = max(scored, default=(0.0, -1))
        if score < SIMILARITY:
            chosen = len(groups)
            groups.append(MissedGroup())
            leaders.append(words)
            for w in words:
                index.setdefault(w, []).append(chosen)
        group = groups[chosen]
        for entry in said:
            group.texts[entry.text] += 1
            group.entries.append(entry)
    return sorted(groups, key=lambda g: (-g.count, -g.last_seen))
