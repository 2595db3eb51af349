"""`bot test`: the example bot's own conversations pass; a conversation that differs is reported
at its first differing turn with expected and actual values and exits 1; JUnit XML for CI; bad
files are reported with file, line and field; dates relative to a fixed `now`; recording from
the shell writes a file that passes."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.conversation_tests import read_conversations
from bot.conversation_tests.runner import ConversationRunner, expand_dates
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject

Bot = tuple[BotProject, NLUEngine, Path]
ROOT = Path(__file__).resolve().parents[2]
WIDE = {"COLUMNS": "200"}


@pytest.fixture(scope="module")
def runner(trained_bot: Bot) -> ConversationRunner:
    return ConversationRunner.for_project(trained_bot[2])


def write(root: Path, name: str, text: str) -> Path:
    folder = root / "tests" / "conversations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


def test_the_example_bots_conversations_pass(trained_bot: Bot) -> None:
    root = trained_bot[2]
    shutil.copytree(
        ROOT / "tests" / "conversations",
        root / "tests" / "conversations",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("*.py", "fixtures", "__pycache__"),
    )
    result = CliRunner().invoke(app, ["test", "--project", str(root)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "3 passed, 0 failed" in result.output


def test_a_differing_turn_is_reported_with_expected_and_actual_and_exits_1(
    trained_bot: Bot, tmp_path: Path
) -> None:
    root = trained_bot[2]
    target = write(
        tmp_path,
        "wrong.yaml",
        """\
name: wrong intent on turn 2
turns:
  - user: hello
    expect: {intent: Greeting}
  - user: what events are there
    expect:
      intent: {name: CancelRegistration, state: Fulfilled}
      dialogAction: Close
  - user: never reached
""",
    )
    junit = tmp_path / "junit.xml"
    result = CliRunner().invoke(
        app, ["test", "--project", str(root), str(target), "--junit", str(junit)], env=WIDE
    )
    assert result.exit_code == 1
    assert "failed wrong intent on turn 2" in result.output
    assert "turn 2 of 3" in result.output and "wrong.yaml:5" in result.output
    assert "intent.name" in result.output and "CancelRegistration" in result.output
    assert "EventInfo" in result.output and "0 passed, 1 failed" in result.output
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "1" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and "intent.name: expected CancelRegistration, got EventInfo" in (
        failure.text or ""
    )


def test_a_bad_file_is_reported_with_file_line_and_field(trained_bot: Bot, tmp_path: Path) -> None:
    write(
        tmp_path,
        "bad.yaml",
        """\
turns:
  - user: hello
    expect:
      dialogActon: Close
  - button: x
    user: y
""",
    )
    conversations, problems = read_conversations(tmp_path, [])
    assert conversations == []
    shown = [str(p) for p in problems]
    assert any(
        "bad.yaml:4: turns[0].expect.dialogActon: unknown key" in s and "dialogAction" in s
        for s in shown
    ), shown
    assert any("bad.yaml:5: turns[1]" in s and "either 'user'" in s for s in shown), shown


def test_dates_are_written_relative_to_a_fixed_now(
    runner: ConversationRunner, tmp_path: Path
) -> None:
    from bot.conversation_tests.spec import read_conversation

    path = write(
        tmp_path,
        "dates.yaml",
        """\
now: 2031-06-10T09:00:00+01:00
timeZone: Europe/London
turns:
  - user: register me for PyCon
    expect: {slotToElicit: eventDate}
  - user: tomorrow
    expect:
      slots: {eventDate: "{today+1}"}
""",
    )
    conversation, problems = read_conversation(path, tmp_path)
    assert problems == [] and conversation is not None
    result = runner.run(conversation)
    assert result.passed, result.failure
    slot = result.answers[1]["sessionState"]["intent"]["slots"]["eventDate"]
    assert slot["value"]["interpretedValue"] == "2031-06-11"


def test_relative_dates_take_a_format() -> None:
    from datetime import date

    today = date(2026, 12, 3)
    assert expand_dates("on {today+1}", today) == "on 2026-12-04"
    assert expand_dates("{today-3:%A %-d %B %Y}", today) == "Monday 30 November 2026"
    assert expand_dates("x{2}", today) == "x{2}"  # a regex quantifier is left alone


def test_a_button_must_be_on_the_last_answers_card(
    runner: ConversationRunner, tmp_path: Path
) -> None:
    from bot.conversation_tests.spec import read_conversation

    path = write(
        tmp_path, "button.yaml", "- user: register me for an event\n- button: Glastonbury\n"
    )
    conversation, _ = read_conversation(path, tmp_path)
    assert conversation is not None
    result = runner.run(conversation)
    assert result.failure is not None and result.failure.differences[0].field == "button"
    assert "PyCon" in result.failure.differences[0].actual


def test_recording_a_shell_conversation_writes_a_test_that_passes(
    trained_bot: Bot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = trained_bot[2]
    target = tmp_path / "tests" / "conversations" / "from_shell.yaml"
    said = "register me for PyCon\ntomorrow\nMaria\nmaria@example.com\nyes\n/quit\n"
    result = CliRunner().invoke(app, ["test", "-p", str(root), "--record", str(target)], input=said)
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert "user: register me for PyCon" in text and "eventDate: '{today+1}'" in text
    assert "/quit" not in text
    replay = CliRunner().invoke(app, ["test", "-p", str(root), str(target)], env=WIDE)
    assert replay.exit_code == 0, replay.output + text
