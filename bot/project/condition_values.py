"""Typed comparison of a condition's values (reference lex-flows §4.2): strings compare
case-insensitively, numbers as decimals, dates and times chronologically, ISO-8601 durations by
length. Pure functions used by `bot.project.conditions`; a value that does not convert makes its
comparison false, never an error.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def compare(value: str, op: str, literal: str, literal_kind: str, kind: str) -> bool:
    """`value op literal`, typed: a bare number or duration literal (`literal_kind`) decides the
    type, otherwise the slot's `kind` does; a value that does not convert makes it false."""
    convert = _CONVERTERS.get(literal_kind if literal_kind != "string" else kind.lower(), _text)
    left, right = convert(value), convert(literal)
    if left is None or right is None:
        return False  # a failed conversion fails only its own comparison
    return bool(_OPERATIONS[op](left, right))


def _text(text: str) -> str:
    return text.strip().casefold()


def _number(text: str) -> Decimal | None:
    text = text.strip()
    return Decimal(text) if NUMBER.fullmatch(text) else None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _time(text: str) -> tuple[int, int, int] | None:
    found = _CLOCK.fullmatch(text.strip())
    if found is None:
        return None
    hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
    return (hour, minute, second) if hour < 24 and minute < 60 and second < 60 else None


_AMOUNT = r"(\d+(?:\.\d+)?)"
# ISO 8601, with `T` optional so that AWS's `P2H` reads as two hours (`P2M` stays two months).
_DURATION = re.compile(
    rf"P(?:{_AMOUNT}Y)?(?:{_AMOUNT}M)?(?:{_AMOUNT}W)?(?:{_AMOUNT}D)?"
    rf"(?:T?(?:{_AMOUNT}H)?(?:{_AMOUNT}M)?(?:{_AMOUNT}S)?)?",
    re.IGNORECASE,
)
_DURATION_SECONDS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)


def duration(text: str) -> Decimal | None:
    """Length in seconds (a year is 365 days, a month 30)."""
    found = _DURATION.fullmatch(text.strip())
    if found is None or not any(found.groups()):
        return None
    amounts = zip(found.groups(), _DURATION_SECONDS, strict=True)
    return sum((Decimal(amount) * unit for amount, unit in amounts if amount), Decimal(0))


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "number": _number,
    "date": _date,
    "time": _time,
    "duration": duration,
}
_OPERATIONS: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
