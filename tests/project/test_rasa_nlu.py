"""Reading Rasa NLU training data: markup forms, offsets, fallback labels, synonyms, lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.types import FALLBACK_INTENT, EntitySpan
from bot.project import load_project
from bot.project.rasa_nlu import parse_example, parse_rasa_nlu
from bot.project.yaml_source import parse_yaml
from tests.project.conftest import ProjectWriter, only_problem, problems_of


def test_parenthesis_markup_gives_offsets_into_clean_text() -> None:
    text, spans = parse_example("fly to [Paris](City) on [Monday](Day)")
    assert text == "fly to Paris on Monday"
    assert spans == (EntitySpan(7, 12, "City", "Paris"), EntitySpan(16, 22, "Day", "Monday"))


def test_old_colon_markup_gives_the_canonical_value() -> None:
    text, spans = parse_example("a room in [LDN](City:London) please")
    assert text == "a room in LDN please"
    assert spans == (EntitySpan(10, 13, "City", "London"),)


def test_json_markup_with_and_without_value() -> None:
    text, spans = parse_example(
        'from [LDN]{"entity": "From", "value": "London"} to [Rome]{"entity": "To"}'
    )
    assert text == "from LDN to Rome"
    assert spans == (EntitySpan(5, 8, "From", "London"), EntitySpan(12, 16, "To", "Rome"))


def test_json_markup_with_unknown_key_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown annotation key"):
        parse_example('[x]{"entity": "A", "colour": "red"}')


def test_plain_brackets_without_annotation_are_kept_as_text() -> None:
    assert parse_example("press [enter] now") == ("press [enter] now", ())


def test_blocks_of_all_kinds_are_read() -> None:
    doc, problems = parse_yaml(
        "version: '3.1'\n"
        "nlu:\n"
        "- intent: oos\n"
        "  metadata: {source: test}\n"
        "  examples: |\n"
        "    - what's the weather\n"
        "- synonym: London\n"
        "  examples: |\n"
        "    - the big smoke\n"
        "- lookup: CityName\n"
        "  examples: |\n"
        "    - Berlin\n"
        "- regex: zip\n"
        "  examples: |\n"
        "    - \\d{5}\n",
        "training_data/nlu.yml",
    )
    assert doc is not None and not problems
    blocks, problems = parse_rasa_nlu(doc)
    assert not problems
    assert [(b.kind, b.name) for b in blocks] == [
        ("intent", FALLBACK_INTENT),
        ("synonym", "London"),
        ("lookup", "CityName"),
        ("regex", "zip"),
    ]
    assert blocks[0].examples[0].example.text == "what's the weather"
    assert [text for text, _ in blocks[3].items] == ["\\d{5}"]


def test_example_line_without_dash_is_reported_at_its_line() -> None:
    doc, _ = parse_yaml("nlu:\n- intent: Greet\n  examples: |\n    - hi\n    hello\n", "t.yml")
    assert doc is not None
    _, problems = parse_rasa_nlu(doc)
    assert [(p.line, p.field) for p in problems] == [(5, "nlu[0].examples[1]")]


def test_rasa_examples_join_the_domain_and_oos_teaches_the_fallback(
    write_project: ProjectWriter,
) -> None:
    root = write_project(
        {
            "training_data/nlu.yml": """\
        nlu:
        - intent: BookRoom
          examples: |
            - I need a room in [Paris](City)
        - intent: oos
          examples: |
            - tell me a joke
        """
        }
    )
    examples = load_project(root).domain().examples
    assert any(
        e.text == "I need a room in Paris" and e.entities == (EntitySpan(17, 22, "City", "Paris"),)
        for e in examples
    )
    assert any(e.text == "tell me a joke" and e.intent == FALLBACK_INTENT for e in examples)


def test_synonym_block_adds_synonyms_to_the_slot_type(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "training_data/nlu.yml": """\
        nlu:
        - synonym: london
          examples: |
            - the big smoke
        """
        }
    )
    values = {
        v.sampleValue.value: [s.value for s in v.synonyms]
        for v in load_project(root).slot_types["CityName"].slotTypeValues
    }
    assert values["London"] == ["LDN", "the big smoke"]


def test_lookup_block_adds_values_to_the_slot_type(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "training_data/lookups/cities.yaml": """\
        nlu:
        - lookup: CityName
          examples: |
            - Berlin
            - Paris
        """
        }
    )
    values = [v.sampleValue.value for v in load_project(root).slot_types["CityName"].slotTypeValues]
    assert values == ["London", "Paris", "Berlin"]


def test_synonym_already_meaning_another_value_is_a_problem(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "training_data/nlu.yml": """\
        nlu:
        - synonym: Paris
          examples: |
            - the city of light
            - LDN
        """
        }
    )
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.field) == (
        "training_data/nlu.yml",
        5,
        "nlu[0].examples[1]",
    )
    assert "'LDN' already means 'London'" in problem.message


def test_synonym_of_no_known_value_is_a_problem(write_project: ProjectWriter) -> None:
    root = write_project(
        {"training_data/nlu.yml": "nlu:\n- synonym: Rome\n  examples: |\n    - the eternal city\n"}
    )
    problem = only_problem(root)
    assert (problem.line, problem.field) == (2, "nlu[0].synonym")


def test_examples_of_unknown_intents_and_slots_are_problems(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "training_data/nlu.yml": """\
        nlu:
        - intent: OrderPizza
          examples: |
            - a pizza please
        - intent: BookRoom
          examples: |
            - a room for [two](Guests)
        """
        }
    )
    problems = problems_of(root)
    assert [(p.line, p.field) for p in problems] == [
        (2, "nlu[0].intent"),
        (7, "nlu[1].examples[0]"),
    ]
    assert "unknown intent 'OrderPizza'" in problems[0].message
    assert "'Guests' is not a slot of BookRoom" in problems[1].message


def test_slot_type_files_are_not_read_as_rasa_data(write_project: ProjectWriter) -> None:
    root = write_project()
    assert load_project(root).examples == ()
    assert isinstance(root, Path)


def test_regex_blocks_are_kept_by_name(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "training_data/nlu.yml": """\
        nlu:
        - regex: booking_ref
          examples: |
            - [A-Z]{2}[0-9]{4}
        - regex: booking_ref
          examples: |
            - BK[0-9]+
        """
        }
    )
    assert load_project(root).regexes == {"booking_ref": ("[A-Z]{2}[0-9]{4}", "BK[0-9]+")}


def test_examples_may_be_a_list_of_texts_with_metadata() -> None:
    doc, _ = parse_yaml(
        "nlu:\n- intent: Greet\n  examples:\n  - text: hi [Bob](Name)\n    metadata: {a: 1}\n"
        "  - hello\n",
        "t.yml",
    )
    assert doc is not None
    blocks, problems = parse_rasa_nlu(doc)
    assert not problems
    texts = [(e.example.text, e.example.entities) for e in blocks[0].examples]
    assert texts == [("hi Bob", (EntitySpan(3, 6, "Name", "Bob"),)), ("hello", ())]


def test_bad_json_markup_is_reported_at_its_line(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "training_data/nlu.yml": """\
        nlu:
        - intent: BookRoom
          examples: |
            - a room in [Paris](City)
            - a room in [Rome]{"entity": City}
        """
        }
    )
    problem = only_problem(root)
    assert (problem.line, problem.field) == (5, "nlu[0].examples[1]")
    assert "bad JSON" in problem.message
