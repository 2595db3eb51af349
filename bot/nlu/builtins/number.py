"""AMAZON.Number: numbers said in digits or words, as Lex's plain decimal string.

"one hundred twenty three point four five" and "… dot four five" give "123.45", "point forty two"
gives "0.42", "minus 15" gives "-15", "a dozen" gives "12". Integers have no ".0". `find` picks
digit numbers and runs of number words out of a sentence.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import single
from bot.nlu.builtins._numwords import VOCABULARY, WORDS_ALT, parse_number
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

# Digit numbers; a sign only counts at the start of a word ("10-15" is not minus fifteen).
_DIGIT_RE = re.compile(
    r"(?<![\w.,\-])(?:(?:minus|negative)\s+|[-+\u2212])?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"(?:\s+(?:hundred|thousand|million|billion|trillion|dozen)\b)?(?![\w\-]|[.,]\d)",
    re.IGNORECASE,
)
# A run of number vocabulary joined by spaces or hyphens; trimmed and validated afterwards.
_VOCAB_ALT = "|".join(sorted(VOCABULARY, key=len, reverse=True))
_WORD_RUN_RE = re.compile(rf"\b(?:{_VOCAB_ALT})\b(?:[\s\-]+(?:{_VOCAB_ALT})\b)*", re.IGNORECASE)
_HAS_NUMBER_WORD_RE = re.compile(rf"\b(?:{WORDS_ALT})\b", re.IGNORECASE)
_FILLER_PREFIX_RE = re.compile(r"^(?:it'?s|about|around|roughly|maybe|like|just)\s+", re.IGNORECASE)
_EDGE_JUNK = frozenset({"and", "a", "an", "point", "dot", "minus", "negative"})
_TOKEN_RE = re.compile(r"[^\s\-]+")


class NumberType:
    name = "AMAZON.Number"
    samples = (
        "1", "2", "5", "10", "12", "42", "100", "250", "1000", "3.5", "0.75", "-15",
        "one", "two", "three", "ten", "twenty five", "fifty", "a hundred",
        "one hundred twenty three", "two thousand", "minus five", "point five",
        "seven point two five", "a dozen",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = _FILLER_PREFIX_RE.sub("", text.strip().rstrip(".!?").strip())
        value = parse_number(text)
        return None if value is None else single(value)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        spans: list[tuple[int, int]] = []
        for m in _DIGIT_RE.finditer(text):
            spans.append((m.start(), m.end()))
        if _HAS_NUMBER_WORD_RE.search(text):
            spans.extend(_word_spans(text))
        spans.sort()
        out: list[Match] = []
        last_end = -1
        for start, end in spans:
            if start < last_end:
                continue
            value = parse_number(text[start:end])
            if value is not None:
                out.append(Match(start, end, text[start:end], single(value)))
                last_end = end
        return out


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Spans of spelled numbers, with dangling "and"/"a"/"point" trimmed from the edges."""
    spans = []
    for run in _WORD_RUN_RE.finditer(text):
        toks = [(run.start() + t.start(), run.start() + t.end(), t.group().lower())
                for t in _TOKEN_RE.finditer(run.group())]  # fmt: skip
        # Leading "point" stays when digits follow ("point four two"); leading "a" before a
        # multiplier stays ("a dozen"); other edge words are not part of the number.
        while toks and toks[-1][2] in _EDGE_JUNK:
            toks.pop()
        while toks and toks[0][2] in _EDGE_JUNK:
            first, nxt = toks[0][2], toks[1][2] if len(toks) > 1 else ""
            if first in ("point", "dot", "minus", "negative") and nxt and nxt not in _EDGE_JUNK:
                break
            if first in ("a", "an") and nxt in ("hundred", "thousand", "million", "dozen", "half"):
                break
            toks.pop(0)
        if toks:
            spans.append((toks[0][0], toks[-1][1]))
    return spans
