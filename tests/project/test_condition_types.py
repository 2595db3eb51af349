"""The condition language of Lex V2 conditional branches (reference lex-flows §4.2): typed
comparisons, multiple values and functions, and every parse error."""

from __future__ import annotations

import pytest

from bot.project.conditions import (
    MAX_DEPTH,
    MAX_LENGTH,
    ConditionError,
    SlotReading,
    parse_condition,
)
from tests.project.condition_helpers import env, holds, reading

# --- types --------------------------------------------------------------------------------------


def test_strings_compare_case_insensitively_and_ignore_surrounding_spaces() -> None:
    assert holds('[x] = " Yes "', session={"x": "yES  "}) is True
    assert holds('[x] < "b"', session={"x": "Apple"}) is True
    assert holds('[x] > "b"', session={"x": "Apple"}) is False


def test_bare_number_compares_numerically_even_for_a_string_value() -> None:
    assert holds("[count] > 30", session={"count": "9"}) is False
    assert holds("[count] = 9", session={"count": "09.0"}) is True


def test_number_slot_compares_numerically_with_a_quoted_literal() -> None:
    assert holds('{age} = "10"', slots={"age": reading("10.00", kind="number")}) is True


def test_string_slot_compares_quoted_digits_as_text() -> None:
    assert holds('{code} = "10"', slots={"code": reading("10.0")}) is False


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [("{t} > -3", "-2", True), ("{t} < -3", "-2", False), ("{p} >= 0.8", "0.85", True)],
)
def test_negative_and_decimal_numbers_compare_numerically(
    expression: str, value: str, expected: bool
) -> None:
    slots = {"t": reading(value, kind="number"), "p": reading(value, kind="number")}
    assert holds(expression, slots=slots) is expected


@pytest.mark.parametrize(
    ("expression", "slot"),
    [
        ("{age} > 30", reading("thirty", kind="number")),
        ("{age} != 30", reading("thirty", kind="number")),
        ('{age} = "ten"', reading("10", kind="number")),
        ('{d} < "1990-10-01"', reading("next week", kind="date")),
        ('{d} != "not a date"', reading("1990-10-01", kind="date")),
        ('{t} > "20:00"', reading("EV", kind="time")),
        ('{t} != "25:00"', reading("20:00", kind="time")),
        ("{t} < P2H", reading("two hours", kind="duration")),
        ("{t} = 3", reading("1, 3", kind="number")),
    ],
)
def test_failed_conversion_makes_the_comparison_false(expression: str, slot: SlotReading) -> None:
    slots = {name: slot for name in ("age", "d", "t")}
    assert holds(expression, slots=slots) is False


def test_date_slot_compares_chronologically() -> None:
    slots = {"d": reading("1990-09-30", kind="date")}
    assert holds('{d} < "1990-10-01" AND {d} >= "1990-09-30"', slots=slots) is True


def test_time_slot_compares_chronologically_not_as_text() -> None:
    assert holds('{t} > "20:00"', slots={"t": reading("9:00", kind="time")}) is False
    assert holds('{t} <= "20:00:00"', slots={"t": reading("20:00", kind="time")}) is True


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [
        ("{d} < P2H", "PT1H59M", True),
        ("{d} < PT2H", "PT2H", False),
        ('{d} = "PT2H"', "PT120M", True),
        ("{d} > P1D", "PT25H", True),
        ("{d} < P1W", "P6DT23H", True),
        ("{d} < P2M", "PT3M", True),  # without T, M is months
        ("{d} <= PT0.5S", "PT0.5S", True),
    ],
)
def test_duration_slot_compares_by_length(expression: str, value: str, expected: bool) -> None:
    assert holds(expression, slots={"d": reading(value, kind="duration")}) is expected


def test_bare_duration_literal_compares_durations_for_a_string_value() -> None:
    assert holds("[d] < P2H", session={"d": "PT1H"}) is True


# --- multiple values, functions ----------------------------------------------------------------


def test_multi_valued_slot_compares_as_comma_separated_list() -> None:
    slots = {"t": reading("cheese", "onion")}
    assert holds('{t} = "Cheese, Onion"', slots=slots) is True
    assert holds('{t} = "cheese"', slots=slots) is False


def test_contains_matches_one_value_of_a_comma_separated_attribute() -> None:
    assert holds('[tags] CONTAINS " B "', session={"tags": "a, b,c"}) is True
    assert holds('[tags] CONTAINS "b"', session={"tags": "abc"}) is False


def test_contains_compares_numbers_numerically() -> None:
    assert holds("{n} CONTAINS 3", slots={"n": reading("1", "3.0", kind="number")}) is True


def test_count_counts_values_and_a_set_attribute_as_one() -> None:
    assert holds("fn.COUNT({t}) = 3", slots={"t": reading("a", "b", "c")}) is True
    assert holds("fn.COUNT([x]) = 1", session={"x": "a, b"}) is True


def test_length_is_the_length_of_the_value() -> None:
    assert holds("fn.LENGTH({code}) = 6", slots={"code": reading("ABC123")}) is True
    assert holds("fn.LENGTH([x]) > 3", session={"x": "abc"}) is False


def test_attribute_names_may_contain_dashes_colons_and_dots() -> None:
    name = "x-amz-lex:a.b"
    condition = parse_condition(f'[{name}] = "1" AND (({name})) = "2"')
    assert condition.references() == {("session", name), ("request", name)}
    assert condition.evaluate(env(session={name: "1"}, request={name: "2"})) is True


def test_references_are_listed_once() -> None:
    condition = parse_condition('{a} = "1" OR fn.IS_SET({a}) OR NOT [b] = "x"')
    assert condition.references() == {("slot", "a"), ("session", "b")}


def test_evaluate_returns_false_instead_of_raising_on_malformed_env() -> None:
    assert holds('[x] = "5"', session={"x": 5}) is False
    assert holds('{x} = "5"', slots={"x": "5"}) is False


# --- parse errors -------------------------------------------------------------------------------

PARSE_ERRORS = [
    ("", 0, "empty expression"),
    ("   ", 0, "empty expression"),
    ("x" * (MAX_LENGTH + 1), MAX_LENGTH, "longer than 1024"),
    ('({a} = "1"', 10, "missing ')' to close the '(' at position 0"),
    ('(({a} = "1")', 12, "missing ')' to close the '(' at position 0"),
    ('{a} = "1")', 9, "unmatched ')'"),
    ('{a} = "abc', 6, "unterminated string"),
    ("{a} =", 5, "expected a constant after '='"),
    ('{a} == "1"', 5, "expected a constant after '='"),
    ('{a} = "1" AND', 13, "expected a condition"),
    ('AND {a} = "1"', 0, "expected a condition"),
    ('{a} = "1" OR OR {b} = "2"', 13, "expected a condition"),
    ("NOT", 3, "expected a condition"),
    ("()", 1, "expected a condition"),
    ("{a}", 3, "expected a comparison operator"),
    ("{a} AND {b}", 4, "expected a comparison operator"),
    ("fn.COUNT({a})", 13, "expected a comparison operator"),
    ("fn.FOO({a}) > 1", 0, "unknown function 'fn.FOO'"),
    ("fn.IS_EMPTY({a})", 0, "unknown function"),
    ('fn.IS_SET("a")', 10, "fn.IS_SET takes a reference"),
    ("fn.IS_SET {a}", 10, "expected '(' after fn.IS_SET"),
    ("fn.IS_SET({a}", 13, "missing ')' to close fn.IS_SET("),
    ('"a" = {a}', 0, "must start with a reference"),
    ("7 < {a}", 0, "must start with a reference"),
    ("{a} = {b}", 6, "right side of a comparison must be a constant"),
    ("{a} = fn.COUNT({b})", 6, "right side of a comparison must be a constant"),
    ('{a} = "1" {b} = "2"', 10, "unexpected '{b}' after the condition"),
    ('{a} = "1" = "2"', 10, "unexpected '=' after the condition"),
    ("{a} = yes", 6, "unexpected word 'yes'; strings need double quotes"),
    ("{a} = 1x", 6, "unexpected word '1x'"),
    ('{a} & {b} = "1"', 4, "unexpected character '&'"),
    ('{} = "1"', 0, "malformed slot reference"),
    ('{a = "1"', 0, "malformed slot reference"),
    ('[a = "1"', 0, "malformed session attribute reference"),
    ('$ = "1"', 0, "malformed path"),
    ("(" * (MAX_DEPTH + 1) + '{a} = "1"' + ")" * (MAX_DEPTH + 1), MAX_DEPTH, "nested more"),
    ("!" * (MAX_DEPTH + 1) + '{a} = "1"', MAX_DEPTH, "nested more than 50"),
    ("NOT " * (MAX_DEPTH + 1) + '{a} = "1"', 4 * MAX_DEPTH, "nested more than 50"),
]


@pytest.mark.parametrize(
    ("expression", "position", "message"), PARSE_ERRORS, ids=[e[:40] for e, _, _ in PARSE_ERRORS]
)
def test_invalid_expression_raises_condition_error_at_its_position(
    expression: str, position: int, message: str
) -> None:
    with pytest.raises(ConditionError) as raised:
        parse_condition(expression)
    assert message in raised.value.message
    assert raised.value.position == position


def test_condition_error_is_a_value_error_naming_the_position() -> None:
    with pytest.raises(ValueError, match=r"unterminated string \(at position 6\)"):
        parse_condition('{a} = "abc')


def test_nesting_up_to_the_limit_parses() -> None:
    nested = "(" * MAX_DEPTH + '{a} = "1"' + ")" * MAX_DEPTH
    assert holds(nested, slots={"a": reading("1")}) is True


def test_deep_nesting_of_any_length_raises_condition_error_not_recursion_error() -> None:
    for opener in ("(", "!", "NOT "):
        with pytest.raises(ConditionError):
            parse_condition((opener * 1000)[:MAX_LENGTH])


def test_expression_of_maximum_length_parses() -> None:
    expression = '[a] = "' + "x" * (MAX_LENGTH - 8) + '"'
    assert len(expression) == MAX_LENGTH
    assert holds(expression, session={"a": "x" * (MAX_LENGTH - 8)}) is True
