"""AMAZON.Date in German, French, Spanish, Italian, Japanese and Korean, with Lex V2's rules.

The same rules as in English: days without a year are future-biased, "next week" is the Sunday
of this week, "next month/year" the last day, "this/last" the first; "来週の金曜日" / "다음 주
금요일" are the Friday of next week, "nächsten Freitag" / "vendredi prochain" the next Friday.
Rules read the language's words (words.py); other forms go to dateparser in that language.
Numeric dates are day first in Europe ("12/03" is 12 March) and month first in Japan and Korea.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Any

from bot.nlu.builtins._common import local_today, single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.builtins.calendar_date import _future, _period, _valid, _week_shift
from bot.nlu.builtins.localized.text import alternation, normalise
from bot.nlu.builtins.localized.words import LANGUAGES, LanguageWords
from bot.nlu.tokens import tokenize
from bot.nlu.types import ParseContext

_UNIT_DAYS = {"day": 1, "week": 7}
_MAX_WINDOW = 8  # tokens in one date said inside a sentence ("el próximo viernes 12 de marzo")


class LocalDateType:
    name = "AMAZON.Date"

    def __init__(self, code: str) -> None:
        self.code = code
        self.words = LANGUAGES[code]
        self.samples = self.words.samples.get(self.name, ())
        self._rules = DateRules(self.words, month_first=code in ("ja", "ko"))

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        value = _resolve(self._rules, text, local_today(ctx), ctx.time_zone, self.code)
        return single(value) if value is not None else None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        today = local_today(ctx)
        toks = tokenize(text)
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            if not self._rules.may_start(toks[i].text):
                i += 1
                continue
            for j in range(min(n, i + _MAX_WINDOW), i, -1):
                span = text[toks[i].start : toks[j - 1].end]
                day = self._rules.read(span, today)
                if isinstance(day, date):
                    out.append(Match(toks[i].start, toks[j - 1].end, span, single(day.isoformat())))
                    i = j
                    break
            else:
                i += 1
        return out


@lru_cache(maxsize=8192)
def _resolve(rules: DateRules, text: str, today: date, time_zone: str, code: str) -> str | None:
    day = rules.read(text, today)
    if day is False and rules.dateish(text):
        day = _dateparser(text, today, time_zone, code, rules.month_first)
    return day.isoformat() if isinstance(day, date) else None


def _dateparser(
    text: str, today: date, time_zone: str, code: str, month_first: bool
) -> date | None:
    import dateparser  # slow import, only for forms the rules do not cover

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
        "TIMEZONE": time_zone,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "YMD" if month_first else "DMY",
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        parsed = dateparser.parse(text, languages=[code], settings=settings)
    except (ValueError, TypeError, OverflowError, LookupError, AttributeError):
        return None
    return parsed.date() if parsed is not None else None


class DateRules:
    """The rule-based readings of one language; `read` returns a date, None (a date form that
    names no real day) or False (no rule applies)."""

    def __init__(self, words: LanguageWords, month_first: bool) -> None:
        self.w = words
        self.month_first = month_first
        self.cjk = words.cjk
        key = self._key
        self.offsets = {key(k): v for k, v in words.day_offsets.items()}
        self.periods = {key(k): v for k, v in words.periods.items()}
        self.weekdays = {key(k): v for k, v in words.weekdays.items()}
        self.months = {key(k): v for k, v in words.months.items()}
        self.mods = (
            dict.fromkeys(map(key, words.next_words), "next")
            | dict.fromkeys(map(key, words.this_words), "this")
            | dict.fromkeys(map(key, words.last_words), "last")
        )
        self.week_mods = {key(k): v for k, v in words.week_words.items()}
        self.fillers = sorted({key(f) for f in words.fillers}, key=len, reverse=True)
        sep = r"\s"  # CJK keys have no spaces left: the optional space never matches there
        wd, mods, weeks = map(alternation, (self.weekdays, self.mods, self.week_mods))
        self.weekday_re = re.compile(
            rf"(?:(?P<wk>{weeks}){sep}?(?:の)?{sep}?)?(?:(?P<mod>{mods}){sep}?)?"
            rf"(?P<wd>{wd})(?:{sep}?(?P<mod2>{mods}))?"
        )
        mon = alternation(self.months)
        if self.cjk:
            self.month_day_re = re.compile(
                r"(?:(?P<y>\d{4})[年년])?(?P<m>\d{1,2})[月월](?P<d>\d{1,2})[日일]?"
                rf"(?:\(?(?:{wd})\)?)?"
            )
            self.month_re = re.compile(r"(?:(?P<y>\d{4})[年년])?(?P<m>\d{1,2})[月월]")
            self.day_re = re.compile(r"(?P<d>\d{1,2})[日일]")
        else:
            self.month_day_re = re.compile(
                rf"(?:(?:{wd}),?\s)?(?P<d>\d{{1,2}})(?:\.|er|o|°|º)?\s?(?:de\s)?(?P<mon>{mon})\.?"
                r"(?:,?\s?(?:de\s|del\s)?(?P<y>\d{4}))?"
            )
            self.month_re = re.compile(
                rf"(?:(?P<mod>{mods})\s)?(?P<mon>{mon})(?:\s(?P<y>\d{{4}}))?"
            )
            self.day_re = re.compile(r"(?:le|el|il|am|den|der|lo)\s(?P<d>\d{1,2})(?:\.|er|o)?")
        self.in_re = re.compile(words.in_days)
        self.units = {key(k): v for k, v in words.units.items()}
        self.iso_re = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
        self.numeric_re = re.compile(
            r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})(?:[/.-](?P<y>\d{4}|\d{2}))?\.?"
        )

    def _key(self, text: str) -> str:
        text = normalise(text, self.cjk)
        return text.replace(" ", "") if self.cjk else text

    @cached_property
    def _starters(self) -> frozenset[str]:
        """Lower-cased first tokens of every date word, so `find` skips other tokens fast."""
        phrases = [
            *self.w.day_offsets, *self.w.periods, *self.w.weekdays, *self.w.months,
            *self.w.next_words, *self.w.this_words, *self.w.last_words, *self.w.week_words,
            "le", "el", "il", "am", "den", "der", "lo",
        ]  # fmt: skip
        out = set()
        for phrase in phrases:
            toks = tokenize(phrase)
            if toks:
                out.add(self._key(toks[0].text))
        return frozenset(out)

    def may_start(self, token: str) -> bool:
        key = self._key(token)
        return key[:1].isdigit() or key in self._starters

    def dateish(self, text: str) -> bool:
        key = self._key(text)
        return any(c.isdigit() for c in key) or any(s in key for s in self._starters if s)

    def _strip(self, t: str) -> str:
        """Drop fillers around the date: articles and prepositions, Japanese and Korean
        particles ("明日に", "내일에요")."""
        changed = True
        while changed and t:
            changed = False
            for f in self.fillers:
                if self.cjk:
                    if t.endswith(f) and len(t) > len(f):
                        t, changed = t[: -len(f)], True
                        break
                    continue
                if t.startswith(f + " ") or (f.endswith("'") and t.startswith(f)):
                    t, changed = t[len(f) :].lstrip(), True
                    break
                if t.endswith(" " + f):
                    t, changed = t[: -len(f) - 1].rstrip(), True
                    break
        return t

    def read(self, text: str, today: date) -> date | None | bool:
        raw = self._key(text)
        if not raw:
            return False
        if m := self.day_re.fullmatch(raw):
            return _day_only(today, int(m["d"]))
        t = self._strip(raw)
        if (offset := self.offsets.get(t)) is not None:
            return today + timedelta(days=offset)
        if (period := self.periods.get(t)) is not None:
            return _period(today, *period)
        if m := self.weekday_re.fullmatch(t):
            return self._weekday(today, m)
        if m := self.month_day_re.fullmatch(t):
            month = int(m["m"]) if self.cjk else self.months[m["mon"]]
            day = int(m["d"])
            return _valid(int(m["y"]), month, day) if m["y"] else _future(today, month, day)
        if m := self.month_re.fullmatch(t):
            month = int(m["m"]) if self.cjk else self.months[m["mon"]]
            if m["y"]:
                return _valid(int(m["y"]), month, 1)
            return date(today.year + (month < today.month), month, 1)
        if m := self.day_re.fullmatch(t):
            return _day_only(today, int(m["d"]))
        if m := self.in_re.fullmatch(t):
            return self._in(today, m)
        if m := self.iso_re.fullmatch(t):
            return _valid(int(m["y"]), int(m["m"]), int(m["d"]))
        if m := self.numeric_re.fullmatch(t):
            a, b = int(m["a"]), int(m["b"])
            month, day = (a, b) if self.month_first else (b, a)
            if not m["y"]:
                return _future(today, month, day)
            year = int(m["y"]) if len(m["y"]) == 4 else 2000 + int(m["y"])
            return _valid(year, month, day)
        return False

    def _weekday(self, today: date, m: re.Match[str]) -> date:
        target = self.weekdays[m["wd"]]
        if m["wk"]:
            week = self.week_mods[m["wk"]]
            shift = 14 if week == "after next" else _week_shift(week)
            monday = today - timedelta(days=today.weekday())
            return monday + timedelta(days=shift + target)
        mod = self.mods.get(m["mod"] or m["mod2"] or "", "this")
        if mod == "last":
            return today - timedelta(days=(today.weekday() - target) % 7 or 7)
        ahead = (target - today.weekday()) % 7
        if mod == "next":
            ahead = ahead or 7
        return today + timedelta(days=ahead)

    def _in(self, today: date, m: re.Match[str]) -> date | bool:
        unit = self.units.get(m["u"])
        n_text = m["n"]
        n = int(n_text) if n_text.isdigit() else self.w.numbers.get(n_text)
        if unit is None or n is None:
            return False
        if unit in _UNIT_DAYS:
            return today + timedelta(days=n * _UNIT_DAYS[unit])
        if unit == "month":
            from bot.nlu.builtins.calendar_date import _add_months

            return _add_months(today, n)
        if unit == "year":
            return _valid(today.year + n, today.month, min(today.day, 28)) or today
        return False


def _day_only(today: date, day: int) -> date | None:
    from bot.nlu.builtins.calendar_date import _day_only as english_day_only

    return english_day_only(today, day, None)
