"""The condition language of Lex V2 conditional branches (reference lex-flows §4.2): every
documented example, truth tables and unset references (typed comparisons, functions and parse
errors: test_condition_types.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.project.conditions import (
    MAX_LENGTH,
    SlotReading,
    parse_condition,
)
from tests.project.condition_helpers import holds, reading

KENDRA = "x-amz-lex:kendra-search-response-question_answer-question-1"
FALLBACK = '[fallback-count] = "1" AND (!fn.IS_SET([slot-failure]) OR [slot-failure] != "true")'
TRANSCRIPTIONS = (
    "$.transcriptions[0].transcriptionConfidence < 0.8"
    " AND $.transcriptions[1].transcriptionConfidence > 0.5"
)

# Every expression of lex-flows §4.2 (AWS's typos kept), RB's real ones, and a console-style one
# without spaces, with the references each reads.
DOCUMENTED = [
    ('{pizzaSize} = "large" OR {pizzaSize} = "medium"', {("slot", "pizzaSize")}),
    ('{toppings} CONTAINS "Onion"', {("slot", "toppings")}),
    ("fn.COUNT({topping}) > 2", {("slot", "topping")}),
    ('{bookingID} = "ABC123"', {("slot", "bookingID")}),
    ("{age} > 30", {("slot", "age")}),
    ("{age} = 10", {("slot", "age")}),
    ('{dateOfBirth} < "1990-10-01"', {("slot", "dateOfBirth")}),
    ('{destinationCountry} != "united states"', {("slot", "destinationCountry")}),
    ("{phoneNumer} = 716767891932", {("slot", "phoneNumer")}),
    ("{percentage} >= 78", {("slot", "percentage")}),
    ('{time} > "20:00"', {("slot", "time")}),
    ("{travelDuration} < P2H", {("slot", "travelDuration")}),
    ('$.inputMode = "Speech"', set()),
    ('$.inputTranscript = "I want a large pizza"', set()),
    ('[customer_subcription_type] = "yearly"', {("session", "customer_subcription_type")}),
    ('((retry_enabled)) = "TRUE"', {("request", "retry_enabled")}),
    (f"fn.IS_SET((({KENDRA})))", {("request", KENDRA)}),
    (TRANSCRIPTIONS, set()),
    ('({make} = "Honda") AND ({model} = "Civic")', {("slot", "make"), ("slot", "model")}),
    ("({number} >= 5) AND ({number} <= 10)", {("slot", "number")}),
    ("fn.IS_SET({DaysBefore})", {("slot", "DaysBefore")}),
    ("{DaysBefore} > 7", {("slot", "DaysBefore")}),
    ("{DaysBefore} < 1", {("slot", "DaysBefore")}),
    ('[slot-failure] = "true" ', {("session", "slot-failure")}),
    (FALLBACK, {("session", "fallback-count"), ("session", "slot-failure")}),
    ("!fn.IS_SET([fallback-count])", {("session", "fallback-count")}),
    ('{Selffiling}="Yes"', {("slot", "Selffiling")}),
]


@pytest.mark.parametrize(("expression", "refs"), DOCUMENTED, ids=[e for e, _ in DOCUMENTED])
def test_documented_expression_parses_and_names_what_it_reads(
    expression: str, refs: set[tuple[str, str]]
) -> None:
    condition = parse_condition(expression)
    assert condition.expression == expression
    assert condition.references() == frozenset(refs)


# (expression, environment in which it holds, environment in which it does not)
DOCUMENTED_OUTCOMES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        '{pizzaSize} = "large" OR {pizzaSize} = "medium"',
        {"slots": {"pizzaSize": reading("Medium")}},
        {"slots": {"pizzaSize": reading("small")}},
    ),
    (
        '{toppings} CONTAINS "Onion"',
        {"slots": {"toppings": reading("cheese", "onion")}},
        {"slots": {"toppings": reading("cheese", "ham")}},
    ),
    (
        "fn.COUNT({topping}) > 2",
        {"slots": {"topping": reading("a", "b", "c")}},
        {"slots": {"topping": reading("a", "b")}},
    ),
    (
        '{bookingID} = "ABC123"',
        {"slots": {"bookingID": reading("abc123")}},
        {"slots": {"bookingID": reading("ABC124")}},
    ),
    (
        "{age} > 30",
        {"slots": {"age": reading("31", kind="number")}},
        {"slots": {"age": reading("9", kind="number")}},
    ),
    (
        "{age} = 10",
        {"slots": {"age": reading("10.0", kind="number")}},
        {"slots": {"age": reading("11", kind="number")}},
    ),
    (
        '{dateOfBirth} < "1990-10-01"',
        {"slots": {"dateOfBirth": reading("1989-12-31", kind="date")}},
        {"slots": {"dateOfBirth": reading("1990-10-01", kind="date")}},
    ),
    (
        '{destinationCountry} != "united states"',
        {"slots": {"destinationCountry": reading("Canada")}},
        {"slots": {"destinationCountry": reading("United States")}},
    ),
    (
        "{phoneNumer} = 716767891932",
        {"slots": {"phoneNumer": reading("716767891932", kind="number")}},
        {"slots": {"phoneNumer": reading("716767891933", kind="number")}},
    ),
    (
        "{percentage} >= 78",
        {"slots": {"percentage": reading("78", kind="number")}},
        {"slots": {"percentage": reading("77.9", kind="number")}},
    ),
    (
        '{time} > "20:00"',
        {"slots": {"time": reading("21:30", kind="time")}},
        {"slots": {"time": reading("9:00", kind="time")}},
    ),
    (
        "{travelDuration} < P2H",
        {"slots": {"travelDuration": reading("PT90M", kind="duration")}},
        {"slots": {"travelDuration": reading("P1D", kind="duration")}},
    ),
    ('$.inputMode = "Speech"', {"mode": "Speech"}, {"mode": "Text"}),
    (
        '$.inputTranscript = "I want a large pizza"',
        {"transcript": "i want a LARGE pizza"},
        {"transcript": "I want a small pizza"},
    ),
    (
        '[customer_subcription_type] = "yearly"',
        {"session": {"customer_subcription_type": "Yearly"}},
        {"session": {"customer_subcription_type": "monthly"}},
    ),
    (
        '((retry_enabled)) = "TRUE"',
        {"request": {"retry_enabled": "true"}},
        {"request": {"retry_enabled": "false"}},
    ),
    (f"fn.IS_SET((({KENDRA})))", {"request": {KENDRA: "What is Lex?"}}, {}),
    (
        '({make} = "Honda") AND ({model} = "Civic")',
        {"slots": {"make": reading("Honda"), "model": reading("civic")}},
        {"slots": {"make": reading("Honda"), "model": reading("Accord")}},
    ),
    (
        "({number} >= 5) AND ({number} <= 10)",
        {"slots": {"number": reading("10", kind="number")}},
        {"slots": {"number": reading("11", kind="number")}},
    ),
    ("fn.IS_SET({DaysBefore})", {"slots": {"DaysBefore": reading("3", kind="number")}}, {}),
    (
        "{DaysBefore} > 7",
        {"slots": {"DaysBefore": reading("8", kind="number")}},
        {"slots": {"DaysBefore": reading("7", kind="number")}},
    ),
    (
        "{DaysBefore} < 1",
        {"slots": {"DaysBefore": reading("0", kind="number")}},
        {"slots": {"DaysBefore": reading("1", kind="number")}},
    ),
    ('[slot-failure] = "true" ', {"session": {"slot-failure": "true"}}, {}),
    ("!fn.IS_SET([fallback-count])", {}, {"session": {"fallback-count": "1"}}),
    (
        '{Selffiling}="Yes"',
        {"slots": {"Selffiling": reading("yes")}},
        {"slots": {"Selffiling": reading("No")}},
    ),
]


@pytest.mark.parametrize(
    ("expression", "true_in", "false_in"),
    DOCUMENTED_OUTCOMES,
    ids=[e for e, _, _ in DOCUMENTED_OUTCOMES],
)
def test_documented_expression_is_true_only_when_its_values_match(
    expression: str, true_in: dict[str, Any], false_in: dict[str, Any]
) -> None:
    assert holds(expression, **true_in) is True
    assert holds(expression, **false_in) is False


def test_transcription_scores_parse_but_read_as_unset() -> None:
    scores = "$.transcriptions[0].transcriptionConfidence < 0.8"
    assert holds(scores) is False
    assert holds(f"NOT {scores}") is True


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        ({"fallback-count": "1"}, True),
        ({"fallback-count": "1", "slot-failure": "false"}, True),
        ({"fallback-count": "1", "slot-failure": "TRUE"}, False),
        ({"fallback-count": "2"}, False),
        ({}, False),
    ],
)
def test_fallback_branch_needs_first_fallback_without_slot_failure(
    session: dict[str, str], expected: bool
) -> None:
    assert holds(FALLBACK, session=session) is expected


# --- Boolean operators --------------------------------------------------------------------------

BOTH = [(True, True), (True, False), (False, True), (False, False)]


def yes_no(a: bool, b: bool) -> dict[str, Any]:
    return {"session": {"a": "yes" if a else "no", "b": "yes" if b else "no"}}


@pytest.mark.parametrize("keyword", ["AND", "and", "And", "&&"])
@pytest.mark.parametrize(("a", "b"), BOTH)
def test_and_is_true_only_when_both_sides_are(keyword: str, a: bool, b: bool) -> None:
    assert holds(f'[a] = "yes" {keyword} [b] = "yes"', **yes_no(a, b)) is (a and b)


@pytest.mark.parametrize("keyword", ["OR", "or", "Or", "||"])
@pytest.mark.parametrize(("a", "b"), BOTH)
def test_or_is_true_when_either_side_is(keyword: str, a: bool, b: bool) -> None:
    assert holds(f'[a] = "yes" {keyword} [b] = "yes"', **yes_no(a, b)) is (a or b)


@pytest.mark.parametrize("keyword", ["NOT ", "not ", "Not ", "!", "! "])
@pytest.mark.parametrize("a", [True, False])
def test_not_inverts_the_comparison(keyword: str, a: bool) -> None:
    assert holds(f'{keyword}[a] = "yes"', **yes_no(a, False)) is (not a)


def test_not_binds_tighter_than_and() -> None:
    assert holds('NOT [a] = "yes" AND [b] = "yes"', **yes_no(True, False)) is False
    assert holds('NOT ([a] = "yes" AND [b] = "yes")', **yes_no(True, False)) is True


def test_and_binds_tighter_than_or() -> None:
    abc = {"session": {"a": "yes", "b": "no", "c": "no"}}
    assert holds('[a] = "yes" OR [b] = "yes" AND [c] = "yes"', **abc) is True
    assert holds('([a] = "yes" OR [b] = "yes") AND [c] = "yes"', **abc) is False


def test_double_negation_cancels() -> None:
    assert holds('NOT !([a] = "yes")', **yes_no(True, False)) is True


def test_long_and_chain_evaluates_without_nesting_limit() -> None:
    expression = "&&".join(['[a]="yes"'] * 90)
    assert len(expression) <= MAX_LENGTH
    assert holds(expression, **yes_no(True, False)) is True


def test_keywords_and_function_prefix_are_case_insensitive() -> None:
    slots = {"t": reading("onion", "ham")}
    assert holds('FN.is_set({t}) and {t} contains "HAM" AND Fn.Count({t}) = 2', slots=slots)


def test_expression_without_spaces_parses() -> None:
    assert holds('{a}="1"AND!fn.IS_SET([b])', slots={"a": reading("1")}) is True


# --- unset references ---------------------------------------------------------------------------


def test_negated_is_set_or_empty_is_true_when_attribute_unset() -> None:
    assert holds('!fn.IS_SET([x]) OR [x] = ""') is True


def test_not_comparison_is_true_when_reference_unset() -> None:
    assert holds('NOT [x] = "a"') is True


@pytest.mark.parametrize(
    "expression",
    [
        '{x} = "a"',
        '{x} != "a"',
        "{x} < 1",
        "{x} <= 1",
        "{x} > 1",
        "{x} >= 1",
        '{x} CONTAINS "a"',
        '[x] != "a"',
        '((x)) != "a"',
        "fn.COUNT({x}) = 0",
        "fn.LENGTH([x]) = 0",
    ],
)
def test_comparison_with_unset_reference_is_false(expression: str) -> None:
    assert holds(expression) is False


@pytest.mark.parametrize("slot", [None, reading()])
def test_slot_without_values_is_unset(slot: SlotReading | None) -> None:
    assert holds("fn.IS_SET({x})", slots={"x": slot}) is False
    assert holds('{x} != "a"', slots={"x": slot}) is False


def test_empty_session_attribute_is_set_and_equals_empty_string() -> None:
    assert holds('fn.IS_SET([x]) AND [x] = ""', session={"x": ""}) is True


def test_is_set_can_be_compared_as_true_or_false() -> None:
    assert holds('fn.IS_SET([x]) = "false"') is True
    assert holds('fn.IS_SET([x]) = "TRUE"', session={"x": "1"}) is True
