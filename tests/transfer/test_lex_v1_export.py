"""Lex V1: the bot written as a V1 export (and read back), and `bot import`/`bot export` of V1
on the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.transfer import export_bot, import_bot
from bot.transfer.bot_files import TransferError
from tests.transfer.v1_fixtures import V1_FIXTURES

BOT = shutil.which("bot") or str(Path(sys.executable).with_name("bot"))


# ---------------------------------------------------------------- export


def exported(flowers: Any, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "v1.json"
    export_bot(flowers[2].root, "lex-v1", out)
    document: dict[str, Any] = json.loads(out.read_text())
    return document


def test_v1_export_writes_the_v1_shapes(flowers: Any, tmp_path: Path) -> None:
    document = exported(flowers, tmp_path)
    assert document["metadata"] == {
        "schemaVersion": "1.0",
        "importType": "LEX",
        "importFormat": "JSON",
    }
    bot = document["resource"]
    assert (bot["locale"], bot["version"], bot["clarificationPrompt"]["maxAttempts"]) == (
        "en-US",
        "1",
        3,
    )
    order = next(i for i in bot["intents"] if i["name"] == "OrderFlowers")
    assert order["version"] == "1"
    closing = order["conclusionStatement"]["messages"]
    assert [m["groupNumber"] for m in closing] == [1, 1, 2, 2]
    flower = next(s for s in order["slots"] if s["name"] == "FlowerType")
    assert (flower["slotType"], flower["slotTypeVersion"], flower["priority"]) == (
        "FlowerTypes",
        "1",
        1,
    )
    card = json.loads(flower["valueElicitationPrompt"]["responseCard"])
    assert card["genericAttachments"][0]["subTitle"] == "Pick a bunch"
    date = next(s for s in order["slots"] if s["name"] == "PickupDate")
    assert date["slotType"] == "AMAZON.DATE"
    assert order["fulfillmentActivity"]["codeHook"]["messageVersion"] == "1.0"


def test_v1_round_trip_gives_the_same_bot_files(flowers: Any, tmp_path: Path) -> None:
    first, _, _ = flowers
    out = tmp_path / "again.json"
    export_bot(flowers[2].root, "lex-v1", out)
    second, _ = import_bot(out)
    assert second.config == first.config
    assert second.locales[0].intents == first.locales[0].intents
    assert second.locales[0].slot_types == first.locales[0].slot_types


def test_v1_export_names_everything_v1_cannot_hold(flowers: Any, tmp_path: Path) -> None:
    root = flowers[2].root
    (root / "bot.yaml").write_text(
        (root / "bot.yaml").read_text().replace("- en_US", "- en_US\n- en_GB")
    )
    shutil.copytree(root / "intents", root / "locales" / "en_GB" / "intents")
    shutil.copytree(root / "training_data", root / "locales" / "en_GB" / "training_data")
    order = root / "intents" / "OrderFlowers.yaml"
    text = order.read_text().replace(
        "- name: CardNote\n",
        "- name: CardNote\n  multipleValuesSetting: {allowMultipleValues: true}\n",
    )
    text = text.replace("  slotTypeName: AMAZON.AlphaNumeric", "  slotTypeName: FlowerTypes")
    text += "initialResponseSetting:\n  nextStep:\n    dialogAction: {type: ElicitSlot, slotToElicit: FlowerType}\n"
    order.write_text(text)
    with pytest.raises(TransferError) as error:
        export_bot(root, "lex-v1", tmp_path / "v1.json")
    message = str(error.value)
    assert "several locales (en_US, en_GB)" in message
    assert "slot CardNote takes multiple values" in message
    assert "OrderFlowers.yaml: initialResponseSetting has no Lex V1 equivalent" in message


# ---------------------------------------------------------------- the command line


def test_cli_imports_a_v1_export_and_writes_its_report(tmp_path: Path) -> None:
    out, report = tmp_path / "bot", tmp_path / "report.json"
    args = [str(V1_FIXTURES / "OrderFlowersBot.json"), "--out", str(out), "--report", str(report)]
    done = subprocess.run(
        [BOT, "import", *args], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(report.read_text())["format"] == "lex-v1"
    assert (out / "intents" / "OrderFallback.yaml").is_file()
    strict = subprocess.run(
        [BOT, "import", *args, "--replace", "--strict"], capture_output=True, text=True, check=False
    )
    assert strict.returncode == 0  # nothing unsupported
    export = json.loads((V1_FIXTURES / "OrderFlowersBot.json").read_text())
    export["resource"]["intents"].append(
        {"name": "Search", "version": "1", "parentIntentSignature": "AMAZON.KendraSearchIntent"}
    )
    (tmp_path / "kendra.json").write_text(json.dumps(export))
    kendra = [str(tmp_path / "kendra.json"), "--out", str(tmp_path / "k"), "--strict"]
    refused = subprocess.run([BOT, "import", *kendra], capture_output=True, text=True, check=False)
    assert refused.returncode == 1  # a Kendra search intent without an index to search


def test_cli_exports_a_project_as_v1_json(tmp_path: Path, flowers: Any) -> None:
    out = tmp_path / "OrderFlowers.json"
    done = subprocess.run(
        [BOT, "export", "lex-v1", str(out), "--project", str(flowers[2].root)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["resource"]["name"] == "OrderFlowersBot"
