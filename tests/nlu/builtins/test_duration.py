"""AMAZON.Duration: ISO-8601 durations from Lex's documented examples and everyday forms."""

from __future__ import annotations

import pytest

from bot.nlu.builtins.duration import DurationType
from bot.nlu.types import ParseContext


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("ten minutes", "PT10M"),
        ("five hours", "PT5H"),
        ("three days", "P3D"),
        ("forty five seconds", "PT45S"),
        ("eight weeks", "P8W"),
        ("seven years", "P7Y"),
        ("five hours ten minutes", "PT5H10M"),
        ("two years three hours ten minutes", "P2YT3H10M"),
    ],
)
def test_duration_lex_documented_examples(text: str, iso: str, ctx: ParseContext) -> None:
    res = DurationType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == iso
    assert res.resolved_values == (iso,)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("90 minutes", "PT90M"),
        ("an hour", "PT1H"),
        ("a day", "P1D"),
        ("half an hour", "PT30M"),
        ("an hour and a half", "PT1H30M"),
        ("2.5 hours", "PT2H30M"),
        ("two and a half hours", "PT2H30M"),
        ("1h 30m", "PT1H30M"),
        ("a fortnight", "P2W"),
        ("six months", "P6M"),
        ("one year and two months", "P1Y2M"),
        ("for 15 mins", "PT15M"),
    ],
)
def test_duration_digits_articles_and_halves(text: str, iso: str, ctx: ParseContext) -> None:
    res = DurationType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == iso


@pytest.mark.parametrize("text", ["hello", "ten", "minutes", "ten minutes ago please", "a m"])
def test_duration_non_durations_do_not_resolve(text: str, ctx: ParseContext) -> None:
    assert DurationType().resolve(text, ctx) is None


def test_duration_find_joins_consecutive_parts(ctx: ParseContext) -> None:
    text = "set a timer for five hours ten minutes and another for 90 minutes"
    matches = DurationType().find(text, ctx)
    assert [(m.text, m.resolution.interpreted_value) for m in matches] == [
        ("five hours ten minutes", "PT5H10M"),
        ("90 minutes", "PT90M"),
    ]
    assert text[matches[0].start : matches[0].end] == "five hours ten minutes"
