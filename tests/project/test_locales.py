"""Loading a bot with several locales, and the warnings `bot check` gives for files it does not
read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.errors import BotDefinitionError
from bot.project.loader import load_project

LOCALE_BOT = Path(__file__).parent.parent / "api" / "locale_bot"


@pytest.fixture
def bot(tmp_path: Path) -> Path:
    shutil.copytree(LOCALE_BOT, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_every_locale_loads_its_own_files(bot: Path) -> None:
    project = load_project(bot)
    assert list(project.locales()) == ["en_US", "it_IT"]
    italian = project.other_locales["it_IT"]
    assert italian.files_root == bot / "locales" / "it_IT"
    assert "vorrei un caffè" in italian.intents["OrderCoffee"].sampleUtterances
    assert (project.threshold, italian.threshold) == (0.4, 0.3)


def test_a_locale_fingerprint_changes_only_with_its_own_files(bot: Path) -> None:
    before = load_project(bot)
    (bot / "locales" / "it_IT" / "intents" / "Greeting.yaml").write_text(
        "name: Greeting\nsampleUtterances: [ciao, salve]\n"
    )
    after = load_project(bot)
    assert after.fingerprint == before.fingerprint
    assert after.other_locales["it_IT"].fingerprint != before.other_locales["it_IT"].fingerprint


def test_a_problem_in_another_locale_names_its_file(bot: Path) -> None:
    (bot / "locales" / "it_IT" / "intents" / "Broken.yaml").write_text("name: Broken\nslots: 3\n")
    with pytest.raises(BotDefinitionError) as raised:
        load_project(bot)
    assert any(p.file == "locales/it_IT/intents/Broken.yaml" for p in raised.value.problems)


def test_a_bot_without_en_us_loads(bot: Path) -> None:
    (bot / "bot.yaml").write_text("name: LocaleBot\nlocales: [en_GB]\n")
    shutil.rmtree(bot / "locales")
    assert load_project(bot).locale == "en_GB"


def test_files_that_are_not_read_are_warned_about(bot: Path) -> None:
    (bot / "intents" / "Intent.json").write_text(json.dumps({"name": "BookCar"}))
    (bot / "intents" / "notes.txt").write_text("todo")
    (bot / "locales" / "fr_FR" / "intents").mkdir(parents=True)
    (bot / "locales" / "fr_FR" / "intents" / "Greeting.yaml").write_text("name: Greeting\n")
    (bot / "training_data").mkdir()
    (bot / "training_data" / "export.json").write_text("{}")
    warned = {w.file: w.message for w in load_project(bot).warnings}
    assert set(warned) == {
        "intents/Intent.json",
        "intents/notes.txt",
        "locales/fr_FR/intents/Greeting.yaml",
        "training_data/export.json",
    }
    assert "bot import" in warned["intents/Intent.json"]
    assert "fr_FR is not one of the locales" in warned["locales/fr_FR/intents/Greeting.yaml"]


def test_bot_check_prints_the_warnings(bot: Path) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    (bot / "intents" / "Intent.json").write_text("{}")
    result = CliRunner().invoke(app, ["check", "--project", str(bot)])
    assert result.exit_code == 0
    assert "intents/Intent.json" in result.output


def test_a_bad_condition_is_reported_with_its_file_line_and_position(bot: Path) -> None:
    (bot / "intents" / "Greeting.yaml").write_text(
        "name: Greeting\n"
        "sampleUtterances: [hello, hi]\n"
        "initialResponseSetting:\n"
        "  nextStep: {dialogAction: {type: EvaluateConditional}}\n"
        "  conditional:\n"
        "    conditionalBranches:\n"
        "      - name: Broken\n"
        "        condition: {expressionString: '{count} > '}\n"
        "        nextStep: {dialogAction: {type: EndConversation}}\n"
    )
    with pytest.raises(BotDefinitionError) as raised:
        load_project(bot)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == ("intents/Greeting.yaml", 8)
    assert "'{count} > '" in problem.message and "at character" in problem.message
