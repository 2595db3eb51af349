"""Spelled-out English numbers to digits, shared by Number, Duration, Percentage, Date and Time.

`parse_number` turns "one hundred twenty three point four five", "minus 15", "a dozen" or
"1,000" into a canonical decimal string ("123.45", "-15", "12", "1000"). Runs of numbers that do
not combine arithmetically are concatenated the way people read digits out: "nineteen eighty
four" -> "1984", "five five five one two" -> "55512".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
MULTIPLIERS = frozenset({"hundred", "dozen", *SCALES})
NUMBER_WORDS = frozenset({*ONES, *TEENS, *TENS, *MULTIPLIERS})
# Every word that may appear inside a spelled number (used to find runs in a sentence).
VOCABULARY = NUMBER_WORDS | {"and", "a", "an", "point", "dot", "minus", "negative", "half"}
# Regex alternation of number words, longest first so "fourteen" wins over "four".
WORDS_ALT = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

_DIGITS_RE = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?")
_SPLIT_RE = re.compile(r"[\s\-]+")


def _chunks(tokens: list[str]) -> list[int] | None:
    """Split spelled number words into arithmetic groups; None if a word is not a number word."""
    chunks: list[int] = []
    total = current = 0
    last: str | None = None
    top_scale = 10**15
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in ("a", "an"):
            # "a" only counts as one before a multiplier: "a hundred", "a dozen".
            if i + 1 >= len(tokens) or tokens[i + 1] not in MULTIPLIERS or last is not None:
                return None
            current, last = 1, "ones"
        elif tok == "and":
            if last not in ("hundred", "scale") or i + 1 >= len(tokens):
                return None
        elif tok in ONES or tok in TEENS or tok in TENS:
            kind = "ones" if tok in ONES else "teen" if tok in TEENS else "tens"
            value = ONES.get(tok) or TEENS.get(tok) or TENS.get(tok) or 0
            fits = last in (None, "hundred", "scale") or (kind == "ones" and last == "tens")
            if not fits:  # a new group starts: digits read out one after another
                chunks.append(total + current)
                total = current = 0
                top_scale = 10**15
            current += value
            last = kind
        elif tok == "hundred":
            if last == "hundred" or current >= 100:
                return None
            current = (current or 1) * 100
            last = "hundred"
        elif tok == "dozen":
            current = (current or 1) * 12
            last = "scale"
        elif tok in SCALES:
            scale = SCALES[tok]
            if scale >= top_scale:
                return None
            total += (current or 1) * scale
            current, last, top_scale = 0, "scale", scale
        else:
            return None
        i += 1
    if last is None:
        return None
    chunks.append(total + current)
    return chunks


def words_to_digits(tokens: list[str]) -> str | None:
    """Digits of a spelled number without sign or decimals ("twenty three" -> "23")."""
    chunks = _chunks(tokens)
    return None if chunks is None else "".join(str(c) for c in chunks)


def _format(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parse_decimal(text: str) -> Decimal | None:
    """The number in `text` (digits, words or both, e.g. "2.5 million"), or None."""
    text = text.strip().lower().replace("\u2212", "-")
    if not text:
        return None
    m = _DIGITS_RE.fullmatch(text)
    if m and any(c.isdigit() for c in text):
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    tokens = [t for t in _SPLIT_RE.split(text) if t]
    sign = 1
    if tokens and tokens[0] in ("minus", "negative"):
        sign, tokens = -1, tokens[1:]
    if not tokens:
        return None
    if len(tokens) == 1 and _DIGITS_RE.fullmatch(tokens[0]) and tokens[0][-1:].isdigit():
        value = parse_decimal(tokens[0])  # "minus 15"
        return None if value is None else sign * value
    half = Decimal(0)
    if tokens[-3:] == ["and", "a", "half"]:
        half, tokens = Decimal("0.5"), tokens[:-3]
    elif tokens in (["half"], ["a", "half"]):
        return sign * Decimal("0.5")
    if not tokens:
        return None
    # Digits followed by a multiplier: "5 thousand", "2.5 million".
    if len(tokens) == 2 and tokens[1] in MULTIPLIERS and _DIGITS_RE.fullmatch(tokens[0]):
        try:
            base = Decimal(tokens[0].replace(",", ""))
        except InvalidOperation:
            return None
        mult = 100 if tokens[1] == "hundred" else 12 if tokens[1] == "dozen" else SCALES[tokens[1]]
        return sign * (base * mult + half)
    frac = ""
    for sep in ("point", "dot"):
        if sep in tokens:
            at = tokens.index(sep)
            frac_digits = words_to_digits(tokens[at + 1 :])
            if frac_digits is None:
                return None
            tokens, frac = tokens[:at], frac_digits
            break
    whole = words_to_digits(tokens) if tokens else "0"
    if whole is None:
        return None
    return sign * (Decimal(f"{whole}.{frac}" if frac else whole) + half)


def parse_number(text: str) -> str | None:
    """Canonical Lex number string: "123.45", "-15", "12" (no trailing ".0")."""
    value = parse_decimal(text)
    return None if value is None else _format(value)


def format_decimal(value: Decimal) -> str:
    return _format(value)
