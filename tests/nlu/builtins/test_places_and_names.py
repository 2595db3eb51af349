"""AMAZON.Country, AMAZON.State, AMAZON.City, AMAZON.FirstName and AMAZON.LastName."""

from __future__ import annotations

import pytest

from bot.nlu.builtins import get_builtin
from bot.nlu.builtins.base import BuiltinType
from bot.nlu.types import ParseContext


def _value(type_name: str, text: str, ctx: ParseContext) -> str | None:
    builtin: BuiltinType | None = get_builtin(type_name)
    assert builtin is not None
    res = builtin.resolve(text, ctx)
    return None if res is None else res.interpreted_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("France", "France"),
        ("france", "France"),
        ("USA", "United States"),
        ("US", "United States"),
        ("America", "United States"),
        ("UK", "United Kingdom"),
        ("England", "United Kingdom"),
        ("the Netherlands", "Netherlands"),
        ("Viet Nam", "Vietnam"),
        ("Cote d'Ivoire", "Côte d'Ivoire"),
        ("DE", "Germany"),
        ("FRA", "France"),
    ],
)
def test_country_names_aliases_and_codes(text: str, value: str, ctx: ParseContext) -> None:
    assert _value("AMAZON.Country", text, ctx) == value


@pytest.mark.parametrize("text", ["de", "us", "Atlantis", "fra"])
def test_country_lower_case_codes_do_not_resolve(text: str, ctx: ParseContext) -> None:
    assert _value("AMAZON.Country", text, ctx) is None


def test_country_find_in_sentence(ctx: ParseContext) -> None:
    builtin = get_builtin("AMAZON.Country")
    assert builtin is not None
    text = "flying from the USA to France via UK, IT support says hi to us"
    assert [(m.text, m.resolution.interpreted_value) for m in builtin.find(text, ctx)] == [
        ("USA", "United States"),
        ("France", "France"),
        ("UK", "United Kingdom"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("California", "California"),
        ("new york", "New York"),
        ("CA", "California"),
        ("ny", "New York"),
        ("N.Y.", "New York"),
        ("Washington DC", "District of Columbia"),
    ],
)
def test_state_names_and_postal_codes(text: str, value: str, ctx: ParseContext) -> None:
    assert _value("AMAZON.State", text, ctx) == value


def test_state_find_takes_upper_case_codes_only(ctx: ParseContext) -> None:
    builtin = get_builtin("AMAZON.State")
    assert builtin is not None
    text = "I moved from Texas to NY, OK? I'm in ca now"
    assert [m.text for m in builtin.find(text, ctx)] == ["Texas", "NY"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Seattle", "Seattle"),
        ("paris", "Paris"),
        ("New York", "New York City"),
        ("NYC", "New York City"),
        ("São Paulo", "São Paulo"),
        ("Sao Paulo", "São Paulo"),
        ("kiev", "Kyiv"),
    ],
)
def test_city_names_and_alternate_names(text: str, value: str, ctx: ParseContext) -> None:
    assert _value("AMAZON.City", text, ctx) == value


def test_city_unknown_name_does_not_resolve(ctx: ParseContext) -> None:
    assert _value("AMAZON.City", "Qwertyville", ctx) is None


def test_city_find_skips_common_words_in_lower_case(ctx: ParseContext) -> None:
    builtin = get_builtin("AMAZON.City")
    assert builtin is not None
    text = "that was nice, fly me from seattle to New York"
    assert [(m.text, m.resolution.interpreted_value) for m in builtin.find(text, ctx)] == [
        ("seattle", "Seattle"),
        ("New York", "New York City"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Maria", "Maria"),
        ("maria", "Maria"),
        ("my name is john", "John"),
        ("I'm Jean-Luc", "Jean-Luc"),
        ("call me o'brien", "O'Brien"),
        ("This is Mary Ann.", "Mary Ann"),
        ("it's McKenzie", "McKenzie"),
    ],
)
def test_first_name_strips_lead_ins_and_title_cases_lower_case(
    text: str, value: str, ctx: ParseContext
) -> None:
    assert _value("AMAZON.FirstName", text, ctx) == value


@pytest.mark.parametrize(
    ("text", "value"), [("smith", "Smith"), ("my last name is van der Berg", "van der Berg")]
)
def test_last_name_resolves(text: str, value: str, ctx: ParseContext) -> None:
    assert _value("AMAZON.LastName", text, ctx) == value


@pytest.mark.parametrize("text", ["R2D2", "no", "john paul george ringo", "", "help"])
def test_first_name_rejects_non_names(text: str, ctx: ParseContext) -> None:
    assert _value("AMAZON.FirstName", text, ctx) is None
