"""Calendar arithmetic AMAZON.Date shares in every language, with Lex V2's rules, and the
dateparser fallback.

Each language reads its own words and hands numbers and "next" / "this" / "last" to these
functions, so a rule is written once for all languages. Nothing here knows a word of any
language, and dateparser is imported only when a form no rule covers is asked for.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from typing import Any

ISO_RE = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
# "12/03", "12-03-2025", "12.03.25": which number is the month is each language's rule.
NUMERIC = r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})(?:[/.-](?P<y>\d{4}|\d{2}))?"

_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}
_WEEK_SHIFT = {"next": 7, "last": -7, "after next": 14}


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def future(today: date, month: int, day: int) -> date | None:
    """The first month/day on or after today (a few years ahead for 29 February)."""
    for year in range(today.year, today.year + 9):
        d = valid(year, month, day)
        if d is not None and d >= today:
            return d
    return None


def dated(today: date, month: int, day: int, year: str | None) -> date | None:
    """The day in the year said ("25" is 2025), or its next date when no year is said."""
    if not year:
        return future(today, month, day)
    return valid(int(year) if len(year) == 4 else 2000 + int(year), month, day)


def period(today: date, mod: str, unit: str) -> date:
    monday = today - timedelta(days=today.weekday())
    if unit == "week":  # Lex V2: next week -> Sunday of this week; this/last -> a Monday
        return {"next": monday + timedelta(days=6), "this": monday}.get(mod, monday - timedelta(7))
    if unit == "weekend":
        saturday = monday + timedelta(days=5)
        if mod == "this" and today.weekday() == 6:
            return today
        return saturday + timedelta(days={"next": 7, "last": -7}.get(mod, 0))
    if unit == "month":
        if mod == "next":
            nxt = add_months(today.replace(day=1), 1)
            return date(nxt.year, nxt.month, calendar.monthrange(nxt.year, nxt.month)[1])
        return add_months(today.replace(day=1), -1 if mod == "last" else 0)
    if mod == "next":
        return date(today.year + 1, 12, 31)
    return date(today.year - (mod == "last"), 1, 1)


def in_week(today: date, week: str, weekday: int) -> date:
    """`weekday` (Monday = 0) of this week, or of the "next" / "last" / "after next" one."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=_WEEK_SHIFT.get(week, 0) + weekday)


def nearest_weekday(today: date, weekday: int, mod: str) -> date:
    """The coming `weekday` (today counts), or with "next" a later one, with "last" a past one."""
    if mod == "last":
        return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
    ahead = (weekday - today.weekday()) % 7
    if mod == "next":
        ahead = ahead or 7  # "next friday" on a Friday is a week away
    return today + timedelta(days=ahead)


def shifted(today: date, n: int, unit: str) -> date:
    """`n` days, weeks, fortnights, months or years from today (back, for a negative `n`)."""
    if unit in _UNIT_DAYS:
        return today + timedelta(days=n * _UNIT_DAYS[unit])
    return add_months(today, n * (12 if unit == "year" else 1))


def day_of_month(today: date, day: int, which: str | None) -> date | None:
    """The next `day` of a month on or after today; `which` "this" / "next" names the month."""
    start = add_months(today.replace(day=1), 1) if which == "next" else today.replace(day=1)
    for i in range(0 if which else 13):
        month = add_months(start, i)
        d = valid(month.year, month.month, day)
        if d is not None and d >= today:
            return d
    return valid(start.year, start.month, day) if which else None


def dateparser_date(
    text: str, today: date, time_zone: str, language: str, date_order: str
) -> date | None:
    """dateparser's reading of `text` in `language`, future-biased like the rules."""
    import dateparser  # slow import, only for forms the rules do not cover

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
        "TIMEZONE": time_zone,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": date_order,
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        parsed = dateparser.parse(text, languages=[language], settings=settings)
    except (ValueError, TypeError, OverflowError, LookupError, AttributeError):
        # dateparser raises assorted errors on odd input; that just means "not a date".
        return None
    return parsed.date() if parsed is not None else None
