"""AMAZON.Country: a country name resolved to its English name from pycountry (ISO 3166).

Names, official names and common names match in any case ("france", "Viet Nam", "South Korea"),
plus everyday aliases ("USA", "America", "UK", "England", "Holland"). ISO alpha-2/alpha-3 codes
match only when typed in upper case ("DE", "FRA"), since many codes are also English words. The
value is the common name when pycountry has one ("Bolivia"), else its name ("United States").
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import LazyPhraseIndex, PhraseIndex, single, with_codes
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

ALIASES: dict[str, str] = {
    "usa": "US", "u s a": "US", "us": "US", "u s": "US", "america": "US",
    "united states of america": "US", "the states": "US", "uk": "GB", "u k": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "britain": "GB", "great britain": "GB", "russia": "RU", "holland": "NL",
    "the netherlands": "NL", "czech republic": "CZ", "ivory coast": "CI", "cape verde": "CV",
    "vatican": "VA", "vatican city": "VA", "macedonia": "MK", "palestine": "PS", "brunei": "BN",
    "micronesia": "FM", "burma": "MM", "swaziland": "SZ", "turkey": "TR", "uae": "AE",
    "emirates": "AE", "drc": "CD", "dr congo": "CD", "democratic republic of the congo": "CD",
    "congo brazzaville": "CG", "republic of the congo": "CG", "korea": "KR",
    "east timor": "TL", "the bahamas": "BS", "the gambia": "GM", "the philippines": "PH",
    "st lucia": "LC", "st kitts and nevis": "KN", "st vincent and the grenadines": "VC",
    "bosnia": "BA", "trinidad": "TT", "antigua": "AG", "the dominican republic": "DO",
    "south korea": "KR", "north korea": "KP", "iran": "IR", "syria": "SY", "laos": "LA",
    "vietnam": "VN", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD",
    "taiwan": "TW",
}  # fmt: skip
# Upper-case codes that are also everyday words or abbreviations; not picked out of sentences.
_AMBIGUOUS_CODES = frozenset({
    "AM", "AS", "AT", "BE", "BY", "DO", "ID", "IN", "IS", "IT", "ME", "MY", "NO", "SO", "TO",
    "PM", "TV", "AI", "CA", "CAN", "GO", "HI", "OK", "OR", "UM", "US", "AND", "ARE", "PER",
    "TUN", "SUR", "MAR", "FIN", "BEN", "COD", "COM", "ATA", "BIH", "MAC", "NIC", "POL", "TON",
})  # fmt: skip
_CODE_RE = re.compile(r"[A-Z]{2,3}")
# Lower-case words that are usually not the country inside a sentence ("a turkey sandwich").
_COMMON_WORDS = frozenset(
    {"us", "turkey", "chile", "china", "chad", "jordan", "georgia", "guinea", "niger"}
)


def _plausible_in_sentence(span: str) -> bool:
    return not (span.islower() and span in _COMMON_WORDS) and span.lower() != "us" or span == "US"


class CountryType(LazyPhraseIndex[str]):
    name = "AMAZON.Country"
    samples = (
        "United States", "France", "Germany", "Japan", "Brazil", "India", "Canada", "Mexico",
        "Italy", "Spain", "China", "Nigeria", "South Korea", "Australia", "Argentina",
        "Egypt", "Kenya", "Vietnam", "USA", "UK", "England", "the Netherlands", "Russia",
        "new zealand", "Ireland", "South Africa",
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._codes: dict[str, str] = {}  # ISO alpha-2 and alpha-3 -> value, filled by _build

    def _build(self) -> PhraseIndex[str]:
        import pycountry  # only on first use: loading its database takes ~50 ms

        index: PhraseIndex[str] = PhraseIndex()
        display: dict[str, str] = {}
        for c in pycountry.countries:
            value = getattr(c, "common_name", None) or c.name
            display[c.alpha_2] = value
            self._codes[c.alpha_2] = self._codes[c.alpha_3] = value
            names = [c.name, value, getattr(c, "official_name", None) or c.name]
            if ", " in c.name:  # "Micronesia, Federated States of" -> "Micronesia"
                names.append(c.name.split(", ")[0])
            for n in names:
                index.add(n, value)
                index.add("the " + n, value)
        for alias, code in ALIASES.items():
            index.add(alias, display[code], replace=True)
        return index

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        index = self.index  # before self._codes, which it fills
        text = text.strip().rstrip(".!?")
        if _CODE_RE.fullmatch(text) and (code := self._codes.get(text)) is not None:
            return single(code)
        value = index.get(text)
        if value is None or text == "us":  # "us" in lower case is the pronoun
            return None
        return single(value)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        found = [
            Match(s, e, text[s:e], single(v))
            for s, e, v in self.index.find(text, lambda s, e, _: _plausible_in_sentence(text[s:e]))
        ]
        return with_codes(text, found, _CODE_RE, self._codes, _AMBIGUOUS_CODES)
