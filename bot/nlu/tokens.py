"""Tokenisation with character offsets, shared by every NLU unit so spans line up everywhere.

Words are runs of letters or digits and every other non-space character is a token of its own.
Japanese and Korean text goes through the language's morphological segmenter first, once a bot
with that locale has turned it on (`bot.nlu.languages.require`); ASCII text never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlu.languages.segmenters import JAPANESE_RE, KOREAN_RE, Segmenter, enabled

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
    if not text.isascii() and (segment := _segmenter(text)) is not None:
        return _segmented(text, segment)
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _segmenter(text: str) -> Segmenter | None:
    on = enabled()
    if not on:
        return None
    if "ja" in on and JAPANESE_RE.search(text):
        return on["ja"]
    if "ko" in on and KOREAN_RE.search(text):
        return on["ko"]
    return None


def _segmented(text: str, segment: Segmenter) -> list[Token]:
    out = []
    for start, end in segment(text):
        # A segment may still hold punctuation or spaces: split it as any text, within its bounds.
        for m in _TOKEN.finditer(text, start, end):
            out.append(Token(m.group(), m.start(), m.end()))
    return out


def classifier_text(text: str) -> str:
    """The text the intent classifier reads: Japanese and Korean with spaces between their
    words, so it sees words rather than whole unspaced sentences; other text as it is."""
    if text.isascii() or (segment := _segmenter(text)) is None:
        return text
    return " ".join(t.text for t in _segmented(text, segment))


def normalized_key(text: str) -> str:
    """Case- and punctuation-insensitive form of an utterance, for exact matching."""
    return " ".join(m.group().lower() for m in re.finditer(r"\w+", text))


def token_key(text: str) -> tuple[str, ...]:
    return tuple(t.lower for t in tokenize(text))
