"""AMAZON.Date: Lex V2's documented values for today = Wednesday 2020-11-25, caching, find."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.nlu.builtins import calendar_date, get_builtin
from bot.nlu.builtins.calendar_date import DateType, resolve_cached
from bot.nlu.types import ParseContext


def _value(text: str, ctx: ParseContext) -> str | None:
    res = DateType().resolve(text, ctx)
    return None if res is None else res.interpreted_value


@pytest.mark.parametrize("text", ["today", "now", "November twenty-fifth", "November 25th"])
def test_date_specific_day_is_today(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == "2020-11-25"


def test_date_tomorrow(ctx: ParseContext) -> None:
    assert _value("tomorrow", ctx) == "2020-11-26"


def test_date_next_week_is_sunday_of_current_week(ctx: ParseContext) -> None:
    assert _value("next week", ctx) == "2020-11-29"


def test_date_this_week_is_monday_of_current_week(ctx: ParseContext) -> None:
    assert _value("this week", ctx) == "2020-11-23"


def test_date_last_week_is_monday_of_last_week(ctx: ParseContext) -> None:
    assert _value("last week", ctx) == "2020-11-16"


def test_date_next_month_is_last_day_of_next_month(ctx: ParseContext) -> None:
    assert _value("next month", ctx) == "2020-12-31"


def test_date_this_month_is_first_day(ctx: ParseContext) -> None:
    assert _value("this month", ctx) == "2020-11-01"


def test_date_next_year_is_last_day_of_next_year(ctx: ParseContext) -> None:
    assert _value("next year", ctx) == "2021-12-31"


def test_date_last_year_is_first_day_of_last_year(ctx: ParseContext) -> None:
    assert _value("last year", ctx) == "2019-01-01"


def test_date_this_year_is_first_day(ctx: ParseContext) -> None:
    assert _value("this year", ctx) == "2020-01-01"


def test_date_without_year_is_future_biased(ctx: ParseContext) -> None:
    assert _value("March 12", ctx) == "2021-03-12"


def test_date_with_year_is_taken_as_said(ctx: ParseContext) -> None:
    assert _value("12 March 2017", ctx) == "2017-03-12"


@pytest.mark.parametrize("text", ["friday", "next friday", "this friday", "on Friday"])
def test_date_weekday_is_the_coming_one(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == "2020-11-27"


def test_date_next_weekday_named_today_is_a_week_away(ctx: ParseContext) -> None:
    assert _value("next wednesday", ctx) == "2020-12-02"


def test_date_last_weekday_is_in_the_past(ctx: ParseContext) -> None:
    assert _value("last friday", ctx) == "2020-11-20"


@pytest.mark.parametrize(
    ("text", "value"), [("the 12th", "2020-12-12"), ("the 25th", "2020-11-25")]
)
def test_date_bare_ordinal_is_next_such_day_of_a_month(
    text: str, value: str, ctx: ParseContext
) -> None:
    assert _value(text, ctx) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("in 3 days", "2020-11-28"),
        ("in three days", "2020-11-28"),
        ("in two weeks", "2020-12-09"),
        ("a week from today", "2020-12-02"),
        ("3 weeks ago", "2020-11-04"),
        ("the day after tomorrow", "2020-11-27"),
        ("the day before yesterday", "2020-11-23"),
        ("yesterday", "2020-11-24"),
    ],
)
def test_date_relative_offsets(text: str, value: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the first of july", "2021-07-01"),
        ("December 1st", "2020-12-01"),
        ("Jan 5", "2021-01-05"),
        ("Dec. 24", "2020-12-24"),
        ("Tuesday, May 4th", "2021-05-04"),
        ("March twelfth twenty twenty one", "2021-03-12"),
        ("2021-06-30", "2021-06-30"),
        ("6/30/2021", "2021-06-30"),
        ("30/6/2021", "2021-06-30"),
        ("August 2021", "2021-08-01"),
    ],
)
def test_date_calendar_forms(text: str, value: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == value


@pytest.mark.parametrize("text", ["hello", "February 30", "the 32nd", "pizza", ""])
def test_date_non_dates_do_not_resolve(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) is None


def test_date_today_follows_the_users_time_zone() -> None:
    # 02:00 UTC on the 26th is still the evening of the 25th in Los Angeles.
    la = ParseContext(now=datetime(2020, 11, 26, 2, 0, tzinfo=UTC), time_zone="America/Los_Angeles")
    assert _value("today", la) == "2020-11-25"
    assert _value("tomorrow", la) == "2020-11-26"


def test_date_today_can_be_ahead_of_utc() -> None:
    tokyo = ParseContext(now=datetime(2020, 11, 25, 15, 0, tzinfo=UTC), time_zone="Asia/Tokyo")
    assert _value("today", tokyo) == "2020-11-26"


def test_date_unknown_time_zone_falls_back_to_utc() -> None:
    bad = ParseContext(now=datetime(2020, 11, 25, 15, 0, tzinfo=UTC), time_zone="Mars/Olympus")
    assert _value("today", bad) == "2020-11-25"


def test_date_second_parse_of_a_span_is_a_cache_hit(ctx: ParseContext) -> None:
    resolve_cached.cache_clear()
    DateType().resolve("next tuesday", ctx)
    before = resolve_cached.cache_info()
    DateType().resolve("Next Tuesday", ctx)  # same span once normalised
    after = resolve_cached.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


def test_date_cache_key_includes_the_reference_day(ctx: ParseContext) -> None:
    later = ParseContext(now=datetime(2020, 11, 27, 15, 0, tzinfo=UTC), time_zone="UTC")
    assert _value("tomorrow", ctx) == "2020-11-26"
    assert _value("tomorrow", later) == "2020-11-28"


def test_date_dateparser_fallback_runs_once_per_span_and_day(
    ctx: ParseContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = calendar_date._dateparser

    def counting(span: str, today: date, time_zone: str, day_first: bool = False) -> date | None:
        calls.append(span)
        return real(span, today, time_zone, day_first)

    monkeypatch.setattr(calendar_date, "_dateparser", counting)
    resolve_cached.cache_clear()
    assert _value("1 December 2020 at 5pm", ctx) == "2020-12-01"
    assert _value("1 December 2020 at 5pm", ctx) == "2020-12-01"
    assert len(calls) == 1


def test_date_text_without_date_words_never_reaches_dateparser(
    ctx: ParseContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(span: str, today: date, time_zone: str) -> date | None:
        raise AssertionError(f"dateparser called for {span!r}")

    monkeypatch.setattr(calendar_date, "_dateparser", fail)
    resolve_cached.cache_clear()
    date_type = DateType()
    assert date_type.find("I would like to order a large pizza please", ctx) == []
    assert date_type.resolve("a large pizza", ctx) is None


def test_date_find_locates_a_date_inside_an_utterance(ctx: ParseContext) -> None:
    text = "register me for the 12 March 2017 meetup"
    (match,) = DateType().find(text, ctx)
    assert match.text == "12 March 2017"
    assert (match.start, match.end) == (20, 33)
    assert match.resolution.interpreted_value == "2017-03-12"


def test_date_find_prefers_the_longest_span(ctx: ParseContext) -> None:
    (match,) = DateType().find("book it for Friday, March 12th 2021 please", ctx)
    assert match.text == "Friday, March 12th 2021"


def test_date_find_returns_several_dates_left_to_right(ctx: ParseContext) -> None:
    matches = DateType().find("leave tomorrow and return next friday", ctx)
    assert [m.text for m in matches] == ["tomorrow", "next friday"]
    assert [m.resolution.interpreted_value for m in matches] == ["2020-11-26", "2020-11-27"]


def test_date_find_skips_an_impossible_date_but_keeps_the_next(ctx: ParseContext) -> None:
    matches = DateType().find("February 30 or March 1st", ctx)
    assert [m.text for m in matches] == ["March 1st"]


def test_date_find_ignores_may_as_a_verb(ctx: ParseContext) -> None:
    assert DateType().find("I may want to come", ctx) == []


def test_date_is_the_registered_date_type(ctx: ParseContext) -> None:
    registered = get_builtin("AMAZON.DATE")
    assert registered is not None and registered.name == DateType.name
    assert registered.resolve("tomorrow", ctx) == DateType().resolve("tomorrow", ctx)
