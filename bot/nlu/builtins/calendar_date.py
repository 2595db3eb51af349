"""AMAZON.Date: a calendar day as ISO `YYYY-MM-DD`, resolved the way Lex V2 does.

Lex V2 rules (today = Wed 2020-11-25): "next week" is the Sunday of the current week, "this/last
week" a Monday, "next month/year" the last day, "this/last month/year" the first day; days without
a year are future-biased ("March 12" said in November is next March). "12/03" is December 3 in
en_US and 12 March in the day-first English locales (en_GB, en_AU, en_IN, en_ZA). The English
words for those rules, weekdays, ordinals and relative offsets are read here, the calendar
arithmetic is shared with the other languages (`_calendar`); anything else goes to dateparser
(imported on first use). Parses are cached per (normalised span, user's local date, time zone).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from bot.nlu.builtins import _calendar as cal
from bot.nlu.builtins import _date_words as w
from bot.nlu.builtins._common import local_today, single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_MON = rf"(?P<mon>{w.MONTH_ANY})"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:\s+(?P<y>\d{4}))?"
_WDP = rf"(?:{w.WEEKDAY_ANY}\s+)?(?:the\s+)?"
_MOD = r"(?P<mod>next|this|last|coming|past|previous|current|(?:the\s+)?following|the\s+next|the\s+coming|the\s+last|the\s+past)"

_DAY_OFFSETS = {
    "today": 0, "now": 0, "right now": 0, "tonight": 0, "this morning": 0,
    "this afternoon": 0, "this evening": 0, "tomorrow": 1, "tmrw": 1, "tomorow": 1,
    "tommorow": 1, "tommorrow": 1, "day after tomorrow": 2, "the day after tomorrow": 2,
    "yesterday": -1, "day before yesterday": -2, "the day before yesterday": -2,
}  # fmt: skip
_DAY_PART_RE = re.compile(r"\s+(?:morning|afternoon|evening|night)$")
_PERIOD_RE = re.compile(rf"{_MOD}\s+(?P<unit>week|month|year|weekend)|(?:the\s+)?weekend")
_WEEKDAY_RE = re.compile(
    rf"(?:{_MOD}\s+week\s+(?:on\s+)?(?P<wd1>{w.WEEKDAY_ANY}))"
    rf"|(?:(?:{_MOD.replace('mod', 'mod2')}|on)\s+)?(?P<wd2>{w.WEEKDAY_ANY})"
    r"(?:\s+(?P<wk>next week|this week|last week|after next))?"
)
_RELATIVE_RE = re.compile(
    r"(?:in\s+(?P<n1>\d+|an?)\s+(?P<u1>day|week|month|year|fortnight)s?(?:\s+time)?)"
    r"|(?:(?P<n2>\d+|an?)\s+(?P<u2>day|week|month|year|fortnight)s?\s+"
    r"(?P<dir>from now|from today|from tomorrow|later|hence|ago|before today|back|from now on))"
)
_MONTH_DAY_RES = (
    re.compile(rf"{_WDP}{_DAY}\s+(?:of\s+)?{_MON}{_YEAR}"),
    re.compile(rf"{_WDP}{_MON}\s+(?:the\s+)?{_DAY}{_YEAR}"),
)
_MONTH_ONLY_RE = re.compile(rf"(?:in\s+|of\s+|(?P<mod>next|this|coming)\s+)?{_MON}{_YEAR}")
_DAY_ONLY_RE = re.compile(
    r"(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+(?P<which>this|next)\s+month)?|the\s+(?P<d2>\d{1,2})"
)
_NUMERIC_RE = re.compile(cal.NUMERIC)


def _modifier(mod: str | None) -> str:
    mod = (mod or "").replace("the ", "")
    if mod in ("next", "coming", "following"):
        return "next"
    if mod in ("last", "past", "previous"):
        return "last"
    return "this"


def _weekday(today: date, m: re.Match[str]) -> date:
    if m["wd1"]:
        return cal.in_week(today, _modifier(m["mod"]), w.WEEKDAYS[m["wd1"].rstrip(".")])
    target, mod, week = w.WEEKDAYS[m["wd2"].rstrip(".")], _modifier(m["mod2"]), m["wk"]
    if week in ("next week", "this week", "last week"):
        return cal.in_week(today, week.split()[0], target)
    if week == "after next" and mod != "last":
        return cal.nearest_weekday(today, target, "next") + timedelta(days=7)
    return cal.nearest_weekday(today, target, mod)


def _relative(today: date, m: re.Match[str]) -> date:
    n_text, unit = (m["n1"], m["u1"]) if m["u1"] else (m["n2"], m["u2"])
    n = 1 if n_text in ("a", "an") else int(n_text)
    if m["dir"] in ("ago", "before today", "back"):
        n = -n
    elif m["dir"] == "from tomorrow":
        today += timedelta(days=1)
    return cal.shifted(today, n, unit)


# English locales that write the day first ("12/03/2025" is 12 March).
DAY_FIRST_LOCALES = frozenset({"en_GB", "en_AU", "en_IN", "en_ZA", "en_IE", "en_NZ"})


def _rules(t: str, today: date, day_first: bool = False) -> date | None | bool:
    """The Lex-specific and common forms: a date, None if the form is right but the day does
    not exist ("February 30"), False when no rule applies."""
    if (offset := _DAY_OFFSETS.get(_DAY_PART_RE.sub("", t))) is not None:
        return today + timedelta(days=offset)
    if m := _PERIOD_RE.fullmatch(t):
        return cal.period(today, _modifier(m["mod"]), m["unit"] or "weekend")
    if m := _WEEKDAY_RE.fullmatch(t):
        return _weekday(today, m)
    if m := _RELATIVE_RE.fullmatch(t):
        return _relative(today, m)
    for pattern in _MONTH_DAY_RES:
        if m := pattern.fullmatch(t):
            return cal.dated(today, w.MONTHS[m["mon"].rstrip(".")], int(m["d"]), m["y"])
    if m := _MONTH_ONLY_RE.fullmatch(t):
        month = w.MONTHS[m["mon"].rstrip(".")]
        if m["y"]:
            return date(int(m["y"]), month, 1)
        year = today.year + (month < today.month or (month == today.month and m["mod"] == "next"))
        return date(year, month, 1)
    if m := _DAY_ONLY_RE.fullmatch(t):
        return cal.day_of_month(today, int(m["d"] or m["d2"]), m["which"])
    if m := cal.ISO_RE.fullmatch(t):
        return cal.dated(today, int(m["m"]), int(m["d"]), m["y"])
    if m := _NUMERIC_RE.fullmatch(t):
        a, b = int(m["a"]), int(m["b"])
        if day_first:
            month, day = (a, b) if b > 12 else (b, a)  # day first unless it cannot be a month
        else:
            month, day = (b, a) if a > 12 else (a, b)  # US order unless it cannot be a month
        return cal.dated(today, month, day, m["y"])
    return False


def _dateparser(t: str, today: date, time_zone: str, day_first: bool = False) -> date | None:
    return cal.dateparser_date(t, today, time_zone, "en", "DMY" if day_first else "MDY")


@lru_cache(maxsize=8192)
def resolve_cached(span: str, today: date, time_zone: str, day_first: bool = False) -> str | None:
    """ISO date for a normalised span on the user's `today`, or None. Cached: dateparser is slow."""
    if not span:
        return None
    day = _rules(span, today, day_first)
    if day is False and w.DATEISH_RE.search(span):
        day = _dateparser(span, today, time_zone, day_first)
    return day.isoformat() if isinstance(day, date) else None


class DateType:
    name = "AMAZON.Date"
    samples = (
        "tomorrow", "today", "12 March 2017", "next friday", "March 12th", "the 12th",
        "friday", "next week", "this weekend", "next month", "in 3 days", "the day after tomorrow",
        "November twenty-fifth", "December 1st", "Jan 5", "2021-06-30", "6/30/2021", "monday",
        "the first of july", "last week", "this month", "next year", "in two weeks", "yesterday",
        "Tuesday, May 4th", "a week from today", "August 2021",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        day_first = ctx.locale in DAY_FIRST_LOCALES
        value = resolve_cached(_normalise(text), local_today(ctx), ctx.time_zone, day_first)
        return single(value) if value is not None else None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        if not w.DATEISH_RE.search(text):
            return []
        out: list[Match] = []
        pos = 0
        while (m := w.FIND_RE.search(text, pos)) is not None:
            res = self.resolve(m.group(), ctx)
            if res is None:
                pos = m.start() + 1  # a shorter span starting later may still be a date
                continue
            out.append(Match(m.start(), m.end(), m.group(), res))
            pos = m.end()
        return out


@lru_cache(maxsize=8192)
def _normalise(text: str) -> str:
    return w.normalise(text)
