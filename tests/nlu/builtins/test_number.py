"""AMAZON.Number: digits and spelled numbers as Lex's plain decimal strings."""

from __future__ import annotations

import time

import pytest

from bot.nlu.builtins.number import NumberType
from bot.nlu.types import ParseContext


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one hundred twenty three point four five", "123.45"),
        ("one hundred twenty three dot four five", "123.45"),
        ("point four two", "0.42"),
        ("point forty two", "0.42"),
        ("232.998", "232.998"),
        ("50", "50"),
        ("-15", "-15"),
        ("minus 15", "-15"),
    ],
)
def test_number_lex_documented_examples(text: str, value: str, ctx: ParseContext) -> None:
    res = NumberType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == value
    assert res.resolved_values == (value,)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twelve", "12"),
        ("a dozen", "12"),
        ("a hundred", "100"),
        ("twenty-five", "25"),
        ("two thousand and twenty", "2020"),
        ("nineteen eighty four", "1984"),
        ("1,000", "1000"),
        ("three million", "3000000"),
        ("2.5 million", "2500000"),
        ("zero", "0"),
        ("one and a half", "1.5"),
        ("minus five", "-5"),
    ],
)
def test_number_words_to_digits(text: str, value: str, ctx: ParseContext) -> None:
    res = NumberType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == value


@pytest.mark.parametrize(("text", "value"), [("50.0", "50"), ("1.50", "1.5"), ("007", "7")])
def test_number_integers_have_no_trailing_zeros(text: str, value: str, ctx: ParseContext) -> None:
    res = NumberType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == value


@pytest.mark.parametrize("text", ["hello", "a", "and", "point", "one two buckle", "", "1.2.3"])
def test_number_non_numbers_do_not_resolve(text: str, ctx: ParseContext) -> None:
    assert NumberType().resolve(text, ctx) is None


def test_number_find_digits_and_words(ctx: ParseContext) -> None:
    text = "I want 3 pizzas and twenty five wings, minus 15 and point four two"
    found = [(m.text, m.resolution.interpreted_value) for m in NumberType().find(text, ctx)]
    assert found == [
        ("3", "3"),
        ("twenty five", "25"),
        ("minus 15", "-15"),
        ("point four two", "0.42"),
    ]


def test_number_find_does_not_read_a_range_dash_as_minus(ctx: ParseContext) -> None:
    assert [m.text for m in NumberType().find("pages 10 - 15", ctx)] == ["10", "15"]


def test_number_resolve_is_fast(ctx: ParseContext) -> None:
    number = NumberType()
    number.resolve("one hundred twenty three", ctx)
    start = time.perf_counter()
    for _ in range(1000):
        number.resolve("one hundred twenty three", ctx)
    assert (time.perf_counter() - start) / 1000 < 200e-6  # generous bound for slow CI machines
