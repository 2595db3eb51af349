"""AMAZON.Duration: a length of time as an ISO-8601 duration (`PnYnMnWnDTnHnMnS`).

"ten minutes" -> PT10M, "five hours ten minutes" -> PT5H10M, "two years three hours ten minutes"
-> P2YT3H10M, "90 minutes" -> PT90M, "an hour" -> PT1H, "half an hour" -> PT30M, "an hour and a
half" -> PT1H30M. Amounts are kept as said (no normalising 90 minutes to 1 hour 30 minutes).
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.nlu.builtins._common import single
from bot.nlu.builtins._numwords import WORDS_ALT, format_decimal, parse_decimal
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

# ISO designator per unit word; "M" is months before the T and minutes after it.
_UNITS: dict[str, str] = {}
for _designator, _spellings in {
    "Y": ("year", "years", "yr", "yrs", "y"),
    "MO": ("month", "months", "mo", "mos", "mth", "mths"),
    "W": ("week", "weeks", "wk", "wks", "w"),
    "D": ("day", "days", "d"),
    "H": ("hour", "hours", "hr", "hrs", "h"),
    "MI": ("minute", "minutes", "min", "mins", "m"),
    "S": ("second", "seconds", "sec", "secs", "s"),
}.items():
    _UNITS.update(dict.fromkeys(_spellings, _designator))
_UNITS["fortnight"] = _UNITS["fortnights"] = "FORTNIGHT"

_ORDER = ("Y", "MO", "W", "D", "H", "MI", "S")
# A fraction of a unit is carried into the next smaller unit, so "1.5 hours" is PT1H30M.
_CARRY = {"D": ("H", 24), "H": ("MI", 60), "MI": ("S", 60)}

_UNIT_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUM = (
    rf"\d+(?:\.\d+)?|\.\d+|an?|(?:{WORDS_ALT})(?:[\s\-]+(?:{WORDS_ALT}|and(?=[\s\-]+(?:{WORDS_ALT}))))*"
    r"(?:\s+and\s+a\s+half)?"
)
_PART = (
    rf"(?:(?P<half>half\s+an?|a\s+half)\s+(?P<hunit>{_UNIT_ALT})"
    rf"|(?P<num>{_NUM})\s*(?P<unit>{_UNIT_ALT})(?P<andhalf>\s+and\s+a\s+half)?)(?![\w])"
)
_PART_RE = re.compile(rf"(?<![\w.]){_PART}", re.IGNORECASE)
_GAP_RE = re.compile(r"[\s,]*(?:and\s+)?", re.IGNORECASE)
_LEAD_RE = re.compile(
    r"^(?:for|about|around|roughly|approximately|in|just|over|it'?s)\s+", re.IGNORECASE
)
_HAS_UNIT_RE = re.compile(rf"(?<![A-Za-z])(?:{_UNIT_ALT})(?![A-Za-z])", re.IGNORECASE)


def _amount(m: re.Match[str]) -> tuple[str, Decimal] | None:
    if m.group("half"):
        unit = _UNITS[m.group("hunit").lower()]
        return unit, Decimal("0.5")
    unit_word, num = m.group("unit").lower(), m.group("num").lower()
    if len(unit_word) == 1 and not num[-1].isdigit():
        return None  # "30m" is a duration, "a m" is not
    unit = _UNITS[unit_word]
    value = Decimal(1) if num in ("a", "an") else parse_decimal(num)
    if value is None:
        return None
    if m.group("andhalf"):
        value += Decimal("0.5")
    return unit, value


def to_iso(parts: list[tuple[str, Decimal]]) -> str:
    totals: dict[str, Decimal] = {}
    for unit, value in parts:
        if unit == "FORTNIGHT":
            unit, value = "W", value * 2
        if unit in _CARRY and value != value.to_integral_value():
            smaller, factor = _CARRY[unit]
            whole = value.to_integral_value(rounding="ROUND_FLOOR")
            rest = (value - whole) * factor
            if rest == rest.to_integral_value():
                value = whole
                totals[smaller] = totals.get(smaller, Decimal(0)) + rest
        totals[unit] = totals.get(unit, Decimal(0)) + value
    date_part = "".join(f"{format_decimal(totals[u])}{u[0]}" for u in _ORDER[:4] if totals.get(u))
    time_part = "".join(f"{format_decimal(totals[u])}{u[0]}" for u in _ORDER[4:] if totals.get(u))
    if not date_part and not time_part:
        return "PT0S"
    return "P" + date_part + ("T" + time_part if time_part else "")


def _parse_run(text: str, start: int) -> tuple[int, list[tuple[str, Decimal]]]:
    """Consecutive duration parts from `start`: (end offset, parts); parts empty if none."""
    parts: list[tuple[str, Decimal]] = []
    pos = end = start
    while True:
        m = _PART_RE.match(text, pos)
        if m is None:
            break
        amount = _amount(m)
        if amount is None:
            break
        parts.append(amount)
        end = m.end()
        gap = _GAP_RE.match(text, end)
        pos = gap.end() if gap else end
    return end, parts


class DurationType:
    name = "AMAZON.Duration"
    samples = (
        "ten minutes", "five hours", "three days", "forty five seconds", "eight weeks",
        "seven years", "five hours ten minutes", "two years three hours ten minutes",
        "90 minutes", "an hour", "a day", "half an hour", "2 weeks", "30 seconds",
        "an hour and a half", "1 hour 30 minutes", "six months", "a fortnight", "15 mins",
        "2.5 hours", "one year and two months",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = _LEAD_RE.sub("", text.strip().rstrip(".!?").strip())
        if not text:
            return None
        end, parts = _parse_run(text, 0)
        if not parts or end != len(text):
            return None
        return single(to_iso(parts))

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        if not _HAS_UNIT_RE.search(text):
            return []
        out: list[Match] = []
        pos = 0
        while (m := _PART_RE.search(text, pos)) is not None:
            end, parts = _parse_run(text, m.start())
            if not parts:
                pos = m.end()
                continue
            span = text[m.start() : end]
            out.append(Match(m.start(), end, span, single(to_iso(parts))))
            pos = end
        return out
