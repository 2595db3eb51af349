"""Small bots written into a temporary workspace, quick to train: a greeting whose answer says
which version of the bot gave it."""

from __future__ import annotations

from pathlib import Path

# Dummy AWS credentials and region for boto3, as the API tests have them.
from tests.api.conftest import aws_environment  # noqa: F401


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


def fulfil_greeting_with(root: Path, code_hook: str) -> None:
    """Have the bot's `codeHook` (given as YAML flow text) fulfil its Greeting."""
    with (root / "bot.yaml").open("a") as bot_file:
        bot_file.write(f"codeHook: {code_hook}\n")
    with (root / "intents" / "Greeting.yaml").open("a") as intent_file:
        intent_file.write("fulfillmentCodeHook: {enabled: true}\n")


def set_greeting(root: Path, greeting: str) -> None:
    path = root / "intents" / "Greeting.yaml"
    text = path.read_text().splitlines()
    path.write_text("\n".join(text[:-1] + [f"  closingResponse: {greeting}"]) + "\n")
