"""AMAZON.Time: a time of day as 24-hour `HH:MM`, or a part of the day.

"10 AM" -> 10:00, "3:30 pm" -> 15:30, "noon" -> 12:00, "midnight" -> 00:00, "quarter to four
in the afternoon" -> 15:45. A clock time without AM/PM ("10 o'clock", "at 10") is ambiguous:
interpreted None with resolved ("10:00", "22:00"), as Lex does. Parts of the day resolve to Lex's
codes: morning MO, afternoon AF, evening EV, night NI (and "AM"/"PM" alone to AM/PM).
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_ONES = "one|two|three|four|five|six|seven|eight|nine"
_WORD_VALUES = {w: i for i, w in enumerate(_ONES.split("|"), 1)} | {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "zero": 0,
}  # fmt: skip
_TENS = "twenty|thirty|forty|fifty"
_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_HOUR_W = f"(?:{_ONES}|ten|eleven|twelve)"
_MIN_W = rf"(?:oh[ -](?:{_ONES})|(?:{_TENS})(?:[ -](?:{_ONES}))?|{_TEEN})"

_OH_RE = re.compile(rf"\b(?:oh|o)[ -]({_ONES})\b")
_COMPOUND_RE = re.compile(rf"\b({_TENS})[ -]({_ONES})\b")
_SINGLE_RE = re.compile(r"\b(" + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + r")\b")
_MERIDIEM_RE = re.compile(r"(?<![a-z])([ap])\.?\s?m\b\.?")
_OCLOCK_RE = re.compile(r"\s*\bo'?\s?clock\b")
_LEAD_RE = re.compile(
    r"^(?:(?:at|around|about|by|for|before|after|from|until|till|say|it'?s|make it|let'?s say)"
    r"\s+)+"
)
_PERIODS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_PERIOD_RE = re.compile(
    r"(?:(?:in the|this|the|at|during the|late|early)\s+)?(morning|afternoon|evening|night|tonight)"
)
_CLOCK_RE = re.compile(
    r"(?P<h>\d{1,2})(?:(?::|\.|h|\s)(?P<m>\d{2}))?(?P<oc>\s*oclock)?\s*(?P<mer>am|pm)?"
    r"(?:\s*(?:in the|at|this)?\s*(?P<per>morning|afternoon|evening|night|tonight))?"
)
_MILITARY_RE = re.compile(r"(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?:\s*hours)?")
_RELATIVE_RE = re.compile(
    r"(?P<q>half|quarter|\d{1,2})(?:\s+minutes?)?\s+(?P<dir>past|after|to|till|before|of)\s+"
    r"(?P<h>\d{1,2}|noon|midnight)(?:\s*(?P<mer>am|pm))?"
    r"(?:\s*(?:in the|at|this)?\s*(?P<per>morning|afternoon|evening|night|tonight))?"
)

_MER = r"(?:[ap]\.?\s?m\b\.?)"
_PER = r"(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|tonight|this\s+(?:morning|afternoon|evening))"
_H = rf"(?:\d{{1,2}}|{_HOUR_W})"
_FIND_RE = re.compile(
    rf"(?<![\w:.])(?:"
    rf"(?:half|quarter|\d{{1,2}}|{_MIN_W})(?:\s+minutes?)?\s+(?:past|after|to|till)\s+"
    rf"(?:{_H}|noon|midnight)(?:\s*{_MER}|\s+{_PER})?"
    rf"|{_H}(?:[:.]\d{{2}}|\s+{_MIN_W})?\s*(?:o'?\s?clock\s*)?(?:{_MER}|\s{_PER})"
    rf"|\d{{1,2}}:\d{{2}}(?:\s*o'?\s?clock)?"
    rf"|{_H}\s*o'?\s?clock"
    rf"|(?<=\bat\s){_H}(?:\s+{_MIN_W})?"
    rf"|noon|midday|midnight"
    rf"|(?<!good\s)(?:morning|afternoon|evening|tonight)|(?<=\bat\s)night"
    rf")(?![\w:])",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    text = text.strip().lower().replace("\u2019", "'").rstrip("!?,").strip()
    text = _MERIDIEM_RE.sub(r"\1m", text)
    text = text.rstrip(".").strip()
    text = _LEAD_RE.sub("", text)
    text = _OCLOCK_RE.sub(" oclock", text)
    text = _OH_RE.sub(lambda m: f"0{_WORD_VALUES[m.group(1)]}", text)
    text = _COMPOUND_RE.sub(lambda m: str(_WORD_VALUES[m[1]] + _WORD_VALUES[m[2]]), text)
    text = _SINGLE_RE.sub(lambda m: str(_WORD_VALUES[m.group(1)]), text)
    return " ".join(text.split())


def _fmt(h: int, m: int) -> str:
    return f"{h:02d}:{m:02d}"


def _clock(h: int, m: int, mer: str | None, per: str | None, exact: bool) -> Resolution | None:
    """The resolution of hour h, minute m qualified by am/pm or a part of the day."""
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    if mer is None and per is not None:
        if per == "morning":
            mer = "am"
        elif per in ("night", "tonight"):
            mer = "am" if h == 12 or h < 5 else "pm"  # "2 at night" is 02:00
        else:
            mer = "pm"
    if mer is not None:
        if h > 12:
            return single(_fmt(h, m)) if mer == "pm" else None
        if h == 0:
            return single(_fmt(0, m))
        h = h % 12 + (12 if mer == "pm" else 0)
        return single(_fmt(h, m))
    if exact or h == 0 or h > 12:
        return single(_fmt(h, m))
    # A 12-hour clock reading without AM/PM: Lex gives both candidates, uninterpreted.
    morning, evening = h % 12, h % 12 + 12
    if h == 12:
        return Resolution(None, (_fmt(12, m), _fmt(0, m)))
    return Resolution(None, (_fmt(morning, m), _fmt(evening, m)))


def parse_time(text: str) -> Resolution | None:
    t = _normalise(text)
    if t in ("noon", "midday", "12 noon"):
        return single("12:00")
    if t in ("midnight", "12 midnight"):
        return single("00:00")
    if t in ("am", "pm"):
        return single(t.upper())
    if m := _PERIOD_RE.fullmatch(t):
        return single(_PERIODS[m.group(1)])
    if m := _MILITARY_RE.fullmatch(t):
        return single(_fmt(int(m["h"]), int(m["m"])))
    if m := _CLOCK_RE.fullmatch(t):
        h, mins = int(m["h"]), int(m["m"] or 0)
        # "09:30" or "07:00" written with a leading zero is a 24-hour reading.
        exact = m["h"].startswith("0") and len(m["h"]) == 2 and m["m"] is not None
        return _clock(h, mins, m["mer"], m["per"], exact)
    if m := _RELATIVE_RE.fullmatch(t):
        q = m["q"]
        mins = 30 if q == "half" else 15 if q == "quarter" else int(q)
        hour = {"noon": 12, "midnight": 0}.get(m["h"])
        mer = m["mer"] or ("pm" if m["h"] == "noon" else "am" if m["h"] == "midnight" else None)
        h = int(m["h"]) if hour is None else hour
        if m["dir"] in ("to", "till", "before", "of"):
            h, mins = (h - 1) % 24, 60 - mins
            if hour is not None:
                mer = "am" if m["h"] == "noon" else "pm"  # 11:45 / 23:45
            elif hour is None and h == 0:
                h = 12  # "quarter to one" is 12:45 or 00:45
        if not 0 <= mins < 60:
            return None
        return _clock(h, mins, mer, m["per"], False)
    return None


class TimeType:
    name = "AMAZON.Time"
    samples = (
        "10 AM", "3:30 pm", "noon", "midnight", "7pm", "9:15 am", "6 o'clock", "10:45",
        "half past three", "quarter to five", "eight in the morning", "11 at night", "15:30",
        "ten thirty pm", "morning", "afternoon", "evening", "tonight", "seven p.m.", "08:00",
        "twelve fifteen", "at 5",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        return parse_time(text)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        out: list[Match] = []
        for m in _FIND_RE.finditer(text):
            span = m.group().rstrip(" ")
            res = parse_time(span)
            if res is not None:
                out.append(Match(m.start(), m.start() + len(span), span, res))
        return out
