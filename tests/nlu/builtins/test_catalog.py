"""The Alexa list types (AMAZON.Actor, AMAZON.Color, ...) served by one catalogue class."""

from __future__ import annotations

import pytest

from bot.nlu.builtins import CATALOG_TYPE_NAMES, get_builtin
from bot.nlu.builtins._catalog_data import CATALOG, CLOSED
from bot.nlu.builtins.catalog import CatalogType
from bot.nlu.types import ParseContext


def _value(type_name: str, text: str, ctx: ParseContext) -> str | None:
    res = CatalogType(type_name).resolve(text, ctx)
    return None if res is None else res.interpreted_value


def _found(type_name: str, text: str, ctx: ParseContext) -> list[tuple[str, str | None]]:
    return [
        (m.text, m.resolution.interpreted_value) for m in CatalogType(type_name).find(text, ctx)
    ]


def test_catalog_data_covers_exactly_the_registered_names() -> None:
    assert set(CATALOG) == set(CATALOG_TYPE_NAMES)
    assert CLOSED <= set(CATALOG)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Some Indie Film", "Some Indie Film"),
        ("some indie film", "some indie film"),
        ("I'd like  Blade   Runner please", "Blade Runner"),
        ("it's the one with the shark", "one with the shark"),
        ("The Godfather", "The Godfather"),
        ("I want the Godfather", "the Godfather"),  # a known value keeps its article
        ("Jaws!", "Jaws"),
    ],
)
def test_open_type_takes_any_short_answer_as_said(text: str, value: str, ctx: ParseContext) -> None:
    assert _value("AMAZON.Movie", text, ctx) == value


@pytest.mark.parametrize(
    "text",
    ["no", "Help", "I don't know", "never mind", "", "it's", "?!",
     "one two three four five six seven eight nine"],
)  # fmt: skip
def test_open_type_rejects_non_answers_and_long_replies(text: str, ctx: ParseContext) -> None:
    assert _value("AMAZON.Movie", text, ctx) is None


@pytest.mark.parametrize(
    ("type_name", "text", "value"),
    [
        ("AMAZON.Color", "Grey", "gray"),
        ("AMAZON.Color", "it's navy blue", "navy"),
        ("AMAZON.Color", "I want light blue please", "light blue"),
        ("AMAZON.DayOfWeek", "weds", "Wednesday"),
        ("AMAZON.DayOfWeek", "friday", "Friday"),
        ("AMAZON.Month", "Sept", "September"),
        ("AMAZON.Language", "Español", "Spanish"),
        ("AMAZON.WeatherCondition", "raining", "rain"),
        ("AMAZON.Sport", "ping pong", "table tennis"),
        ("AMAZON.SpeedUnit", "km/h", "kmph"),
        ("AMAZON.SpeedUnit", "miles per hour", "mph"),
        ("AMAZON.WeightUnit", "Pounds", "lbs"),
        ("AMAZON.WeightUnit", "kilos", "kg"),
    ],
)
def test_closed_type_resolves_synonyms_to_the_canonical_value(
    type_name: str, text: str, value: str, ctx: ParseContext
) -> None:
    assert _value(type_name, text, ctx) == value


@pytest.mark.parametrize(
    ("type_name", "text"),
    [("AMAZON.Color", "sparkly"), ("AMAZON.DayOfWeek", "next weds"), ("AMAZON.Month", "no"),
     ("AMAZON.SpeedUnit", "fast")],
)  # fmt: skip
def test_closed_type_rejects_unknown_values(type_name: str, text: str, ctx: ParseContext) -> None:
    assert _value(type_name, text, ctx) is None


def test_find_matches_only_known_values(ctx: ParseContext) -> None:
    text = "play something by the Beatles or Some Unknown Band, then Queen"
    assert _found("AMAZON.MusicGroup", text, ctx) == [
        ("the Beatles", "the Beatles"),
        ("Queen", "Queen"),
    ]


def test_closed_type_find_gives_canonical_values_and_skips_ambiguous_words(
    ctx: ParseContext,
) -> None:
    text = "may I come on weds or Friday? the sun is out on sat"
    assert _found("AMAZON.DayOfWeek", text, ctx) == [("Friday", "Friday")]


def test_closed_type_find_ignores_letters_split_off_by_apostrophes(ctx: ParseContext) -> None:
    text = "don't send 5 kg, send 3 lbs"
    assert _found("AMAZON.WeightUnit", text, ctx) == [("kg", "kg"), ("lbs", "lbs")]


def test_a_whole_answer_is_found_even_when_ambiguous_in_a_sentence(ctx: ParseContext) -> None:
    assert _found("AMAZON.Month", "march", ctx) == [("march", "March")]


def test_small_closed_types_top_up_samples_with_synonyms() -> None:
    samples = CatalogType("AMAZON.DayOfWeek").samples
    assert samples[:7] == (
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    )  # fmt: skip
    assert "mon" in samples and len(samples) >= 10


def test_every_catalogue_name_gets_its_own_instance() -> None:
    actor, color = get_builtin("AMAZON.Actor"), get_builtin("AMAZON.COLOR")
    assert actor is not None and color is not None
    assert (actor.name, color.name) == ("AMAZON.Actor", "AMAZON.Color")
    assert get_builtin("AMAZON.Actor") is actor
