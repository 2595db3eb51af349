"""AMAZON.Number, AMAZON.Duration and AMAZON.Time in German, French, Spanish, Italian, Japanese
and Korean, in Lex's value formats (plain decimals, ISO-8601 durations, 24-hour `HH:MM`).

Numbers: digits (full-width too; a decimal comma in Europe: "3,5" is 3.5, "1.000" is 1000) and
number words ("zwanzig", "vingt et un", "二十三", "이십"). Durations: amounts with unit words
("2 Stunden 30 Minuten", "1時間半" is PT1H30M). Times: "15 Uhr", "15h30", "午後3時", "오후 3시 반";
an hour from 1 to 12 without a part of the day is ambiguous (both readings, as Lex does).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from bot.nlu.builtins._common import single
from bot.nlu.builtins._numwords import format_decimal
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.builtins.duration import to_iso
from bot.nlu.builtins.localized.languages import LANGUAGES
from bot.nlu.builtins.localized.text import alternation, normalise
from bot.nlu.builtins.localized.words import LanguageWords
from bot.nlu.tokens import tokenize
from bot.nlu.types import ParseContext

_ISO_UNIT = {"day": "D", "week": "W", "month": "MO", "year": "Y", "hour": "H", "minute": "MI",
             "second": "S"}  # fmt: skip
_CONNECTORS = frozenset({"und", "et", "y", "e", "and", ","})
_MAX_WINDOW = 6
# Parts of the day, as Lex's codes.
_DAY_PARTS = {
    "de": {"morgens": "MO", "vormittags": "MO", "nachmittags": "AF", "abends": "EV",
           "nachts": "NI", "am morgen": "MO", "am nachmittag": "AF", "am abend": "EV"},
    "fr": {"le matin": "MO", "matin": "MO", "l'apres-midi": "AF", "apres-midi": "AF",
           "le soir": "EV", "soir": "EV", "la nuit": "NI", "nuit": "NI"},
    "es": {"por la manana": "MO", "por la tarde": "AF", "la tarde": "AF", "tarde": "AF",
           "por la noche": "NI", "noche": "NI"},
    "it": {"mattina": "MO", "la mattina": "MO", "pomeriggio": "AF", "il pomeriggio": "AF",
           "sera": "EV", "la sera": "EV", "notte": "NI"},
    "ja": {"朝": "MO", "午前": "AM", "午後": "PM", "昼": "AF", "夕方": "EV", "夜": "NI",
           "今夜": "NI"},
    "ko": {"아침": "MO", "오전": "AM", "오후": "PM", "낮": "AF", "저녁": "EV", "밤": "NI"},
}  # fmt: skip


class _Localized:
    name = ""

    def __init__(self, code: str) -> None:
        self.code = code
        self.words: LanguageWords = LANGUAGES[code]
        self.samples = self.words.samples.get(self.name, ())

    def _norm(self, text: str) -> str:
        return normalise(text, self.words.cjk)

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        raise NotImplementedError

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        """Longest token windows, left to right, that resolve whole."""
        toks = tokenize(text)
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            for j in range(min(n, i + _MAX_WINDOW), i, -1):
                span = text[toks[i].start : toks[j - 1].end]
                res = self.resolve(span, ctx) if self._may_start(toks[i].text) else None
                if res is not None:
                    out.append(Match(toks[i].start, toks[j - 1].end, span, res))
                    i = j
                    break
            else:
                i += 1
        return out

    def _may_start(self, token: str) -> bool:
        return True


# ---------------------------------------------------------------- numbers


class LocalNumberType(_Localized):
    name = "AMAZON.Number"

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self._numbers = {self._norm(k): v for k, v in self.words.numbers.items()}
        self._multipliers = {self._norm(k): v for k, v in self.words.multipliers.items()}

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        value = self.value(text)
        return single(format_decimal(value)) if value is not None else None

    def _may_start(self, token: str) -> bool:
        key = self._norm(token)
        return (
            key[:1].isdigit()
            or key[:1] in "-+"
            or key in self._numbers
            or (key in self._multipliers)
        )

    def value(self, text: str) -> Decimal | None:
        return _number(self, self._norm(text))


@lru_cache(maxsize=4096)
def _number(number: LocalNumberType, t: str) -> Decimal | None:
    t = t.strip()
    if not t:
        return None
    if (digits := _digits(t, number.words.decimal_comma)) is not None:
        return digits
    if number.words.cjk:
        return _cjk_numerals(t.replace(" ", ""), number._numbers, number._multipliers)
    return _spelled(t, number._numbers, number._multipliers)


_EU_RE = re.compile(r"[-+\u2212]?(?:\d{1,3}(?:[.\s\u202f']\d{3})+|\d+)(?:,\d+)?")
_DOT_RE = re.compile(r"[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _digits(t: str, decimal_comma: bool) -> Decimal | None:
    t = t.replace("\u2212", "-")
    if decimal_comma and _EU_RE.fullmatch(t):
        t = re.sub(r"[.\s\u202f']", "", t).replace(",", ".")
    elif _DOT_RE.fullmatch(t):
        t = t.replace(",", "")
    else:
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _cjk_numerals(t: str, digits: dict[str, int], multipliers: dict[str, int]) -> Decimal | None:
    """ "二十三" -> 23, "百二十" -> 120, "三万五千" -> 35000, "이십" -> 20; a whole word from the
    table ("하나", "열") as it is."""
    if t in digits:
        return Decimal(digits[t])
    total = section = current = 0
    seen = False
    for ch in t:
        if ch in digits:
            current, seen = digits[ch], True
        elif ch in multipliers:
            m = multipliers[ch]
            if m >= 10_000:
                total += (section + current or 1) * m
                section = 0
            else:
                section += (current or 1) * m
            current, seen = 0, True
        elif ch.isdigit():
            current, seen = current * 10 + int(ch), True
        else:
            return None
    return Decimal(total + section + current) if seen else None


def _spelled(t: str, numbers: dict[str, int], multipliers: dict[str, int]) -> Decimal | None:
    if t in numbers:
        return Decimal(numbers[t])
    value = _sum_words([p for p in re.split(r"[\s\-]+", t) if p], numbers, multipliers)
    if value is None and "und" in t.strip("und"):
        value = _sum_words(t.replace("und", " ").split(), numbers, multipliers)  # dreiundzwanzig
    return value


def _sum_words(
    parts: list[str], numbers: dict[str, int], multipliers: dict[str, int]
) -> Decimal | None:
    total = current = 0
    seen = False
    for part in parts:
        if part in _CONNECTORS and seen:
            continue
        if part in numbers:
            current += numbers[part]
        elif part in multipliers:
            m = multipliers[part]
            if m >= 1000:
                total += (current or 1) * m
                current = 0
            else:
                current = (current or 1) * m
        else:
            return None
        seen = True
    return Decimal(total + current) if seen else None


# ---------------------------------------------------------------- durations


class LocalDurationType(_Localized):
    name = "AMAZON.Duration"

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self._number = LocalNumberType(code)
        self._units = {self._norm(k): v for k, v in self.words.units.items()}
        units = alternation(self._units)
        half = (
            alternation(self._norm(h) for h in self.words.half_past)
            + "|halb|halbe|demie|media|mezza|mezzo"
        )
        sep = r"\s?" if self.words.cjk else r"\s"
        self._part = re.compile(
            rf"(?P<n>[\d.,]+|[^\W\d_]+?|[^\W\d_]+'?)\s?(?P<u>{units})(?:{sep}(?:(?:et|y|e|und){sep})?(?P<half>{half}))?"
            if not self.words.cjk
            else rf"(?P<n>[\d.]+|[^\W\d_]+?)(?P<u>{units})(?P<half>{half})?"
        )
        self._between = re.compile(r"\s*(?:,|und|et|y|e|and)?\s*")

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        t = self._norm(text)
        if self.words.cjk:
            t = t.replace(" ", "")
            for tail in ("くらい", "ぐらい", "ほど", "정도", "동안"):
                t = t.removesuffix(tail) if t != tail else t
        parts: list[tuple[str, Decimal]] = []
        pos = 0
        while pos < len(t):
            m = self._part.match(t, pos)
            if m is None:
                return None
            value = Decimal(1) if m["n"] in ("un'", "un") else self._number.value(m["n"])
            unit = self._units.get(m["u"])
            if value is None or unit is None or unit not in _ISO_UNIT:
                return None
            if m["half"]:
                value += Decimal("0.5")
            parts.append((_ISO_UNIT[unit], value))
            pos = m.end()
            gap = self._between.match(t, pos)
            if gap is not None and gap.end() < len(t):
                pos = gap.end()
            elif gap is not None:
                pos = len(t)
        return single(to_iso(parts)) if parts else None


# ---------------------------------------------------------------- times


class LocalTimeType(_Localized):
    name = "AMAZON.Time"

    def __init__(self, code: str) -> None:
        super().__init__(code)
        w = self.words
        self._number = LocalNumberType(code)
        self._parts = {self._norm(k): v for k, v in _DAY_PARTS.get(code, {}).items()}
        am, pm = alternation(map(self._norm, w.am_words)), alternation(map(self._norm, w.pm_words))
        half = alternation(map(self._norm, w.half_past))
        fillers = alternation(
            {"um", "gegen", "a", "à", "las", "la", "alle", "le", "ore", "verso", "ab", "vers", "l'"}
        )
        num = r"\d{1,2}|[^\W\d_]+"
        if w.cjk:
            hour_mark, minute_mark = ("時", "分") if code == "ja" else ("시", "분")
            self._clock = re.compile(
                rf"(?P<am>{am})?(?P<pm>{pm})?\s?(?P<h>{num}?){hour_mark}"
                rf"(?:\s?(?P<m>\d{{1,2}}){minute_mark}|\s?(?P<half>{half}))?(?:ごろ|頃|쯤)?"
            )
        else:
            marker = {"de": r"(?:\s?uhr)?", "fr": r"(?:\s?(?:h|heures?))?"}.get(code, "")
            self._clock = re.compile(
                rf"(?:(?:{fillers})\s?)*(?P<h>{num})(?:[:.h](?P<m>\d{{2}}))?{marker}"
                rf"(?:\s?(?P<m2>\d{{1,2}}))?(?:\s(?P<half>{half}))?"
                rf"(?:\s(?P<am>{am}))?(?:\s(?P<pm>{pm}))?"
            )
        self._halb = re.compile(rf"(?:(?:{fillers})\s)?halb\s(?P<h>{num})")
        self._noon = {self._norm(x) for x in w.noon}
        self._midnight = {self._norm(x) for x in w.midnight}

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        t = self._norm(text)
        if self.words.cjk:
            t = t.replace(" ", "")
        if t in self._noon:
            return single("12:00")
        if t in self._midnight:
            return single("00:00")
        if (part := self._parts.get(t)) is not None:
            return single(part)
        if self.code == "de" and (m := self._halb.fullmatch(t)):  # "halb drei" is 2:30
            hour = self._hour(m["h"])
            return None if hour is None else _clock((hour - 1) % 24, 30, None)
        m = self._clock.fullmatch(t)
        if m is None or not m["h"]:
            return None
        hour = self._hour(m["h"])
        said_minutes = m.groupdict().get("m2") or m["m"] or 0
        minute = int(said_minutes) + (30 if m["half"] else 0)
        if hour is None or hour > 24 or minute > 59:
            return None
        meridiem = "pm" if m["pm"] else "am" if m["am"] else None
        return _clock(hour, minute, meridiem)

    def _hour(self, said: str) -> int | None:
        value = self._number.value(said)
        return int(value) if value is not None and value == int(value) else None


def _clock(hour: int, minute: int, meridiem: str | None) -> Resolution:
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    hour %= 24
    if meridiem is None and 1 <= hour <= 12:  # no part of the day: both readings, as in Lex
        first, second = f"{hour:02d}:{minute:02d}", f"{(hour + 12) % 24:02d}:{minute:02d}"
        return Resolution(None, (first, second))
    return single(f"{hour:02d}:{minute:02d}")
