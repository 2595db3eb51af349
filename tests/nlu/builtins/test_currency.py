"""AMAZON.Currency: amounts with a currency as Lex's "{ISO 4217 code} {amount}"."""

from __future__ import annotations

import time

import pytest

from bot.nlu.builtins.currency import CurrencyType
from bot.nlu.types import ParseContext


def _value(text: str, ctx: ParseContext) -> str | None:
    res = CurrencyType().resolve(text, ctx)
    return None if res is None else res.interpreted_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3USD", "USD 3.00"),
        ("USD300", "USD 300.00"),
        ("3 dimes", "USD 0.30"),
        ("$1.56", "USD 1.56"),
        ("5c", "USD 0.05"),
        ("1 dollar", "USD 1.00"),
        ("five fifteen", "USD 515.00"),
        ("five dollars fifteen cents", "USD 5.15"),
        ("5 usd and 1/2", "USD 5.50"),
    ],
)
def test_currency_lex_documented_examples(text: str, value: str, ctx: ParseContext) -> None:
    res = CurrencyType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == value
    assert res.resolved_values == (value,)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$10", "USD 10.00"),
        ("10 dollars", "USD 10.00"),
        ("a hundred bucks", "USD 100.00"),
        ("twenty euros", "EUR 20.00"),
        ("€3", "EUR 3.00"),
        ("10€", "EUR 10.00"),
        ("5.50 GBP", "GBP 5.50"),
        ("£7.50", "GBP 7.50"),
        ("¥500", "JPY 500.00"),
        ("₹250", "INR 250.00"),
        ("two hundred pesos", "MXN 200.00"),
        ("15 Swiss francs", "CHF 15.00"),
        ("5 Australian dollars", "AUD 5.00"),
        ("1,200 dollars", "USD 1200.00"),
        ("$5 million", "USD 5000000.00"),
        ("EUR 12.50", "EUR 12.50"),
    ],
)
def test_currency_symbols_names_and_codes(text: str, value: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ten pounds fifty", "GBP 10.50"),
        ("a dollar fifty", "USD 1.50"),
        ("a dollar and a half", "USD 1.50"),
        ("10 dollars and 50 cents", "USD 10.50"),
        ("three euros and fifty cents", "EUR 3.50"),
        ("10 pounds 50p", "GBP 10.50"),
        ("fifty pence", "GBP 0.50"),
        ("99p", "GBP 0.99"),
    ],
)
def test_currency_minor_units_add_hundredths(text: str, value: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == value


def test_currency_keeps_decimals_beyond_two_when_said(ctx: ParseContext) -> None:
    assert _value("$0.125", ctx) == "USD 0.125"


def test_currency_strips_fillers(ctx: ParseContext) -> None:
    assert _value("it's $20.", ctx) == "USD 20.00"
    assert _value("about 30 euros", ctx) == "EUR 30.00"


@pytest.mark.parametrize("text", ["hello", "", "ten pounds of flour", "minus 5 dollars", "5C"])
def test_currency_non_amounts_do_not_resolve(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) is None


def test_currency_find_amounts_in_a_sentence(ctx: ParseContext) -> None:
    text = "I paid $10 and twenty euros, then 5.50 GBP and ten pounds fifty"
    found = [(m.text, m.resolution.interpreted_value) for m in CurrencyType().find(text, ctx)]
    assert found == [
        ("$10", "USD 10.00"),
        ("twenty euros", "EUR 20.00"),
        ("5.50 GBP", "GBP 5.50"),
        ("ten pounds fifty", "GBP 10.50"),
    ]


def test_currency_find_skips_weights_bare_numbers_and_lower_case_codes(
    ctx: ParseContext,
) -> None:
    text = "buy 10 pounds of flour and 3 eggs for usd 5 or 3 dollars"
    assert [m.text for m in CurrencyType().find(text, ctx)] == ["3 dollars"]


def test_currency_find_offsets_point_into_the_text(ctx: ParseContext) -> None:
    text = "me and twenty dollars, it was 5C outside and cost 5c"
    matches = CurrencyType().find(text, ctx)
    assert [(m.start, m.end, m.text) for m in matches] == [
        (7, 21, "twenty dollars"),
        (50, 52, "5c"),
    ]
    assert all(text[m.start : m.end] == m.text for m in matches)


def test_currency_resolve_is_fast(ctx: ParseContext) -> None:
    currency = CurrencyType()
    started = time.perf_counter()
    for _ in range(200):
        currency.resolve("twenty five dollars and fifty cents", ctx)
        currency.find("I'd like to send a hundred and fifty pounds to my brother", ctx)
    assert time.perf_counter() - started < 1.0
