"""Invalid bot files give one BotDefinitionError naming every problem's file, line and field."""

from __future__ import annotations

from pathlib import Path

from bot.errors import BotDefinitionError
from bot.project import load_project
from tests.project.conftest import ProjectWriter, only_problem, problems_of

TWO_SLOT_INTENT = """\
name: Order
sampleUtterances:
  - order {Item}
slots:
  - name: Item
    slotTypeName: AMAZON.Number
    valueElicitationSetting:
      slotConstraint: Required
      promptSpecification: What?
"""


def test_minimal_project_loads(write_project: ProjectWriter) -> None:
    project = load_project(write_project())
    assert set(project.intents) == {"BookRoom", "FallbackIntent"}


def test_two_broken_files_give_both_problems_with_lines(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "bot.yaml": "name: TestBot\nidleSessionTTLInSeconds: 10\n",
            "intents/Greet.yaml": "name: Greet\nsampleUtterances:\n  - hi\nslotz: []\n",
        }
    )
    problems = problems_of(root)
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("bot.yaml", 2, "idleSessionTTLInSeconds"),
        ("intents/Greet.yaml", 4, "slotz"),
    ]


def test_yaml_syntax_error_names_its_line(write_project: ProjectWriter) -> None:
    root = write_project(
        {"intents/Greet.yaml": "name: Greet\nsampleUtterances:\n  - hi\n  - [oops\n"}
    )
    problem = only_problem(root)
    assert problem.file == "intents/Greet.yaml"
    assert problem.line is not None and problem.line >= 4
    assert problem.message.startswith("YAML syntax error")


def test_unknown_key_typo_suggests_the_right_key(write_project: ProjectWriter) -> None:
    broken = TWO_SLOT_INTENT.replace("slotTypeName:", "slotTypeNmae:")
    problems = problems_of(write_project({"intents/Order.yaml": broken}))
    typo = next(p for p in problems if p.field == "slots[0].slotTypeNmae")
    assert typo.line == 6
    assert typo.message == "unknown key 'slotTypeNmae'; did you mean 'slotTypeName'?"


def test_wrong_type_names_the_field(write_project: ProjectWriter) -> None:
    broken = TWO_SLOT_INTENT.replace(
        "promptSpecification: What?",
        "promptSpecification:\n        messageGroupsList: [What?]\n        maxRetries: lots",
    )
    problem = only_problem(write_project({"intents/Order.yaml": broken}))
    assert (problem.line, problem.field) == (
        11,
        "slots[0].valueElicitationSetting.promptSpecification.maxRetries",
    )
    assert "integer" in problem.message


def test_unknown_slot_type_is_reported_at_its_line(write_project: ProjectWriter) -> None:
    root = write_project(
        {"intents/Order.yaml": TWO_SLOT_INTENT.replace("AMAZON.Number", "PizzaSize")}
    )
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.field) == (
        "intents/Order.yaml",
        6,
        "slots[0].slotTypeName",
    )
    assert "unknown slot type 'PizzaSize'" in problem.message


def test_built_in_slot_type_may_be_spelled_in_v1_style(write_project: ProjectWriter) -> None:
    root = write_project(
        {"intents/Order.yaml": TWO_SLOT_INTENT.replace("AMAZON.Number", "AMAZON.NUMBER")}
    )
    slot = load_project(root).domain().intents["Order"].slots["Item"]
    assert slot.slot_type == "AMAZON.Number"


def test_placeholder_naming_no_slot_is_reported(write_project: ProjectWriter) -> None:
    root = write_project(
        {"intents/Order.yaml": TWO_SLOT_INTENT.replace("order {Item}", "order {Size}")}
    )
    problem = only_problem(root)
    assert (problem.line, problem.field) == (3, "sampleUtterances[0]")
    assert "{Size} names no slot" in problem.message


def test_slot_utterance_placeholder_is_checked(write_project: ProjectWriter) -> None:
    broken = TWO_SLOT_INTENT + "      sampleUtterances: ['I want {Items}']\n"
    problem = only_problem(write_project({"intents/Order.yaml": broken}))
    assert problem.field == "slots[0].valueElicitationSetting.sampleUtterances[0]"


def test_message_placeholder_naming_no_slot_is_reported(write_project: ProjectWriter) -> None:
    broken = TWO_SLOT_INTENT + "intentClosingSetting:\n  closingResponse: Ordered {Itme}!\n"
    problem = only_problem(write_project({"intents/Order.yaml": broken}))
    field = "intentClosingSetting.closingResponse.messageGroupsList[0].message"
    assert (problem.line, problem.field) == (11, field)


def test_card_with_more_than_five_buttons_is_reported(write_project: ProjectWriter) -> None:
    buttons = "".join(f"          - {{text: b{i}, value: b{i}}}\n" for i in range(6))
    broken = (
        TWO_SLOT_INTENT + "intentClosingSetting:\n  closingResponse:\n"
        "    messageGroups:\n      - message:\n          imageResponseCard:\n"
        "            title: Pick one\n            buttons:\n"
        + buttons.replace("          -", "              -")
    )
    problem = only_problem(write_project({"intents/Order.yaml": broken}))
    assert problem.field == (
        "intentClosingSetting.closingResponse.messageGroupsList[0]"
        ".message.imageResponseCard.buttons"
    )
    assert problem.line == 16  # the `buttons:` key, although the file spells `messageGroups`
    assert "at most 5" in problem.message


def test_all_problems_across_files_come_at_once(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "bot.yaml": "name: TestBot\ntimeZone: Nowhere/City\n",
            "intents/Order.yaml": TWO_SLOT_INTENT.replace("AMAZON.Number", "PizzaSize"),
            "intents/Greet.yaml": "name: Greeting\nsampleUtterances: [hi]\n",
            "intents/Broken.yaml": "name: [\n",
            "training_data/slot_types/Size.yaml": "name: Size\nslotTypeValues: []\n",
        }
    )
    problems = problems_of(root)
    files = sorted({p.file for p in problems})
    assert files == [
        "bot.yaml",
        "intents/Broken.yaml",
        "intents/Greet.yaml",
        "intents/Order.yaml",
        "training_data/slot_types/Size.yaml",
    ]
    assert all(p.line is not None for p in problems)


def test_error_message_lists_every_problem(write_project: ProjectWriter) -> None:
    root = write_project({"bot.yaml": "name: Test Bot\n"})
    try:
        load_project(root)
    except BotDefinitionError as exc:
        assert "bot.yaml:1: name:" in str(exc)
    else:
        raise AssertionError("expected BotDefinitionError")


def test_intent_name_must_match_its_file(write_project: ProjectWriter) -> None:
    problem = only_problem(
        write_project({"intents/Greet.yaml": "name: Hello\nsampleUtterances: [hi]\n"})
    )
    assert (problem.file, problem.line, problem.field) == ("intents/Greet.yaml", 1, "name")


def test_duplicate_yaml_key_is_reported(write_project: ProjectWriter) -> None:
    problem = only_problem(
        write_project(
            {"intents/Greet.yaml": "name: Greet\nsampleUtterances: [hi]\nsampleUtterances: [hey]\n"}
        )
    )
    assert (problem.line, problem.field, problem.message) == (
        3,
        "sampleUtterances",
        "duplicate key",
    )


def test_built_in_intent_may_not_have_utterances_or_slots(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "intents/AMAZON.HelpIntent.yaml": """\
        name: AMAZON.HelpIntent
        parentIntentSignature: AMAZON.HelpIntent
        sampleUtterances: [assist me]
        """
        }
    )
    problem = only_problem(root)
    assert (problem.line, problem.field) == (3, "sampleUtterances")


def test_built_in_intent_gets_its_phrases(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "intents/AMAZON.HelpIntent.yaml": "name: AMAZON.HelpIntent\n"
            "parentIntentSignature: "
            "AMAZON.HelpIntent\n"
        }
    )
    texts = {
        e.text for e in load_project(root).domain().examples if e.intent == "AMAZON.HelpIntent"
    }
    assert {"help", "can you help me"} <= texts and len(texts) >= 10


def test_fallback_intent_may_not_have_slots(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "intents/FallbackIntent.yaml": """\
        name: FallbackIntent
        parentIntentSignature: AMAZON.FallbackIntent
        slots:
          - name: X
            slotTypeName: AMAZON.Number
            valueElicitationSetting: {slotConstraint: Optional}
        """
        }
    )
    problem = only_problem(root)
    assert (problem.line, problem.field) == (3, "slots")


def test_fallback_intent_gets_no_template_examples(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "intents/FallbackIntent.yaml": "name: FallbackIntent\n"
            "parentIntentSignature: "
            "AMAZON.FallbackIntent\n"
        }
    )
    domain = load_project(root).domain()
    assert "FallbackIntent" in domain.intents
    assert not [e for e in domain.examples if e.intent == "FallbackIntent"]


def test_unknown_built_in_signature_is_reported(write_project: ProjectWriter) -> None:
    root = write_project(
        {"intents/Dance.yaml": "name: Dance\nparentIntentSignature: AMAZON.DanceIntent\n"}
    )
    assert only_problem(root).field == "parentIntentSignature"


def test_slot_priorities_must_name_slots_once_with_distinct_priorities(
    write_project: ProjectWriter,
) -> None:
    broken = TWO_SLOT_INTENT + (
        "slotPriorities:\n  - {slotName: Item, priority: 1}\n  - {slotName: Size, priority: 1}\n"
    )
    problems = problems_of(write_project({"intents/Order.yaml": broken}))
    assert [(p.line, p.field) for p in problems] == [
        (12, "slotPriorities[1].slotName"),
        (12, "slotPriorities[1].priority"),
    ]


def test_multiple_values_need_a_custom_slot_type(write_project: ProjectWriter) -> None:
    broken = TWO_SLOT_INTENT + "    multipleValuesSetting: {allowMultipleValues: true}\n"
    assert only_problem(write_project({"intents/Order.yaml": broken})).field == (
        "slots[0].multipleValuesSetting"
    )


def test_slot_type_name_must_match_file_and_regex_needs_parent(
    write_project: ProjectWriter,
) -> None:
    root = write_project(
        {
            "training_data/slot_types/Code.yaml": """\
        name: Kode
        valueSelectionSetting:
          regexFilter: {pattern: "[A-Z]{3}[0-9]{2}"}
        """
        }
    )
    problems = problems_of(root)
    assert [(p.line, p.field) for p in problems] == [
        (1, "name"),
        (3, "valueSelectionSetting.regexFilter"),
    ]


def test_regex_slot_type_with_parent_loads(write_project: ProjectWriter) -> None:
    root = write_project(
        {
            "training_data/slot_types/Code.yaml": """\
        name: Code
        parentSlotTypeSignature: AMAZON.AlphaNumeric
        valueSelectionSetting:
          regexFilter: {pattern: "[A-Z]{3}[0-9]{2}"}
        """
        }
    )
    spec = load_project(root).domain().slot_types["Code"]
    assert (spec.regex, spec.parent) == ("[A-Z]{3}[0-9]{2}", "AMAZON.AlphaNumeric")


def test_missing_bot_yaml_is_reported(tmp_path: Path) -> None:
    problem = only_problem(tmp_path)
    assert problem.file == "bot.yaml" and "missing" in problem.message


def test_slot_type_short_form_error_points_at_the_written_key(
    write_project: ProjectWriter,
) -> None:
    root = write_project(
        {
            "training_data/slot_types/CityName.yaml": """\
        name: CityName
        values:
          - value: London
          - value: ""
        """
        }
    )
    problem = only_problem(root)
    assert problem.line == 4
    assert problem.field == "slotTypeValues[1].sampleValue.value"
