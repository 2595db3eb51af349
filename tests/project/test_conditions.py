"""The condition language of Lex V2 conditional branches (reference lex-flows §4.2): every
documented example, truth tables, unset references, typed comparisons and every parse error."""

from __future__ import annotations

from typing import Any

import pytest

from bot.project.conditions import (
    MAX_DEPTH,
    MAX_LENGTH,
    ConditionEnv,
    ConditionError,
    SlotReading,
    parse_condition,
)


def reading(*values: str, kind: str = "string") -> SlotReading:
    return SlotReading(tuple(values), kind)


def env(
    slots: dict[str, Any] | None = None,
    session: dict[str, Any] | None = None,
    request: dict[str, Any] | None = None,
    transcript: str = "",
    mode: str = "Text",
) -> ConditionEnv:
    return ConditionEnv(slots or {}, session or {}, request or {}, transcript, mode)


def holds(expression: str, **kwargs: Any) -> bool:
    return parse_condition(expression).evaluate(env(**kwargs))


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
