"""Vocabulary and regular expressions for AMAZON.Date: month and weekday names, spelled ordinals,
the "is there anything date-like here" pre-filter and the grammar `find` uses to propose spans.

Kept apart from `calendar_date` so the resolver rules stay readable. Everything here is plain
`re`; nothing imports dateparser.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._numwords import WORDS_ALT, words_to_digits

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip


def _alt(names: object) -> str:
    return "|".join(sorted(names, key=len, reverse=True))  # type: ignore[call-overload]


MONTH_FULL = _alt(n for n in MONTHS if len(n) > 4 or n in ("may", "june", "july"))
# "may" and "march" are also verbs: alone they only count after "in", "of", "next"...
_MONTH_SAFE = _alt(n for n in MONTHS if len(n) > 4 and n != "march" or n in ("june", "july"))
MONTH_ANY = rf"(?:{_alt(MONTHS)})\.?"
WEEKDAY_FULL = _alt(n for n in WEEKDAYS if n.endswith("day"))
WEEKDAY_ANY = rf"(?:{_alt(WEEKDAYS)})\.?"
ORD_WORD = (
    rf"(?:(?:twenty|thirty)[\s-](?:{_alt(k for k, v in _ORDINALS.items() if v < 10)})"
    rf"|{_alt(_ORDINALS)})"
)
_DAY_WORD = (
    r"(?:twenty[\s-](?:one|two|three|four|five|six|seven|eight|nine)|thirty[\s-]one"
    r"|thirty|twenty|nineteen|eighteen|seventeen|sixteen|fifteen|fourteen|thirteen|twelve"
    r"|eleven|ten|one|two|three|four|five|six|seven|eight|nine)"
)
DAY_NUM = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{ORD_WORD})"
_YEAR = r"(?:\d{4})"
_UNIT = r"(?:days?|weeks?|months?|years?|fortnights?)"
_COUNT = rf"(?:\d+|an?|(?:{WORDS_ALT})(?:[\s-]+(?:{WORDS_ALT}))*)"
_WD_PREFIX = rf"(?:{WEEKDAY_ANY},?\s+(?:the\s+)?)?"
_REL_MOD = r"(?:next|this|last|coming|past|previous|(?:the\s+)?following)"

# Anything date-like at all; text without a hit is never handed to dateparser.
DATEISH_RE = re.compile(
    rf"\b(?:{_alt(MONTHS)}|{_alt(WEEKDAYS)}|today|tonight|tomorrow|tmrw|tomorow|tommorow"
    rf"|tommorrow|yesterday|now|weekend|{_UNIT}|{ORD_WORD})\b|\d\s*[/.-]\s*\d|\d(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)

# Spans `find` proposes (then checks with the resolver), longest forms first.
FIND_RE = re.compile(
    rf"(?<![\w/.-])(?:"
    rf"{_WD_PREFIX}{DAY_NUM}\s+(?:of\s+)?{MONTH_ANY}(?:,?\s+{_YEAR})?"
    rf"|{_WD_PREFIX}{MONTH_ANY}\s+(?:the\s+)?(?:{DAY_NUM}|{_DAY_WORD})(?:,?\s+{_YEAR})?"
    rf"|(?:{MONTH_FULL})\s+{_YEAR}"
    rf"|(?:the\s+)?day\s+(?:after\s+tomorrow|before\s+yesterday)"
    rf"|{_REL_MOD}\s+(?:week(?:end)?|month|year)"
    rf"|{_REL_MOD}\s+week\s+(?:on\s+)?(?:{WEEKDAY_FULL})"
    rf"|(?:{_REL_MOD}\s+)?(?:{WEEKDAY_FULL})(?:\s+(?:next|this|last)\s+week|\s+after\s+next)?"
    rf"|today|tonight|tomorrow|tmrw|tomorow|tommorow|tommorrow|yesterday"
    rf"|in\s+{_COUNT}\s+{_UNIT}(?:\s+time)?"
    rf"|{_COUNT}\s+{_UNIT}\s+(?:from\s+(?:now|today|tomorrow)|ago|later|hence)"
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}(?:/(?:\d{{4}}|\d{{2}}))?"
    rf"|\d{{1,2}}-\d{{1,2}}-(?:\d{{4}}|\d{{2}})"
    rf"|(?:the\s+\d{{1,2}}(?:st|nd|rd|th)|(?<=\bon\s)the\s+{ORD_WORD})"
    rf"(?:\s+of\s+(?:this|next)\s+month|(?!\s+(?:of\s+)?{MONTH_ANY}))"
    rf"|(?:{_MONTH_SAFE})"
    rf"|(?<=\b(?:in|of)\s)(?:may|march)|(?:next|this|last)\s+(?:may|march)"
    rf"|(?:the\s+)?weekend"
    rf")(?![\w/])",
    re.IGNORECASE,
)

_ORD_COMPOUND_RE = re.compile(
    r"\b(twenty|thirty)[\s-](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b"
)
_ORD_SINGLE_RE = re.compile(rf"\b({_alt(_ORDINALS)})\b")
_NUMBER_RUN_RE = re.compile(rf"\b(?:{WORDS_ALT})(?:[\s-]+(?:{WORDS_ALT}))*\b")
_LEAD_RE = re.compile(
    r"^(?:(?:on|for|by|from|until|till|starting|beginning|it'?s|make it|how about|what about"
    r"|maybe|say|let'?s say|sometime|some time|any time|anytime|around|about)\s+)+"
)
_TRAIL_RE = re.compile(r"\s+(?:please|then|works|is fine|would be great|if possible)$")


def normalise(text: str) -> str:
    """Lower-case, drop lead-ins and punctuation, spelled ordinals/numbers to digits."""
    t = text.lower().replace("\u2019", "'").strip().rstrip(".!?").strip()
    t = t.replace(",", " ")
    t = _LEAD_RE.sub("", t)
    t = _TRAIL_RE.sub("", t)
    t = _ORD_COMPOUND_RE.sub(lambda m: f"{(20 if m[1] == 'twenty' else 30) + _ORDINALS[m[2]]}th", t)
    t = _ORD_SINGLE_RE.sub(lambda m: f"{_ORDINALS[m[1]]}th", t)

    def _digits(m: re.Match[str]) -> str:
        d = words_to_digits(re.split(r"[\s-]+", m.group()))
        return d if d is not None else m.group()

    t = _NUMBER_RUN_RE.sub(_digits, t)
    return " ".join(t.split())
