"""AMAZON.Date in German, French, Spanish, Italian, Japanese and Korean, with Lex V2's rules.

The same rules as in English: days without a year are future-biased, "next week" is the Sunday
of this week, "next month/year" the last day, "this/last" the first; "来週の金曜日" / "다음 주
금요일" are the Friday of next week, "nächsten Freitag" / "vendredi prochain" the next Friday.
Rules read the language's words (`languages`) and leave the calendar arithmetic to the rules
English uses too (`_calendar`); other forms go to dateparser in that language.
Numeric dates are day first in Europe ("12/03" is 12 March) and month first in Japan and Korea.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cached_property, lru_cache

from bot.nlu.builtins import _calendar as cal
from bot.nlu.builtins._common import local_today, single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.builtins.localized.languages import LANGUAGES
from bot.nlu.builtins.localized.text import alternation, normalise
from bot.nlu.builtins.localized.words import LanguageWords
from bot.nlu.tokens import tokenize
from bot.nlu.types import ParseContext

_SHIFTED_UNITS = frozenset({"day", "week", "month", "year"})
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
        order = "YMD" if rules.month_first else "DMY"
        day = cal.dateparser_date(text, today, time_zone, code, order)
    return day.isoformat() if isinstance(day, date) else None


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
        self.numeric_re = re.compile(cal.NUMERIC + r"\.?")

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
            return cal.day_of_month(today, int(m["d"]), None)
        t = self._strip(raw)
        if (offset := self.offsets.get(t)) is not None:
            return today + timedelta(days=offset)
        if (said := self.periods.get(t)) is not None:
            return cal.period(today, *said)
        if m := self.weekday_re.fullmatch(t):
            return self._weekday(today, m)
        if m := self.month_day_re.fullmatch(t):
            month = int(m["m"]) if self.cjk else self.months[m["mon"]]
            return cal.dated(today, month, int(m["d"]), m["y"])
        if m := self.month_re.fullmatch(t):
            month = int(m["m"]) if self.cjk else self.months[m["mon"]]
            if m["y"]:
                return cal.valid(int(m["y"]), month, 1)
            return date(today.year + (month < today.month), month, 1)
        if m := self.day_re.fullmatch(t):
            return cal.day_of_month(today, int(m["d"]), None)
        if m := self.in_re.fullmatch(t):
            return self._in(today, m)
        if m := cal.ISO_RE.fullmatch(t):
            return cal.dated(today, int(m["m"]), int(m["d"]), m["y"])
        if m := self.numeric_re.fullmatch(t):
            a, b = int(m["a"]), int(m["b"])
            month, day = (a, b) if self.month_first else (b, a)
            return cal.dated(today, month, day, m["y"])
        return False

    def _weekday(self, today: date, m: re.Match[str]) -> date:
        target = self.weekdays[m["wd"]]
        if m["wk"]:
            return cal.in_week(today, self.week_mods[m["wk"]], target)
        mod = self.mods.get(m["mod"] or m["mod2"] or "", "this")
        return cal.nearest_weekday(today, target, mod)

    def _in(self, today: date, m: re.Match[str]) -> date | bool:
        unit = self.units.get(m["u"])
        n_text = m["n"]
        n = int(n_text) if n_text.isdigit() else self.w.numbers.get(n_text)
        if unit is None or n is None:
            return False
        if unit in _SHIFTED_UNITS:
            return cal.shifted(today, n, unit)
        return False
