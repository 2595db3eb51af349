"""`bot shell` renders turns in the terminal: messages, cards, intent, slots and dialog action;
with `--alias` it talks to what that alias serves."""

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from bot.project.aliases import set_alias_version
from bot.runtime import BotRuntime
from bot.sessions import MemorySessionStore
from bot.shell import run_shell
from bot.versions import create_version
from tests.workspace.conftest import set_greeting, write_bot

BOT = shutil.which("bot") or str(Path(sys.executable).with_name("bot"))


def test_shell_shows_the_turn_and_answers_commands(trained_bot):
    project, nlu, _ = trained_bot
    runtime = BotRuntime(project, nlu, MemorySessionStore(), rng=random.Random(0))
    lines = iter(["/state", "I want to register for an event", "/state", "/reset", "/quit"])
    console = Console(record=True, width=120)
    run_shell(runtime, console, ask=lambda: next(lines))
    text = console.export_text()
    assert "no conversation yet" in text
    assert "RegisterUserForEvent" in text and "ElicitSlot" in text and "eventName" in text
    assert "[AWS Summit]" in text  # the response card's buttons
    assert '"dialogAction"' in text
    assert "new conversation" in text


def _shell(root: Path, *args: str, said: str = "") -> subprocess.CompletedProcess[str]:
    """`bot shell` as a user runs it, in a terminal 200 columns wide."""
    return subprocess.run(
        [BOT, "shell", "--project", str(root), *args],
        input=said,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_shell_alias_talks_to_the_version_the_alias_serves(tmp_path: Path) -> None:
    shop = write_bot(tmp_path / "shop", "ShopBot", "Hello from v1")
    create_version(shop)
    set_greeting(shop, "Hello from v2")
    set_alias_version(shop, "prod", "1")

    draft = _shell(shop, said="hello\n/quit\n")
    assert draft.returncode == 0, draft.stderr
    assert "bot> Hello from v2" in draft.stdout
    prod = _shell(shop, "--alias", "prod", said="hello\n/quit\n")
    assert prod.returncode == 0, prod.stderr
    assert "bot> Hello from v1" in prod.stdout and "Hello from v2" not in prod.stdout
    assert "alias prod on version 1" in prod.stderr


def test_shell_with_an_alias_the_bot_lacks_fails_with_one_line(tmp_path: Path) -> None:
    shop = write_bot(tmp_path / "shop", "ShopBot", "Hello")
    unknown = _shell(shop, "--alias", "beta", said="hello\n/quit\n")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines()[-1] == (
        "error: Bot alias beta not found for bot ShopBot (it has TSTALIASID, $LATEST, prod)"
    )
    assert "Traceback" not in unknown.stderr and unknown.stdout == ""
