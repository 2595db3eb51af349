"""AMAZON.AlphaNumeric (with and without a regexFilter), AMAZON.Percentage, FreeFormInput."""

from __future__ import annotations

import pytest

from bot.nlu.builtins import AlphaNumericType
from bot.nlu.builtins.free_form import FreeFormInputType
from bot.nlu.builtins.percentage import PercentageType
from bot.nlu.types import ParseContext


@pytest.mark.parametrize(
    ("text", "value"),
    [("ABC123", "ABC123"), ("abc 123", "abc123"), ("a1b-2c3", "a1b2c3"), ("QWERTY", "QWERTY")],
)
def test_alphanumeric_strips_spaces_and_dashes_and_keeps_case(
    text: str, value: str, ctx: ParseContext
) -> None:
    res = AlphaNumericType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == value


@pytest.mark.parametrize("text", ["ab#1", "", "hello world!?$"])
def test_alphanumeric_rejects_other_characters(text: str, ctx: ParseContext) -> None:
    assert AlphaNumericType().resolve(text, ctx) is None


def test_alphanumeric_regex_filter_validates_the_whole_value(ctx: ParseContext) -> None:
    code = AlphaNumericType(regex="[A-Z]{2}[0-9]{4}")
    assert code.resolve("AB1234", ctx) is not None
    assert code.resolve("AB 1234", ctx) is not None
    assert code.resolve("ab1234", ctx) is None
    assert code.resolve("AB12345", ctx) is None


def test_alphanumeric_bad_regex_raises_value_error() -> None:
    with pytest.raises(ValueError, match="regexFilter"):
        AlphaNumericType(regex="[A-Z")


def test_alphanumeric_regex_find_matches_whole_tokens(ctx: ParseContext) -> None:
    code = AlphaNumericType(regex="[A-Z]{2}[0-9]{4}")
    matches = code.find("my code is AB1234 not XAB12345", ctx)
    assert [(m.start, m.end, m.text) for m in matches] == [(11, 17, "AB1234")]


def test_alphanumeric_find_without_regex_takes_mixed_codes_only(ctx: ParseContext) -> None:
    matches = AlphaNumericType().find("my booking ref is AB12CD and code X9", ctx)
    assert [m.text for m in matches] == ["AB12CD", "X9"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("50%", "50%"), ("50 percent", "50%"), ("fifty percent", "50%"), ("12.5 per cent", "12.5%"),
     ("minus five percent", "-5%"), ("50", "50%")],
)  # fmt: skip
def test_percentage_is_number_with_percent_sign(text: str, value: str, ctx: ParseContext) -> None:
    res = PercentageType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == value


def test_percentage_find_needs_a_percent_marker(ctx: ParseContext) -> None:
    matches = PercentageType().find("about 50% of 200 people or and fifty percent", ctx)
    assert [(m.text, m.resolution.interpreted_value) for m in matches] == [
        ("50%", "50%"),
        ("fifty percent", "50%"),
    ]


def test_free_form_input_is_the_stripped_text(ctx: ParseContext) -> None:
    res = FreeFormInputType().resolve("  the box was damaged  ", ctx)
    assert res is not None and res.interpreted_value == "the box was damaged"


def test_free_form_input_empty_is_none(ctx: ParseContext) -> None:
    assert FreeFormInputType().resolve("   ", ctx) is None
