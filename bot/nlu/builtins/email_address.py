"""AMAZON.EmailAddress: an e-mail address, typed ("jo@example.com") or spoken ("jo at example dot com").

The interpreted value is the lower-cased address. Spoken forms map "at", "dot", "underscore",
"dash"/"hyphen" and "plus" to their symbols and drop the spaces between words.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
_EMAIL_RE = re.compile(rf"{_LOCAL}@{_DOMAIN}")
_EMAIL_IN_TEXT_RE = re.compile(rf"(?<![\w.+-]){_LOCAL}@{_DOMAIN}(?![\w-])")

_SYMBOL_WORDS = {"at": "@", "dot": ".", "period": ".", "underscore": "_", "dash": "-",
                 "hyphen": "-", "minus": "-", "plus": "+"}  # fmt: skip
_W = r"[A-Za-z0-9]+"
_SEP = r"\s+(?:dot|period|underscore|dash|hyphen|plus)\s+"
# Spoken: words joined by spoken separators, " at ", then a domain with at least one " dot ".
_SPOKEN_RE = re.compile(
    rf"(?<![\w.@]){_W}(?:(?:{_SEP}|[._+-]){_W})*\s+at\s+{_W}(?:(?:{_SEP}|[.-]){_W})*"
    rf"(?:\s+dot\s+|\.)[A-Za-z]{{2,24}}(?![\w@])",
    re.IGNORECASE,
)
_AROUND_SYMBOL_RE = re.compile(r"\s*([@.])\s*")
_PREFIX_RE = re.compile(
    r"^(?:(?:my|the)\s+(?:e-?mail|address)(?:\s+address)?\s+is|it'?s|e-?mail\s+me\s+at)\s+",
    re.IGNORECASE,
)


def _spoken_to_address(text: str) -> str:
    parts = text.split()
    return "".join(_SYMBOL_WORDS.get(p.lower(), p) for p in parts)


class EmailAddressType:
    name = "AMAZON.EmailAddress"
    samples = (
        "jane.doe@example.com", "john.smith@gmail.com", "maria_garcia@outlook.com",
        "wei.zhang@company.cn", "a.kumar@mail.co.in", "support@acme.io",
        "first.last+news@yahoo.com", "olga-petrova@yandex.ru", "k.tanaka@example.co.jp",
        "info@my-shop.de", "jo at example dot com", "sam dot lee at gmail dot com",
        "ahmed123@hotmail.com",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = _PREFIX_RE.sub("", text.strip()).rstrip(".!?,;").strip()
        if "@" in text:
            # Spaces are closed up only around "@" and ".": "jo @ example.com" is an address,
            # "jo@example.com thanks" is an address followed by a word.
            candidate = _AROUND_SYMBOL_RE.sub(r"\1", text)
        elif _SPOKEN_RE.fullmatch(text):
            candidate = _spoken_to_address(text)
        else:
            return None
        if not _EMAIL_RE.fullmatch(candidate):
            return None
        return single(candidate.lower())

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        spans: list[tuple[int, int]] = []
        if "@" in text:
            spans += [(m.start(), m.end()) for m in _EMAIL_IN_TEXT_RE.finditer(text)]
        if " at " in text.lower():
            spans += [(m.start(), m.end()) for m in _SPOKEN_RE.finditer(text)]
        out: list[Match] = []
        for start, end in sorted(spans):
            res = self.resolve(text[start:end], ctx)
            if res is not None and (not out or out[-1].end <= start):
                out.append(Match(start, end, text[start:end], res))
        return out
