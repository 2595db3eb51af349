"""AMAZON.PhoneNumber: a telephone number as a plain digit string (a leading "+" is kept).

"(555) 123-4567" -> "5551234567", "+1 555 123 4567" -> "+15551234567", spelled digits "five five
five one two three four" -> "5551234" ("oh" is zero, "double five" is "55"). At least 7 and at
most 15 digits (the E.164 maximum), so short numbers and long IDs are not taken for phones.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import single
from bot.nlu.builtins._numwords import ONES
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

MIN_DIGITS, MAX_DIGITS = 7, 15
_DIGIT_WORDS = {**{k: str(v) for k, v in ONES.items()}, "oh": "0", "o": "0"}
_REPEAT = {"double": 2, "triple": 3}
_WORD_ALT = "|".join(sorted([*_DIGIT_WORDS, *_REPEAT], key=len, reverse=True))

_TOKEN_RE = re.compile(rf"\+|\d+|{_WORD_ALT}|[\s().\-/,]+", re.IGNORECASE)
# Typed numbers: optional +, digits with the usual separators.
_TYPED_RE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-/]{5,}\d(?![\w])")
# Spoken numbers: seven or more digit words (or digits) in a row.
_SPOKEN_RE = re.compile(rf"(?<![\w])(?:(?:{_WORD_ALT}|\d+)(?:[\s,\-]+|$)){{4,}}", re.IGNORECASE)
_ISO_DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_PREFIX_RE = re.compile(
    r"^(?:(?:my|the)\s+(?:(?:phone|cell|mobile|telephone)\s+)?number\s+is|it'?s|call\s+me\s+"
    r"(?:at|on))\s+",
    re.IGNORECASE,
)


def digits_of(text: str) -> str | None:
    """The digit string of `text` if it is nothing but a phone number, else None."""
    out: list[str] = []
    repeat = 1
    pos = 0
    for m in _TOKEN_RE.finditer(text):
        if m.start() != pos:
            return None  # something that is not part of a phone number
        pos = m.end()
        tok = m.group().lower()
        if tok == "+":
            if out:
                return None
            out.append("+")
        elif tok.isdigit():
            out.append(tok[0] * (repeat - 1) + tok)
            repeat = 1
        elif tok in _DIGIT_WORDS:
            out.append(_DIGIT_WORDS[tok] * repeat)
            repeat = 1
        elif tok in _REPEAT:
            repeat = _REPEAT[tok]
    if pos != len(text) or repeat != 1:
        return None
    number = "".join(out)
    n = len(number) - number.startswith("+")
    return number if MIN_DIGITS <= n <= MAX_DIGITS else None


class PhoneNumberType:
    name = "AMAZON.PhoneNumber"
    samples = (
        "(555) 123-4567", "555-123-4567", "555 123 4567", "5551234567", "+1 555 123 4567",
        "+44 20 7946 0958", "+49 30 901820", "020 7946 0958", "+33 1 42 68 53 00",
        "+91 98765 43210", "555.867.5309", "867-5309",
        "five five five one two three four", "oh two oh seven nine four six oh nine five eight",
        "my number is 415 555 0132",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = _PREFIX_RE.sub("", text.strip()).rstrip(".!?").strip()
        if _ISO_DATE_RE.fullmatch(text):
            return None
        number = digits_of(text)
        return None if number is None else single(number)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        spans = [(m.start(), m.end()) for m in _TYPED_RE.finditer(text)]
        spans += [(m.start(), m.end()) for m in _SPOKEN_RE.finditer(text)]
        spans.sort(key=lambda s: (s[0], -s[1]))
        out: list[Match] = []
        last_end = -1
        for start, end in spans:
            span = text[start:end].rstrip(" ,-")
            end = start + len(span)
            if start < last_end or _ISO_DATE_RE.fullmatch(span):
                continue
            number = digits_of(span)
            if number is not None:
                out.append(Match(start, end, span, single(number)))
                last_end = end
        return out
