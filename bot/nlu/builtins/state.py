"""AMAZON.State: a US state (or DC / territory) resolved to its name, e.g. "CA" -> "California".

Names come from pycountry's ISO 3166-2 subdivisions of the US, loaded on first use. Two-letter
postal codes resolve in any case when they are the whole answer ("ny"), but inside a sentence
only in upper case ("I live in NY"), since "in", "me", "or", "hi" and "ok" are also codes.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import LazyPhraseIndex, PhraseIndex, single, with_codes
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_ALIASES = {
    "washington dc": "District of Columbia", "washington d c": "District of Columbia",
    "dc": "District of Columbia", "d c": "District of Columbia",
    "us virgin islands": "Virgin Islands, U.S.", "virgin islands": "Virgin Islands, U.S.",
    "cali": "California", "mass": "Massachusetts", "jersey": "New Jersey",
    "the district of columbia": "District of Columbia",
}  # fmt: skip
# Stricter than with_codes' own whole-word check: no "_" either side and no "." before ("e.g.NY").
_CODE_RE = re.compile(r"(?<![\w.])[A-Z]{2}(?![\w])")
# Common lower-case words that are also state names' short forms.
_NOT_IN_SENTENCES = frozenset({"mass", "jersey", "cali"})
# Upper-case codes that are usually words or other abbreviations inside a sentence.
_AMBIGUOUS_CODES = frozenset({"OK", "IN", "ME", "OR", "HI", "OH", "ID", "AS", "PR", "UM", "MP"})


class StateType(LazyPhraseIndex[str]):
    name = "AMAZON.State"
    samples = (
        "California", "Texas", "New York", "Florida", "Illinois", "Washington", "Ohio",
        "Georgia", "North Carolina", "Massachusetts", "CA", "NY", "TX", "new jersey",
        "Colorado", "Oregon", "Arizona", "Puerto Rico", "District of Columbia", "DC", "Hawaii",
        "south dakota",
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._codes: dict[str, str] = {}  # postal code -> name, filled by _build

    def _build(self) -> PhraseIndex[str]:
        import pycountry  # only on first use

        index: PhraseIndex[str] = PhraseIndex()
        for sub in pycountry.subdivisions.get(country_code="US") or ():
            index.add(sub.name, sub.name)
            self._codes[sub.code.split("-")[1]] = sub.name
        for alias, name in _ALIASES.items():
            index.add(alias, name)
        index.add("Virgin Islands", "Virgin Islands, U.S.")
        return index

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        index = self.index  # before self._codes, which it fills
        text = text.strip().rstrip("!?")
        code = text.replace(".", "").replace(" ", "").upper()  # "ny", "N.Y."
        if len(code) == 2 and len(text) <= 5 and (name := self._codes.get(code)) is not None:
            return single(name)
        value = index.get(text)
        return single(value) if value is not None else None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        found = self.index.find(text, lambda s, e, _: text[s:e].lower() not in _NOT_IN_SENTENCES)
        out = [Match(s, e, text[s:e], single(v)) for s, e, v in found]
        return with_codes(text, out, _CODE_RE, self._codes, _AMBIGUOUS_CODES)
