"""Rasa 3 projects in and out: import, write, load; export, and the round trip."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.project.loader import load_project
from bot.transfer import export_bot, import_bot
from bot.transfer.bot_files import BotFiles
from bot.transfer.report import ImportReport

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RESTAURANT = FIXTURES / "rasa" / "restaurant"
BOT = shutil.which("bot") or str(Path(sys.executable).with_name("bot"))

Imported = tuple[BotFiles, ImportReport, Any]  # the project, read without None checks


def imported(tmp_path: Path, source: Path) -> Imported:
    files, report = import_bot(source)
    out = tmp_path / "bot"
    files.write(out)
    return files, report, load_project(out)


@pytest.fixture
def restaurant(tmp_path: Path) -> Imported:
    return imported(tmp_path, RESTAURANT)


def texts(response: Any) -> list[str]:
    return [
        m.plainTextMessage.value if m.plainTextMessage else m.customPayload.value
        for group in response.messageGroupsList
        for m in group.all_messages()
    ]


def notes(report: ImportReport, kind: str = "unsupported") -> dict[str, str]:
    return {n.path: n.reason for n in getattr(report, kind)}


# ---------------------------------------------------------------- import


def test_rasa_project_becomes_a_bot_that_loads(restaurant: Imported) -> None:
    _, report, project = restaurant
    assert report.format == "rasa" and project.config.name == "RestaurantBot"
    assert project.config.locale_ids == ["en_US"]
    assert set(project.intents) == {
        "greet",
        "goodbye",
        "book_table",
        "travel",
        "chitchat_ask_name",
        "ask_opening_hours",
        "FallbackIntent",
    }
    assert project.config.idleSessionTTLInSeconds == 1800  # session_expiration_time: 30


def test_rasa_examples_go_to_training_data_with_slot_names(restaurant: Imported) -> None:
    files, _, project = restaurant
    nlu = files.locales[0].training_data["nlu.yml"]
    assert "- I want a table for [4](guests) people" in nlu
    assert "- I fly from [Berlin](from_city) to [Paris](to_city)" in nlu
    assert "- regex: phone" in nlu
    booked = [e for e in project.examples if e.intent == "book_table"]
    span = booked[3].entities[1]
    assert (booked[3].text[span.start : span.end], span.entity, span.value) == (
        "chinese food",
        "cuisine",
        "chinese",
    )
    assert project.regexes == {"phone": (r"\d{3}-\d{4}",)}


def test_rasa_out_of_scope_examples_teach_the_fallback(restaurant: Imported) -> None:
    fallback = [e.text for e in restaurant[2].examples if e.intent == "FallbackIntent"]
    assert fallback == ["what is the weather", "order me a taxi"]


def test_rasa_entities_become_slots_named_after_the_domain_slots(restaurant: Imported) -> None:
    intents = restaurant[2].intents
    travel = intents["travel"]
    assert [(s.name, s.slotTypeName, s.required) for s in travel.slots] == [
        ("from_city", "city", False),
        ("to_city", "city", False),
    ]
    booking = intents["book_table"]
    assert [(s.name, s.slotTypeName) for s in booking.ordered_slots()] == [
        ("cuisine", "cuisine"),
        ("guests", "AMAZON.Number"),  # a float slot
        ("notes", "AMAZON.FreeFormInput"),  # from_text
    ]


def test_rasa_slot_type_comes_from_values_lookup_synonyms_and_annotations(
    restaurant: Imported,
) -> None:
    types = restaurant[2].slot_types
    cuisine = types["cuisine"]
    assert [
        (v.sampleValue.value, [s.value for s in v.synonyms]) for v in cuisine.slotTypeValues
    ] == [
        ("italian", ["italiano", "pasta place"]),
        ("chinese", ["chinese food"]),
        ("mexican", []),
        ("thai", []),
    ]
    assert cuisine.resolution == "TopResolution"
    assert types["city"].resolution == "OriginalValue"


def test_rasa_form_slots_are_required_and_asked_with_utter_ask(restaurant: Imported) -> None:
    _, report, project = restaurant
    booking = project.intents["book_table"]
    assert all(s.required for s in booking.slots)
    cuisine = booking.slot("cuisine").valueElicitationSetting.promptSpecification
    card = cuisine.messageGroupsList[0].message.imageResponseCard
    assert card.title == "Which cuisine would you like?"
    assert [b.text for b in card.buttons] == ["Italian", "Chinese"]
    guests = booking.slot("guests").valueElicitationSetting.promptSpecification
    assert texts(guests) == ["For how many people, {cuisine} it is?"]  # utter_ask_<form>_<slot>
    notes_prompt = booking.slot("notes").valueElicitationSetting.promptSpecification
    assert texts(notes_prompt) == ["What is the notes?"]
    assert notes(report, "ignored")["intents.book_table.slots.notes"].startswith("prompt generated")


def test_rasa_rules_and_form_submission_give_closing_responses(restaurant: Imported) -> None:
    intents = restaurant[2].intents
    closing = {
        n: i.intentClosingSetting.closingResponse
        for n, i in intents.items()
        if i.intentClosingSetting
    }
    assert texts(closing["greet"]) == ["Hello! How can I help?", "Hi there!"]
    assert texts(closing["book_table"]) == [
        "Your {cuisine} table for {guests} is booked.",
        '{"kind": "booking", "status": "done"}',
    ]
    assert texts(closing["chitchat_ask_name"]) == ["I am the restaurant bot."]  # retrieval intent
    assert texts(closing["travel"]) == ["Have a nice trip from {from_city} to {to_city}!"]
    assert "ask_opening_hours" not in closing  # its only variant is for Slack


def test_rasa_report_names_what_is_not_carried(restaurant: Imported) -> None:
    unsupported = notes(restaurant[1])
    for path in (
        "config.yml:pipeline",
        "config.yml:policies",
        "data/stories.yml:stories[greet then book]",
        "data/rules.yml:rules[Finish booking]",
        "domain.yml:actions.action_check_availability",
        "domain.yml:session_config.carry_over_slots_to_new_session",
        "domain.yml:responses.utter_opening_hours[0].channel",
        "domain.yml:responses.utter_hours_unknown",
        "domain.yml:slots.guests.min_value",
        "intents.chitchat/ask_name",
    ):
        assert path in unsupported
    assert "action_check_availability" in unsupported["data/rules.yml:rules[Finish booking]"]


def test_rasa_nlu_only_project_gets_entity_slots_and_made_up_prompts(tmp_path: Path) -> None:
    _, report, project = imported(tmp_path, FIXTURES / "rasa" / "nlu_only")
    slot = project.intents["check_balance"].slot("account")
    assert slot.slotTypeName == "account" and not slot.required
    values = project.slot_types["account"].slotTypeValues
    assert [(v.sampleValue.value, [s.value for s in v.synonyms]) for v in values] == [
        ("savings", []),
        ("current", ["checking"]),
    ]
    assert [e.text for e in project.examples if e.intent == "FallbackIntent"] == ["asdfgh"]
    assert list(notes(report, "ignored")) == ["intents.check_balance.slots.account"]


# ---------------------------------------------------------------- export


def exported(root: Path, out: Path) -> dict[str, Any]:
    export_bot(root, "rasa", out)
    return {
        name: yaml.safe_load((out / name).read_text())
        for name in ("config.yml", "domain.yml", "data/nlu.yml", "data/rules.yml")
        if (out / name).is_file()
    }


def rasa_problems(project: dict[str, Any]) -> list[str]:
    """What `rasa data validate` would refuse: names used but never declared."""
    domain, nlu = project["domain.yml"], project["data/nlu.yml"]["nlu"]
    intents = set(domain["intents"])
    entities = {e if isinstance(e, str) else next(iter(e)) for e in domain.get("entities", [])}
    roles = {
        next(iter(e)): set(e[next(iter(e))]["roles"])
        for e in domain["entities"]
        if isinstance(e, dict)
    }
    actions = set(domain.get("responses", {})) | set(domain.get("forms", {}))
    problems = []
    for item in nlu:
        if "intent" in item and item["intent"] not in intents:
            problems.append(f"intent {item['intent']}")
        for line in item.get("examples", "").splitlines() if "intent" in item else []:
            for m in re.finditer(r"\]\((\w+)\)|\](\{[^}]*\})", line):
                spec = json.loads(m.group(2)) if m.group(2) else {"entity": m.group(1)}
                if spec["entity"] not in entities:
                    problems.append(f"entity {spec['entity']}")
                if "role" in spec and spec["role"] not in roles.get(spec["entity"], set()):
                    problems.append(f"role {spec['role']}")
    for rule in project.get("data/rules.yml", {}).get("rules", []):
        for step in rule["steps"]:
            if "intent" in step and step["intent"] not in intents:
                problems.append(f"rule intent {step['intent']}")
            if "action" in step and step["action"] not in actions:
                problems.append(f"rule action {step['action']}")
    for form in domain.get("forms", {}).values():
        problems += [f"form slot {s}" for s in form["required_slots"] if s not in domain["slots"]]
    for name, slot in domain.get("slots", {}).items():
        if not slot.get("mappings"):
            problems.append(f"slot {name} has no mappings")
        for mapping in slot["mappings"]:
            if mapping["type"] == "from_entity" and mapping["entity"] not in entities:
                problems.append(f"slot {name} entity {mapping['entity']}")
    for name, variants in domain.get("responses", {}).items():
        if not name.startswith("utter_") or not all("text" in v or "custom" in v for v in variants):
            problems.append(f"response {name}")
    return problems


def test_rasa_export_writes_a_project_rasa_accepts(restaurant: Imported, tmp_path: Path) -> None:
    project = exported(restaurant[2].root, tmp_path / "rasa")
    assert rasa_problems(project) == []
    domain = project["domain.yml"]
    assert domain["version"] == "3.1"
    assert domain["forms"] == {
        "book_table_form": {"required_slots": ["cuisine", "guests", "notes"]}
    }
    assert domain["slots"]["from_city"]["mappings"] == [
        {"type": "from_entity", "entity": "city", "role": "from_city"}
    ]
    assert domain["slots"]["guests"]["type"] == "float"
    assert domain["responses"]["utter_ask_book_table_form_guests"] == [
        {"text": "For how many people, {cuisine} it is?"}
    ]
    nlu = project["data/nlu.yml"]["nlu"]
    assert {"lookup": "cuisine", "examples": "- italian\n- chinese\n- mexican\n- thai\n"} in nlu
    assert {"synonym": "chinese", "examples": "- chinese food\n"} in nlu
    assert project["config.yml"]["language"] == "en"


def test_rasa_round_trip_gives_the_same_bot_files(restaurant: Imported, tmp_path: Path) -> None:
    first = restaurant[0]
    export_bot(restaurant[2].root, "rasa", tmp_path / "rasa")
    second, _ = import_bot(tmp_path / "rasa")
    assert second.config == first.config
    assert second.locales[0].intents == first.locales[0].intents
    assert second.locales[0].slot_types == first.locales[0].slot_types
    assert second.locales[0].training_data == first.locales[0].training_data


def test_rasa_export_of_a_lex_bot_expands_templates_and_lists_what_is_lost(
    tmp_path: Path,
) -> None:
    files, _ = import_bot(FIXTURES / "v1" / "OrderFlowersBot.json")
    files.write(tmp_path / "bot")
    project = exported(tmp_path / "bot", tmp_path / "rasa")
    assert rasa_problems(project) == []
    examples = next(i for i in project["data/nlu.yml"]["nlu"] if i.get("intent") == "OrderFlowers")
    assert '{"entity": "FlowerTypes", "role": "FlowerType"' in examples["examples"]
    header = (tmp_path / "rasa" / "domain.yml").read_text().split("version:")[0]
    assert "intents/OrderFlowers.yaml: intentConfirmationSetting" in header
    assert "intents/OrderFlowers.yaml: dialogCodeHook" in header
    assert "bot.yaml: clarificationPrompt" in header


# ---------------------------------------------------------------- the command line


def test_cli_imports_a_rasa_project_and_exports_it_again(tmp_path: Path) -> None:
    out = tmp_path / "bot"
    done = subprocess.run(
        [BOT, "import", str(RESTAURANT), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "intents" / "book_table.yaml").is_file()
    again = subprocess.run(
        [BOT, "export", "rasa", str(tmp_path / "rasa"), "--project", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "rasa" / "domain.yml").is_file()
