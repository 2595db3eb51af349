"""AMAZON.Percentage: a number followed by "%", "percent" or "per cent", as Lex's "50%".

Digits or words ("fifty percent", "12.5%", "minus three percent"). A bare number is accepted by
`resolve` (the answer to "what percentage?"), but `find` only takes numbers marked as percentages.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import single
from bot.nlu.builtins._numwords import VOCABULARY, parse_number
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_NUM_WORD_ALT = "|".join(sorted(VOCABULARY - {"dot"}, key=len, reverse=True))
_NUMBER = (
    rf"[-+\u2212]?(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|\.\d+)"
    rf"|(?:{_NUM_WORD_ALT})(?:[\s\-]+(?:{_NUM_WORD_ALT}))*"
)
_SUFFIX = r"\s*%|\s+per\s?cent(?:age)?\b|\s+pc\b"
_WHOLE_RE = re.compile(rf"(?P<num>{_NUMBER})(?P<suffix>{_SUFFIX})?", re.IGNORECASE)
_FIND_RE = re.compile(rf"(?<![\w.])(?P<num>{_NUMBER})(?:{_SUFFIX})", re.IGNORECASE)


class PercentageType:
    name = "AMAZON.Percentage"
    samples = (
        "50%", "10%", "100%", "0.5%", "12.5%", "75 percent", "20 per cent", "fifty percent",
        "ten percent", "one hundred percent", "twenty five percent", "3 %", "99.9%",
        "minus five percent", "33 percent",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        m = _WHOLE_RE.fullmatch(text.strip().rstrip(".!?").strip())
        if m is None:
            return None
        value = parse_number(m.group("num"))
        return None if value is None else single(value + "%")

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        if "%" not in text and "cent" not in text.lower() and "pc" not in text.lower():
            return []
        out: list[Match] = []
        for m in _FIND_RE.finditer(text):
            start = m.start()
            # The word run may start with filler ("and fifty percent"): trim to a parseable start.
            while (
                start < m.end("num") and parse_number(m.group("num")[start - m.start() :]) is None
            ):
                nxt = text.find(" ", start, m.end("num"))
                if nxt < 0:
                    start = m.end("num")
                    break
                start = nxt + 1
            if start >= m.end("num"):
                continue
            value = parse_number(text[start : m.end("num")])
            if value is not None:
                out.append(Match(start, m.end(), text[start : m.end()], single(value + "%")))
        return out
