"""`bot import` and `bot export lex-v2` from the command line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from tests.conftest import copy_example_bot
from tests.transfer.conftest import FAQ_TEMPLATE, FLOW_BOT, PIZZA_SHOP

runner = CliRunner()


def test_import_writes_bot_files_and_a_json_report(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    result = runner.invoke(
        app, ["import", str(FLOW_BOT), "--out", str(tmp_path / "bot"), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bot/intents/BookTable.yaml").is_file()
    data = json.loads(report.read_text())
    assert data["format"] == "lex-v2" and data["bot"] == "FlowBot"
    assert "BookTable" in data["intents"]["en_US"]
    unsupported = {note["path"] for note in data["unsupported"]}
    assert "BotLocales/en_US/Intents/SendInvoice" in unsupported  # a composite slot
    assert all(note["reason"] for note in data["ignored"])


def test_strict_import_fails_when_something_is_unsupported(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["import", str(FLOW_BOT), "--out", str(tmp_path / "bot"), "--strict"]
    )
    assert result.exit_code == 1
    assert (tmp_path / "bot/bot.yaml").is_file()  # written all the same, for a look


def test_strict_import_passes_when_everything_is_carried(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    args = ["import", str(PIZZA_SHOP), "--out", str(tmp_path / "bot"), "--strict"]
    result = runner.invoke(app, [*args, "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert json.loads(report.read_text())["unsupported"] == []


def test_import_with_code_hook_sets_the_bots_hook(tmp_path: Path) -> None:
    args = ["import", str(FAQ_TEMPLATE), "--out", str(tmp_path / "bot")]
    result = runner.invoke(app, [*args, "--code-hook", "lambda:faq-function"])
    assert result.exit_code == 0, result.output
    assert "lambda:faq-function" in (tmp_path / "bot/bot.yaml").read_text()


def test_import_refuses_a_folder_that_holds_a_bot_unless_replacing(tmp_path: Path) -> None:
    out = tmp_path / "bot"
    assert runner.invoke(app, ["import", str(PIZZA_SHOP), "--out", str(out)]).exit_code == 0
    assert runner.invoke(app, ["import", str(FLOW_BOT), "--out", str(out)]).exit_code == 1
    replaced = runner.invoke(app, ["import", str(FLOW_BOT), "--out", str(out), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert not (out / "locales").exists()


def test_export_lex_v2_writes_a_zip(tmp_path: Path) -> None:
    repo = copy_example_bot(tmp_path)
    target = tmp_path / "out/EventBot.zip"
    result = runner.invoke(app, ["export", "lex-v2", str(target), "--project", str(repo)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        assert "EventBot/Bot.json" in archive.namelist()
