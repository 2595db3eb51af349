"""`bot shell` renders turns in the terminal: messages, cards, intent, slots and dialog action."""

import random

from rich.console import Console

from bot.runtime import BotRuntime
from bot.sessions import MemorySessionStore
from bot.shell import run_shell


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
