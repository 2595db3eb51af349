"""AMAZON.UKPostalCode: a UK postcode in its standard form, upper case with one space, "SW1A 1AA".

The six formats Lex documents are accepted (A = letter, 9 = digit): AA9A 9AA, A9A 9AA, A9 9AA,
A99 9AA, AA9 9AA and AA99 9AA, typed in any case with or without the space ("sw1a1aa"). A whole
answer may also be spoken character by character: "s w one a one a a", "e one six a n",
"double a", "ninety nine" for 99, "oh" for 0. Like Lex, it checks the format, never whether
the postcode exists. `find` takes typed postcodes out of a sentence, never spelled ones.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import single
from bot.nlu.builtins._numwords import NUMBER_WORDS, words_to_digits
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_INWARD = r"[0-9][A-Z]{2}"
_COMPACT_RE = re.compile(rf"(?P<outward>{_OUTWARD})(?P<inward>{_INWARD})")
_FIND_RE = re.compile(
    rf"(?<![\w-])(?P<outward>{_OUTWARD}) ?(?P<inward>{_INWARD})(?![\w-])", re.IGNORECASE
)
_LEAD_IN_RE = re.compile(
    r"^(?:it'?s|it\s+is|my\s+post\s?code\s+is|the\s+post\s?code\s+is|post\s?code|"
    r"my\s+postal\s+code\s+is|the\s+postal\s+code\s+is)[\s,:]+",
    re.IGNORECASE,
)
_SPOKEN_TOKEN_RE = re.compile(r"[a-z0-9]+")
_ZERO_WORDS = frozenset({"oh", "nought", "naught", "zero"})
_REPEATS = {"double": 2, "triple": 3}


class UKPostalCodeType:
    name = "AMAZON.UKPostalCode"
    samples = (
        "SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT",
        "E1 6AN", "sw1a1aa", "G2 3WT", "EH1 1YZ", "CF10 1EP", "L1 8JQ", "LS1 4AP", "N1 9GU",
        "BS1 5TR", "NE1 7RU", "OX1 2JD", "CB2 1TN", "BT1 5GS", "m1 1ae",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = _LEAD_IN_RE.sub("", text.strip().rstrip(".!?").strip()).strip()
        for candidate in (re.sub(r"\s+", "", text).upper(), _from_speech(text)):
            m = _COMPACT_RE.fullmatch(candidate) if candidate else None
            if m is not None:
                return single(f"{m.group('outward')} {m.group('inward')}")
        return None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        return [
            Match(m.start(), m.end(), m.group(), single(f"{m['outward']} {m['inward']}".upper()))
            for m in _FIND_RE.finditer(text)
        ]


def _from_speech(text: str) -> str | None:
    """The characters of a spoken postcode ("s w one a one double a" -> "SW1A1AA"), or None."""
    tokens = _SPOKEN_TOKEN_RE.findall(text.lower())
    out: list[str] = []
    number: list[str] = []  # number words waiting to be read together ("ninety nine" -> 99)
    repeat = 1
    for token in (*tokens, ""):
        is_number = token in NUMBER_WORDS or token in _ZERO_WORDS
        word = "zero" if token in _ZERO_WORDS else token
        if is_number and repeat == 1:
            number.append(word)
            continue
        if number:
            digits = words_to_digits(number)
            if digits is None:
                return None
            out.append(digits)
            number = []
        if is_number:  # "double nine": the repeat covers one word
            out.append((words_to_digits([word]) or "") * repeat)
            repeat = 1
        elif token in _REPEATS:
            repeat = _REPEATS[token]
        elif token:
            if repeat > 1 and len(token) != 1:
                return None
            out.append(token.upper() * repeat)
            repeat = 1
    return "".join(out) or None
