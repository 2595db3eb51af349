"""Text normalisation for the localised built-in types: one form for data keys and user text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\s,.!?;:、。！？「」]+|[\s,.!?;:、。！？「」]+$")


@lru_cache(maxsize=8192)
def normalise(text: str, cjk: bool = False) -> str:
    """NFKC (full-width digits become ASCII), lower case, straight apostrophes, single spaces;
    accents are dropped in Latin scripts only ("mañana" -> "manana"), never from kana or Hangul."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = _EDGE_PUNCT.sub("", _SPACES.sub(" ", text)).lower()
    if not cjk and not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text


def alternation(words: object) -> str:
    """A regex alternation of normalised words, longest first."""
    keys = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(k) for k in keys) if keys else "(?!)"
