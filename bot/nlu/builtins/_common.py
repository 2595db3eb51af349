"""Small helpers shared by the built-in slot types.

Text folding (case, accents, curly apostrophes), word tokenisation with character offsets into the
original text, the user's local date from a `ParseContext`, `PhraseIndex`, a longest-match
n-gram lookup used by the gazetteer-like types (country, state, city, confirmation),
`LazyPhraseIndex`, a base for types whose index is built once on first use, and `with_codes`,
which adds upper-case codes ("NY", "FRA") found in a sentence to a type's matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from datetime import UTC, date, datetime, timezone
from functools import lru_cache
from threading import Lock
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.languages.segmenters import JAPANESE_RE, KOREAN_RE
from bot.nlu.tokens import tokenize
from bot.nlu.types import ParseContext

# A word is a run of letters or digits; apostrophes, hyphens and dots split words.
WORD_RE = re.compile(r"[^\W_]+")


def single(value: str) -> Resolution:
    """An unambiguous Lex value."""
    return Resolution(value, (value,))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, accent-free, straight-apostrophe form used for dictionary lookups."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    if text.isascii():
        return text.lower()
    if JAPANESE_RE.search(text) or KOREAN_RE.search(text):
        # Dropping marks would turn が into か and split Hangul syllables: width and case only.
        return unicodedata.normalize("NFKC", text).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) for every word of `text`."""
    if not text.isascii() and (JAPANESE_RE.search(text) or KOREAN_RE.search(text)):
        # Unspaced words: the NLU's tokens, split by the language's segmenter when it is on.
        for t in tokenize(text):
            if t.text[0].isalnum():
                yield t.start, t.end, fold(t.text)
        return
    for m in WORD_RE.finditer(text):
        yield m.start(), m.end(), fold(m.group())


def phrase_key(text: str) -> str:
    """The lookup key of a phrase: its folded words joined by single spaces."""
    return " ".join(w for _, _, w in words(text))


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # A bad session time zone must not break parsing; Lex itself defaults to UTC.
        return UTC


def local_now(ctx: ParseContext) -> datetime:
    """ctx.now as the user's wall-clock time (aware, in ctx.time_zone)."""
    now = ctx.now if ctx.now.tzinfo is not None else ctx.now.replace(tzinfo=UTC)
    return now.astimezone(_zone(ctx.time_zone))


def local_today(ctx: ParseContext) -> date:
    return local_now(ctx).date()


V = TypeVar("V")


class PhraseIndex(Generic[V]):
    """Folded phrase -> value, matched as whole words, longest phrase first."""

    __slots__ = ("_entries", "_longest")

    def __init__(self) -> None:
        self._entries: dict[str, V] = {}
        # First word -> word count of the longest phrase starting with it; most words of a
        # sentence start no phrase at all, so `find` skips them with one lookup.
        self._longest: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, phrase: str, value: V, *, replace: bool = False) -> None:
        key = phrase_key(phrase)
        if key and (replace or key not in self._entries):
            self.add_key(key, value)

    def add_key(self, key: str, value: V) -> None:
        """Add an already folded key (see `phrase_key`), replacing any value it had."""
        self._entries[key] = value
        first, _, _ = key.partition(" ")
        size = key.count(" ") + 1
        if self._longest.get(first, 0) < size:
            self._longest[first] = size

    def get(self, text: str) -> V | None:
        return self._entries.get(phrase_key(text))

    def get_key(self, key: str) -> V | None:
        return self._entries.get(key)

    def find(
        self, text: str, accept: Callable[[int, int, V], bool] | None = None
    ) -> list[tuple[int, int, V]]:
        """(start, end, value) of non-overlapping phrases; `accept(start, end, value)` can veto."""
        toks = list(words(text))
        out: list[tuple[int, int, V]] = []
        i, n = 0, len(toks)
        while i < n:
            longest = self._longest.get(toks[i][2], 0)
            for size in range(min(longest, n - i), 0, -1):
                key = " ".join(t[2] for t in toks[i : i + size])
                value = self._entries.get(key)
                if value is None:
                    continue
                start, end = toks[i][0], toks[i + size - 1][1]
                if accept is None or accept(start, end, value):
                    out.append((start, end, value))
                    i += size
                    break
            else:
                i += 1
        return out


class LazyPhraseIndex(Generic[V]):
    """Base for a type whose `PhraseIndex` is built by `_build` on first use, exactly once.

    `_build` may also fill other attributes (code tables, value lists); they are complete by the
    time `index` returns, so read them only after reading `index`.
    """

    def __init__(self) -> None:
        self._index: PhraseIndex[V] | None = None
        self._lock = Lock()

    @property
    def index(self) -> PhraseIndex[V]:
        index = self._index
        if index is None:
            with self._lock:  # threads racing on first use must not build it twice
                if self._index is None:
                    self._index = self._build()
                index = self._index
        return index

    def _build(self) -> PhraseIndex[V]:
        raise NotImplementedError


def with_codes(
    text: str,
    found: list[Match],
    code_re: re.Pattern[str],
    codes: Mapping[str, str],
    ambiguous: AbstractSet[str],
) -> list[Match]:
    """`found` plus the `code_re` matches of `text` that are known, unambiguous codes, by start.

    A code counts only as a whole word (no letter or digit either side; `code_re` may demand
    more) and only where it overlaps nothing in `found`. Its value is `codes[code]`.
    """
    if text.isupper():  # in SHOUTED text every word looks like a code
        return found
    out = list(found)
    for m in code_re.finditer(text):
        start, end, code = m.start(), m.end(), m.group()
        word_ok = (start == 0 or not text[start - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        )
        value = codes.get(code)
        if not word_ok or value is None or code in ambiguous:
            continue
        if any(x.start < end and start < x.end for x in found):
            continue
        out.append(Match(start, end, code, single(value)))
    out.sort(key=lambda x: x.start)
    return out
