"""Alexa list slot types that Lex V1 en-US bots use (AMAZON.Actor, AMAZON.Color, ...): one class.

Alexa's list types are extensible catalogues, so most are open: `resolve` takes any answer of
1-8 words that is not an obvious non-answer ("no", "help", "I don't know"), after dropping a
lead-in ("it's", "I want") and a lower-case article ("the"), and keeps it as said (only the
whitespace is normalised); an answer that is a known value keeps its article ("the Beatles").
The closed-ish types in `CLOSED` (Color, Month, DayOfWeek, Language, ...) resolve only known
values and synonyms, to the canonical value ("weds" -> "Wednesday", "km/h" -> "kmph"). `find`
only ever matches a type's own known values from _catalog_data.py; it never guesses.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._answers import is_non_answer, lead_in_pattern
from bot.nlu.builtins._catalog_data import CATALOG, CLOSED
from bot.nlu.builtins._common import LazyPhraseIndex, PhraseIndex, fold, single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_LEAD_IN_RE = lead_in_pattern((
    "it's", "it is", "its", "that's", "that is", "i want", "i'd like", "i would like",
    "i'll take", "i will take", "i'll have", "i will have", "i choose", "i pick", "i'd say",
    "i would say", "how about", "what about", "make it", "let's go with", "let's do", "i like",
    "my favorite is", "my favourite is", "i think it's", "i think", "i guess", "please", "um",
    "uh", "hmm", "well",
))  # fmt: skip
_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+")  # lower case only: "The Beatles" keeps its "The"
_TRAILING_RE = re.compile(r"(?:[\s,]+please)?[\s.!?,]*$", re.IGNORECASE)
_MAX_WORDS = 8
_MIN_SAMPLES, _MAX_SAMPLES = 10, 30
# Abbreviations and words that inside a sentence are usually something else ("may I", "sun").
_NOT_IN_SENTENCES = frozenset({
    "may", "march", "mar", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat",
    "sun", "it", "us", "go", "up",
})  # fmt: skip


class CatalogType(LazyPhraseIndex[str]):
    """One Alexa list type; `name` picks its values (and whether it is closed) from the data."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.closed = name in CLOSED
        self._entries = CATALOG[name]  # a KeyError here is a registry without data: a bug
        self.samples = _samples(self._entries)

    def _build(self) -> PhraseIndex[str]:
        index: PhraseIndex[str] = PhraseIndex()
        for entry in self._entries:
            canonical, *synonyms = entry.split("|")
            for said in (canonical, *synonyms):
                index.add(said, canonical)
        return index

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        answer = _answer(text)
        if not answer or is_non_answer(answer):
            return None
        bare = _ARTICLE_RE.sub("", answer, count=1)
        known = self.index.get(answer)
        if self.closed:
            value = known if known is not None else self.index.get(bare)
            return None if value is None else single(value)
        if known is not None:
            return single(answer)
        if not 0 < len(bare.split()) <= _MAX_WORDS or is_non_answer(bare):
            return None
        return single(bare) if any(c.isalnum() for c in bare) else None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        whole = text.strip()

        def plausible(start: int, end: int, _: str) -> bool:
            span = text[start:end]
            if span == whole:
                return True
            if len(span) < 2 or (start > 0 and text[start - 1] in "'\u2019"):  # "don't" -> "t"
                return False
            return not (span.islower() and fold(span) in _NOT_IN_SENTENCES)

        out = []
        for start, end, canonical in self.index.find(text, plausible):
            said = text[start:end]
            value = canonical if self.closed else " ".join(said.split())
            out.append(Match(start, end, said, single(value)))
        return out


def _answer(text: str) -> str:
    """The answer without lead-ins, a trailing "please" and end punctuation, spaces normalised."""
    text = " ".join(text.split())
    for _ in range(2):  # "well, I think it's ..."
        text = _LEAD_IN_RE.sub("", text, count=1)
    return _TRAILING_RE.sub("", text)


def _samples(entries: tuple[str, ...]) -> tuple[str, ...]:
    """Canonical values first; synonyms (one per value in turn) only to reach the minimum."""
    rows = [entry.split("|") for entry in entries]
    out = [row[0] for row in rows][:_MAX_SAMPLES]
    depth = 1
    while len(out) < _MIN_SAMPLES and any(len(row) > depth for row in rows):
        out.extend(row[depth] for row in rows if len(row) > depth)
        depth += 1
    return tuple(dict.fromkeys(out))[:_MAX_SAMPLES]
