"""Exporting bot files as a Lex V2 zip, and round trips through it."""

from __future__ import annotations

import json
import logging
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.project.loader import load_project
from bot.transfer import TransferError, export_bot, import_bot
from bot.transfer.bot_files import BotFiles, read_bot_files
from tests.conftest import copy_example_bot
from tests.transfer.conftest import FLOW_BOT, PIZZA_SHOP, import_and_check


def as_data(files: BotFiles) -> dict[str, Any]:
    """The YAML data structures of a bot, locale by locale."""
    return {
        "config": files.config,
        "locales": {
            loc.locale: {"intents": loc.intents, "slot_types": loc.slot_types}
            for loc in files.locales
        },
    }


def round_trip(project: Path, tmp_path: Path, name: str) -> BotFiles:
    """export(project) -> import -> written to tmp_path/name, read back."""
    archive = tmp_path / f"{name}.zip"
    export_bot(project, "lex-v2", archive)
    files, _ = import_bot(archive)
    files.write(tmp_path / name)
    return read_bot_files(tmp_path / name)


def zip_json(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as z:
        return {n: json.loads(z.read(n)) for n in z.namelist()}


@pytest.mark.parametrize("export", [FLOW_BOT, PIZZA_SHOP], ids=lambda p: p.name)
def test_import_export_import_gives_the_same_bot_files(export: Path, tmp_path: Path) -> None:
    first = import_and_check(export, tmp_path / "first")
    again = round_trip(first.root, tmp_path, "again")
    assert as_data(again) == as_data(first.files)


def test_example_bot_round_trip_is_stable_and_keeps_the_dialog(tmp_path: Path) -> None:
    repo = copy_example_bot(tmp_path)
    original = load_project(repo)
    first = round_trip(repo, tmp_path, "first")
    second = round_trip(tmp_path / "first", tmp_path, "second")
    assert as_data(second) == as_data(first)
    imported = load_project(tmp_path / "first")
    renamed = {name: name.removeprefix("AMAZON.") for name in original.intents}
    for name, intent in original.intents.items():
        back = imported.intents[renamed[name]]
        assert back.parentIntentSignature == intent.parentIntentSignature
        assert set(intent.sampleUtterances) <= set(back.sampleUtterances)  # + Rasa examples
        assert [s.name for s in back.ordered_slots()] == [s.name for s in intent.ordered_slots()]
        assert _behaviour(back) == _behaviour(intent), name
    assert imported.config.name == original.config.name
    assert imported.config.idleSessionTTLInSeconds == original.config.idleSessionTTLInSeconds


def _behaviour(intent: Any) -> dict[str, Any]:
    """An intent's settings as data, minus what an export renames or does not keep."""
    data = intent.model_dump(exclude={"name", "sampleUtterances", "slotPriorities"})
    return _without(data, "allowInterrupt")


def _without(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, key) for k, v in value.items() if k != key}
    if isinstance(value, list):
        return [_without(v, key) for v in value]
    return value


def test_rasa_examples_become_utterances_and_synonyms(tmp_path: Path, caplog: Any) -> None:
    repo = copy_example_bot(tmp_path)
    with caplog.at_level(logging.WARNING):
        export_bot(repo, "lex-v2", tmp_path / "bot.zip")
    entries = zip_json(tmp_path / "bot.zip")
    register = entries["EventBot/BotLocales/en_US/Intents/RegisterUserForEvent/Intent.json"]
    utterances = [u["utterance"] for u in register["sampleUtterances"]]
    assert "I'd love to come to {eventName}" in utterances
    event_type = entries["EventBot/BotLocales/en_US/SlotTypes/EventName/SlotType.json"]
    synonyms = {
        v["sampleValue"]["value"]: [s["value"] for s in v.get("synonyms", [])]
        for v in event_type["slotTypeValues"]
    }
    assert "the ML meetup" in synonyms["Data Science Meetup"]  # from a synonym block
    assert "the AWS conference" in synonyms["AWS Summit"]
    assert "examples of FallbackIntent not exported" in caplog.text


def test_export_zip_has_the_console_layout_and_manifest(tmp_path: Path) -> None:
    first = import_and_check(PIZZA_SHOP, tmp_path / "bot")
    export_bot(first.root, "lex-v2", tmp_path / "out.zip")
    entries = zip_json(tmp_path / "out.zip")
    assert entries["Manifest.json"] == {
        "metadata": {"schemaVersion": "1", "fileFormat": "LexJson", "resourceType": "BOT"}
    }
    bot = entries["Pizza-Shop/Bot.json"]
    assert bot["version"] == "DRAFT" and bot["dataPrivacy"] == {"childDirected": False}
    assert set(entries) >= {
        "Pizza-Shop/BotLocales/it_IT/BotLocale.json",
        "Pizza-Shop/BotLocales/it_IT/Intents/OrderPizza/Intent.json",
        "Pizza-Shop/BotLocales/it_IT/Intents/OrderPizza/Slots/Size/Slot.json",
        "Pizza-Shop/BotLocales/it_IT/SlotTypes/PizzaSize/SlotType.json",
    }
    locale = entries["Pizza-Shop/BotLocales/it_IT/BotLocale.json"]
    assert locale["identifier"] == "it_IT" and locale["nluConfidenceThreshold"] == 0.5


def test_export_uses_the_exports_own_key_spelling(tmp_path: Path) -> None:
    first = import_and_check(FLOW_BOT, tmp_path / "bot")
    export_bot(first.root, "lex-v2", tmp_path / "out.zip")
    entries = zip_json(tmp_path / "out.zip")
    folder = "FlowBot/BotLocales/en_US"
    intent = entries[f"{folder}/Intents/BookTable/Intent.json"]
    assert intent["sampleUtterances"][0] == {"utterance": "book a table"}
    assert intent["slotPriorities"][0] == {"priority": 2, "slotName": "Time"}  # the file's order
    assert intent["fulfillmentCodeHook"]["fulfillmentUpdatesSpecification"]["active"] is True
    area = entries[f"{folder}/Intents/BookTable/Slots/Area/Slot.json"]
    card = area["valueElicitationSetting"]["promptSpecification"]["messageGroupsList"][0]
    assert "buttonsList" in card["message"]["imageResponseCard"]
    assert area["slotTypeName"] == "SeatingArea"
    seating = entries[f"{folder}/SlotTypes/SeatingArea/SlotType.json"]
    assert seating["valueSelectionSetting"]["resolutionStrategy"] == "TOP_RESOLUTION"
    party = entries[f"{folder}/Intents/BookTable/Slots/Party/Slot.json"]
    assert party["valueElicitationSetting"]["promptSpecification"]["maxRetries"] == 2


def test_export_fills_what_lex_requires_and_makes_stable_ids(tmp_path: Path) -> None:
    repo = copy_example_bot(tmp_path)
    export_bot(repo, "lex-v2", tmp_path / "a.zip")
    export_bot(repo, "lex-v2", tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    entries = zip_json(tmp_path / "a.zip")
    folder = "EventBot/BotLocales/en_US"
    cancel = entries[f"{folder}/Intents/CancelIntent/Intent.json"]
    assert cancel["parentIntentSignature"] == "AMAZON.CancelIntent"
    assert len(cancel["identifier"]) == 10 and cancel["identifier"].isupper()
    assert entries[f"{folder}/Intents/FallbackIntent/Intent.json"]["identifier"] == "FALLBCKINT"
    event_type = entries[f"{folder}/SlotTypes/EventName/SlotType.json"]
    assert event_type["valueSelectionSetting"]["resolutionStrategy"] in (
        "ORIGINAL_VALUE",
        "TOP_RESOLUTION",
    )
    email = entries[f"{folder}/Intents/RegisterUserForEvent/Slots/email/Slot.json"]
    assert email["valueElicitationSetting"]["promptSpecification"]["maxRetries"] == 3
    assert "codeHook" not in json.dumps(entries["EventBot/Bot.json"])  # not part of an export


def _edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_settings_an_export_cannot_hold_are_refused_by_name(tmp_path: Path) -> None:
    repo = copy_example_bot(tmp_path)
    _edit(repo / "bot.yaml", lambda d: d.update(clarificationPrompt="Sorry, say again?"))
    _edit(
        repo / "intents/Greeting.yaml",
        lambda d: d.update(
            followUpPrompt={"prompt": "Anything else?"},
            dialogCodeHook={"enabled": True, "codeHook": {"uri": "lambda:greeter"}},
        ),
    )

    def four_variations(data: dict[str, Any]) -> None:
        group = data["intentClosingSetting"]["closingResponse"]["messageGroupsList"][0]
        group["variations"] = ["a", "b", "c"]

    _edit(repo / "intents/AMAZON.StopIntent.yaml", four_variations)
    with pytest.raises(TransferError) as failure:
        export_bot(repo, "lex-v2", tmp_path / "out.zip")
    message = str(failure.value)
    assert "bot.yaml: clarificationPrompt" in message
    assert "intents/Greeting.yaml: followUpPrompt" in message
    assert "intents/Greeting.yaml: dialogCodeHook.codeHook.uri" in message
    assert "intentClosingSetting.closingResponse.messageGroupsList[0] has 3 variations" in message
    assert not (tmp_path / "out.zip").exists()


def test_next_steps_follow_a_renamed_builtin(tmp_path: Path) -> None:
    repo = copy_example_bot(tmp_path)
    _edit(
        repo / "intents/Greeting.yaml",
        lambda d: d["intentClosingSetting"].update(
            nextStep={
                "dialogAction": {"type": "StartIntent"},
                "intent": {"name": "AMAZON.HelpIntent"},
            }
        ),
    )
    export_bot(repo, "lex-v2", tmp_path / "out.zip")
    greeting = zip_json(tmp_path / "out.zip")[
        "EventBot/BotLocales/en_US/Intents/Greeting/Intent.json"
    ]
    assert greeting["intentClosingSetting"]["nextStep"]["intent"]["name"] == "HelpIntent"


def test_other_locales_export_from_their_folders(tmp_path: Path) -> None:
    first = import_and_check(PIZZA_SHOP, tmp_path / "bot")
    shutil.rmtree(first.root / "intents")  # the first locale keeps only its implicit fallback
    (first.root / "intents").mkdir()
    shutil.rmtree(first.root / "training_data")
    export_bot(first.root, "lex-v2", tmp_path / "out.zip")
    entries = zip_json(tmp_path / "out.zip")
    assert "Pizza-Shop/BotLocales/en_US/Intents/FallbackIntent/Intent.json" in entries
    assert "Pizza-Shop/BotLocales/it_IT/Intents/OrderPizza/Intent.json" in entries


def test_fallback_intent_without_its_signature_is_exported_as_the_fallback(tmp_path: Path) -> None:
    repo = copy_example_bot(tmp_path)
    _edit(repo / "intents/FallbackIntent.yaml", lambda d: d.pop("parentIntentSignature"))
    export_bot(repo, "lex-v2", tmp_path / "out.zip")
    fallback = zip_json(tmp_path / "out.zip")[
        "EventBot/BotLocales/en_US/Intents/FallbackIntent/Intent.json"
    ]
    assert fallback["parentIntentSignature"] == "AMAZON.FallbackIntent"
    assert fallback["identifier"] == "FALLBCKINT"
    assert "intentClosingSetting" in fallback
