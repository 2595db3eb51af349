"""Small bots written into a temporary workspace, quick to train: a greeting whose answer says
which version of the bot gave it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


def write_bot(root: Path, name: str, greeting: str, aliases: str = "[prod]") -> Path:
    (root / "intents").mkdir(parents=True, exist_ok=True)
    (root / "bot.yaml").write_text(
        f"# {name}: a test bot\nname: {name}\naliases: {aliases}\n"
        "locales: [en_US]\nnluConfidenceThreshold: 0.3\n"
    )
    (root / "intents" / "Greeting.yaml").write_text(
        "name: Greeting\nsampleUtterances: [hello, hi, good morning, hey there]\n"
        f"intentClosingSetting:\n  closingResponse: {greeting}\n"
    )
    (root / "intents" / "OrderCoffee.yaml").write_text(
        "name: OrderCoffee\n"
        "sampleUtterances: [I want a coffee, order a coffee, coffee please, one espresso]\n"
        "intentClosingSetting:\n  closingResponse: Your coffee is coming.\n"
    )
    return root


def set_greeting(root: Path, greeting: str) -> None:
    path = root / "intents" / "Greeting.yaml"
    text = path.read_text().splitlines()
    path.write_text("\n".join(text[:-1] + [f"  closingResponse: {greeting}"]) + "\n")


@pytest.fixture(scope="session", autouse=True)
def aws_environment() -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        mp.setenv(name, value)
    yield
    mp.undo()
