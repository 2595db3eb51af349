"""AMAZON.AlphaNumeric: codes made of letters and digits ("ABC123", "a1b-2c3" -> "a1b2c3").

Spaces and dashes between characters are dropped; case is kept as said. A custom slot type
derived from AMAZON.AlphaNumeric with a `regexFilter` is an `AlphaNumericType(regex=...)`: the
whole value must then match the pattern (`re.fullmatch`), which is how Lex validates it.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_ALNUM_RE = re.compile(r"[A-Za-z0-9]+")
_SEPARATORS_RE = re.compile(r"[\s\-]+")
# Without a pattern, `find` only takes tokens that look like codes: letters AND digits mixed.
_CODE_IN_TEXT_RE = re.compile(
    r"(?<![\w-])(?=[A-Za-z0-9-]*[0-9])(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"
    r"(?![\w-])"
)
_PREFIX_RE = re.compile(
    r"^(?:it'?s|it\s+is|my\s+(?:\w+\s+)?(?:code|number|id|reference)\s+is)\s+", re.IGNORECASE
)


class AlphaNumericType:
    """Built-in AlphaNumeric, or a regex-restricted type derived from it."""

    name = "AMAZON.AlphaNumeric"
    samples: tuple[str, ...] = (
        "ABC123", "A1B2C3", "XYZ789", "12345", "AB-1234", "ZX9", "QWERTY", "H3LLO", "9F2K7",
        "CA2019", "order42", "TX-88-21", "B12", "M4P1K9", "R2D2", "A 1 B 2",
    )  # fmt: skip

    def __init__(self, regex: str | None = None) -> None:
        self.regex = regex
        self._pattern: re.Pattern[str] | None = None
        self._finder: re.Pattern[str] | None = None
        if regex is not None:
            try:
                self._pattern = re.compile(regex)
                # Same pattern as a whole token inside a sentence, for `find`.
                self._finder = re.compile(rf"(?<![A-Za-z0-9])(?:{regex})(?![A-Za-z0-9])")
            except re.error as exc:
                raise ValueError(
                    f"invalid AlphaNumeric regexFilter pattern {regex!r}: {exc}"
                ) from exc
            # A pattern defines its own values; the generic samples may not fit it.
            self.samples = ()

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = text.strip().rstrip(".!?")
        stripped = _PREFIX_RE.sub("", text).strip()
        compact = _SEPARATORS_RE.sub("", stripped)
        if self._pattern is None:
            return single(compact) if _ALNUM_RE.fullmatch(compact) else None
        for candidate in (compact, stripped, text):
            if self._pattern.fullmatch(candidate):
                return single(candidate)
        return None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        finder = self._finder or _CODE_IN_TEXT_RE
        out: list[Match] = []
        for m in finder.finditer(text):
            if m.end() == m.start():
                continue
            res = self.resolve(m.group(), ctx)
            if res is not None:
                out.append(Match(m.start(), m.end(), m.group(), res))
        return out
