"""Expanding `{Slot}` templates into annotated examples."""

from __future__ import annotations

from bot.nlu.types import EntitySpan, Example
from bot.project.templates import expand_intent, expand_template, placeholders, template_error

CITIES = [
    ("London", "London"),
    ("LDN", "London"),
    ("Paris", "Paris"),
    ("the city of light", "Paris"),
]
DAYS = [("today", "today"), ("tomorrow", "tomorrow")]


def test_placeholders_are_listed_in_order() -> None:
    assert placeholders("fly from {From} to {To} on {Day}") == ["From", "To", "Day"]


def test_template_without_placeholders_gives_one_example() -> None:
    assert expand_template("book a room", "BookRoom", {}) == [Example("book a room", "BookRoom")]


def test_expanded_entity_offsets_cover_the_inserted_value() -> None:
    for example in expand_template(
        "book {City} for {Day} please", "Book", {"City": CITIES, "Day": DAYS}
    ):
        city, day = example.entities
        assert example.text.startswith("book ")
        assert example.text[city.start : city.end] in {said for said, _ in CITIES}
        assert example.text[day.start : day.end] in {"today", "tomorrow"}
        assert example.text[city.end : day.start] == " for "
        assert example.text.endswith(" please")


def test_synonym_spans_carry_the_canonical_value() -> None:
    examples = expand_template("go to {City}", "Go", {"City": CITIES})
    spans = {ex.text: ex.entities[0] for ex in examples}
    assert spans["go to LDN"] == EntitySpan(6, 9, "City", "London")
    assert spans["go to the city of light"].value == "Paris"


def test_variants_are_limited_by_the_value_space() -> None:
    assert len(expand_template("on {Day}", "X", {"Day": DAYS})) == 2
    many = [(f"v{i}", f"v{i}") for i in range(30)]
    assert len(expand_template("pick {V}", "X", {"V": many}, limit=8)) == 8


def test_expansion_is_deterministic() -> None:
    many = [(f"v{i}", f"v{i}") for i in range(30)]
    first = expand_template("pick {V} on {Day}", "X", {"V": many, "Day": DAYS})
    again = expand_template("pick {V} on {Day}", "X", {"V": many, "Day": DAYS})
    assert first == again


def test_every_covered_value_appears_in_the_intent_examples() -> None:
    many = [(f"value{i}", f"value{i}") for i in range(20)]
    examples = expand_intent(
        "X", ["pick {V}", "choose {V} now"], {"V": many}, cover=frozenset({"V"}), limit=3
    )
    said = {ex.text[e.start : e.end] for ex in examples for e in ex.entities}
    assert said == {v for v, _ in many}


def test_repeated_placeholder_takes_the_same_value() -> None:
    (example, *_) = expand_template("{Day} or {Day}", "X", {"Day": DAYS[:1]})
    assert example.text == "today or today"
    assert [(e.start, e.end) for e in example.entities] == [(0, 5), (9, 14)]


def test_template_errors_name_stray_braces_and_bad_names() -> None:
    assert template_error("book {City") == "unbalanced '{' or '}'"
    assert template_error("book {my city}") is not None
    assert template_error("book {City}") is None
