"""Token features for the slot tagger: the word, its shape and affixes, its context, token classes
(digits, months, weekdays, e-mail-like) and gazetteer matches.

Kept in one function so training and parsing can never disagree on a feature.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from bot.nlu.gazetteer import Gazetteer
from bot.nlu.tokens import Token

_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_DIGIT = re.compile(r"[0-9]")
_REPEAT = re.compile(r"(.)\1+")
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_WEEKDAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "weekend",
    ]
)
_RELATIVE = frozenset(
    ["today", "tomorrow", "tonight", "yesterday", "now", "next", "last", "this", "coming"]
)
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")


@lru_cache(maxsize=65536)
def _shape(word: str) -> str:
    s = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))
    return _REPEAT.sub(r"\1\1", s)


@lru_cache(maxsize=65536)
def _token_class(lower: str) -> str | None:
    if lower.isdigit():
        return "num" if len(lower) < 4 else "long_num"
    if lower in _MONTHS:
        return "month"
    if lower in _WEEKDAYS:
        return "weekday"
    if lower in _RELATIVE:
        return "relative"
    if _ORDINAL.match(lower):
        return "ordinal"
    return None


def token_features(
    tokens: list[Token],
    gazetteer: Gazetteer,
    exclude: Mapping[tuple[str, ...], Mapping[str, int]] | None = None,
) -> list[list[str]]:
    words = [t.text for t in tokens]
    n = len(words)
    # Lower-cased words padded with three boundary markers on each side, so context lookups
    # need no bounds checks: word i is at pad[i + 3].
    pad = ["BOS"] * 3 + [w.lower() for w in words] + ["EOS"] * 3
    shapes = [_shape(w) for w in words]
    gaz = gazetteer.features(pad[3 : 3 + n], exclude)
    feats: list[list[str]] = []
    for i in range(n):
        k = i + 3
        low, m1, m2, p1, p2 = pad[k], pad[k - 1], pad[k - 2], pad[k + 1], pad[k + 2]
        f = [
            "b",
            "w=" + low,
            "s=" + shapes[i],
            "p3=" + low[:3],
            "s3=" + low[-3:],
            "s2=" + low[-2:],
            "w-2=" + m2,
            "w-1=" + m1,
            "w+1=" + p1,
            "w+2=" + p2,
            "w-3=" + pad[k - 3],
            "w+3=" + pad[k + 3],
            "b-1=" + m1 + "|" + low,
            "b+1=" + low + "|" + p1,
            "t-2-1=" + m2 + "|" + m1,
            "t+1+2=" + p1 + "|" + p2,
        ]
        if words[i][:1].isupper():
            f.append("T")
        if i > 0:
            f.append("s-1=" + shapes[i - 1])
        if i + 1 < n:
            f.append("s+1=" + shapes[i + 1])
        cls = _token_class(low)
        if cls:
            f.append("c=" + cls)
        if "@" in low:
            f.append("c=at")
        f.extend(gaz[i])
        feats.append(f)
    return feats
