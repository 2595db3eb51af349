"""AMAZON.Time: 24-hour HH:MM, ambiguous clock readings, and parts of the day."""

from __future__ import annotations

import pytest

from bot.nlu.builtins.base import Resolution
from bot.nlu.builtins.time_of_day import TimeType
from bot.nlu.types import ParseContext


def _resolve(text: str, ctx: ParseContext) -> Resolution | None:
    return TimeType().resolve(text, ctx)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10 AM", "10:00"),
        ("10am", "10:00"),
        ("3:30 pm", "15:30"),
        ("7 p.m.", "19:00"),
        ("noon", "12:00"),
        ("midnight", "00:00"),
        ("12 am", "00:00"),
        ("12 pm", "12:00"),
        ("15:30", "15:30"),
        ("09:30", "09:30"),
        ("eight in the morning", "08:00"),
        ("eleven at night", "23:00"),
        ("ten thirty pm", "22:30"),
        ("quarter to four in the afternoon", "15:45"),
        ("quarter past noon", "12:15"),
        ("quarter to midnight", "23:45"),
    ],
)
def test_time_exact_reading_is_interpreted(text: str, value: str, ctx: ParseContext) -> None:
    assert _resolve(text, ctx) == Resolution(value, (value,))


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("10 o'clock", ("10:00", "22:00")),
        ("at 10", ("10:00", "22:00")),
        ("half past three", ("03:30", "15:30")),
        ("ten thirty", ("10:30", "22:30")),
        ("12 o'clock", ("12:00", "00:00")),
    ],
)
def test_time_without_am_pm_is_ambiguous(
    text: str, candidates: tuple[str, str], ctx: ParseContext
) -> None:
    assert _resolve(text, ctx) == Resolution(None, candidates)


@pytest.mark.parametrize(
    ("text", "code"),
    [("morning", "MO"), ("afternoon", "AF"), ("evening", "EV"), ("night", "NI"), ("tonight", "NI")],
)
def test_time_part_of_day_resolves_to_lex_code(text: str, code: str, ctx: ParseContext) -> None:
    assert _resolve(text, ctx) == Resolution(code, (code,))


@pytest.mark.parametrize("text", ["hello", "25:00", "10:75", "13 am", ""])
def test_time_non_times_do_not_resolve(text: str, ctx: ParseContext) -> None:
    assert _resolve(text, ctx) is None


def test_time_find_picks_times_out_of_a_sentence(ctx: ParseContext) -> None:
    text = "see you at 10 or at 3:30 pm"
    matches = TimeType().find(text, ctx)
    assert [(m.start, m.end, m.text) for m in matches] == [(11, 13, "10"), (20, 27, "3:30 pm")]
    assert matches[0].resolution.interpreted_value is None
    assert matches[1].resolution.interpreted_value == "15:30"


def test_time_find_ignores_bare_numbers_and_greetings(ctx: ParseContext) -> None:
    assert TimeType().find("good morning, I need 10 towels", ctx) == []
