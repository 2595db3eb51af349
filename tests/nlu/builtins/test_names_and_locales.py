"""Names, V1 spellings and locales of the newer built-ins, and a sample round trip for every type."""

from __future__ import annotations

import pytest

from bot.nlu.builtins import (
    BUILTIN_TYPE_NAMES,
    CATALOG_TYPE_NAMES,
    builtin_locales,
    canonical_name,
    get_builtin,
)
from bot.nlu.types import ParseContext

_NEW_NAMES = ("AMAZON.Currency", "AMAZON.StreetName", "AMAZON.UKPostalCode", *CATALOG_TYPE_NAMES)


@pytest.mark.parametrize("name", _NEW_NAMES)
def test_new_types_are_registered_under_their_v2_name_in_any_case(name: str) -> None:
    assert name in BUILTIN_TYPE_NAMES
    assert canonical_name(name) == name
    assert canonical_name(name.upper()) == name
    assert canonical_name(name.lower()) == name


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("AMAZON.CURRENCY", "AMAZON.Currency"),
        ("AMAZON.STREET_NAME", "AMAZON.StreetName"),
        ("AMAZON.STREETNAME", "AMAZON.StreetName"),
        ("AMAZON.UK_POSTAL_CODE", "AMAZON.UKPostalCode"),
        ("AMAZON.DAY_OF_WEEK", "AMAZON.DayOfWeek"),
        ("AMAZON.SPEED_UNIT", "AMAZON.SpeedUnit"),
        ("AMAZON.WEIGHT_UNIT", "AMAZON.WeightUnit"),
        ("AMAZON.WEATHER_CONDITION", "AMAZON.WeatherCondition"),
        ("AMAZON.TV_EPISODE", "AMAZON.TVEpisode"),
        ("AMAZON.TV_SERIES", "AMAZON.TVSeries"),
        ("AMAZON.LOCAL_BUSINESS_TYPE", "AMAZON.LocalBusinessType"),
        ("AMAZON.LANDMARKS_OR_HISTORICAL_BUILDINGS", "AMAZON.LandmarksOrHistoricalBuildings"),
        ("AMAZON.COLOR", "AMAZON.Color"),
        ("AMAZON.AIRPORT", "AMAZON.Airport"),
    ],
)
def test_v1_spellings_map_to_v2_names(spelling: str, canonical: str) -> None:
    assert canonical_name(spelling) == canonical


@pytest.mark.parametrize(
    ("name", "included", "excluded"),
    [
        ("AMAZON.UKPostalCode", {"en_GB"}, {"en_US"}),
        ("AMAZON.Currency", {"en_US", "en_GB", "en_IN", "es_US", "es_419"}, {"de_DE"}),
        ("AMAZON.Confirmation", {"en_US", "en_ZA"}, {"fr_FR"}),
        ("AMAZON.StreetName", {"en_US", "de_DE", "ja_JP"}, set()),
        ("AMAZON.AlphaNumeric", {"en_US", "ja_JP"}, {"ko_KR"}),
        ("AMAZON.DATE", {"en_US", "fr_CA", "zh_CN"}, set()),
        ("AMAZON.Color", {"en_US"}, {"en_GB"}),
        ("AMAZON.WEIGHT_UNIT", {"en_US"}, {"en_GB"}),
        ("AMAZON.Airport", {"en_US", "de_DE", "ko_KR"}, {"pt_BR"}),
    ],
)
def test_builtin_locales_follow_the_lex_docs(
    name: str, included: set[str], excluded: set[str]
) -> None:
    locales = builtin_locales(name)
    assert locales is not None
    assert included <= locales
    assert not excluded & locales


def test_builtin_locales_alexa_types_are_en_us_only() -> None:
    assert builtin_locales("AMAZON.Movie") == frozenset({"en_US"})
    assert builtin_locales("AMAZON.UKPostalCode") == frozenset({"en_GB"})


@pytest.mark.parametrize("name", ["PizzaSize", "AMAZON.Pizza", ""])
def test_builtin_locales_is_none_for_custom_types(name: str) -> None:
    assert builtin_locales(name) is None


def test_every_registered_type_has_locales() -> None:
    assert all(builtin_locales(name) for name in BUILTIN_TYPE_NAMES)


# Duration and Time values are ISO forms ("PT10M", "MO") that nobody says, so they cannot be read
# back; every other type's value is itself a way of saying that value.
_ROUND_TRIP = [
    (name, sample)
    for name in BUILTIN_TYPE_NAMES
    if name not in ("AMAZON.Duration", "AMAZON.Time")
    for sample in getattr(get_builtin(name), "samples", ())
]


@pytest.mark.parametrize(("name", "sample"), _ROUND_TRIP)
def test_every_sample_resolves_to_a_value_of_its_own_type(
    name: str, sample: str, ctx: ParseContext
) -> None:
    builtin = get_builtin(name)
    assert builtin is not None
    first = builtin.resolve(sample, ctx)
    assert first is not None and first.resolved_values
    for value in first.resolved_values:
        again = builtin.resolve(value, ctx)
        assert again is not None and value in again.resolved_values
