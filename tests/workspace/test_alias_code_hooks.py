"""An alias's own choice of code hook wins over the version's: `codeHook: {enabled: false}` on
the alias, or on one of its locales, calls none, as a Lex alias without a Lambda; the test alias
keeps calling the version's hook (in process here, recording its events)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from bot.project.aliases import set_alias_version
from bot.server import create_app
from bot.versions import create_version
from bot.workspace import open_workspace
from tests.hooks import handlers
from tests.serving import serving_app
from tests.workspace.conftest import write_bot

HOOK = "python:tests.hooks.handlers:close_fulfilled"
OFF = "{codeHook: {enabled: false}}"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The URL and bot id of ShopBot, whose Greeting is fulfilled by `HOOK`: prod on version 1
    and beta on DRAFT attach no code hook, the one as an alias, the other for en_US."""
    root = write_bot(
        tmp_path / "shop",
        "ShopBot",
        "Hello",
        aliases=f"{{prod: {OFF}, beta: {{locales: {{en_US: {OFF}}}}}}}",
    )
    with (root / "bot.yaml").open("a") as bot_file:
        bot_file.write(f"codeHook: {{uri: '{HOOK}'}}\n")
    with (root / "intents" / "Greeting.yaml").open("a") as intent_file:
        intent_file.write("fulfillmentCodeHook: {enabled: true}\n")
    create_version(root)
    set_alias_version(root, "prod", "1")
    bots = open_workspace([root], store_url="memory://", train=False)
    with serving_app(create_app(bots.fleet)) as url:
        yield url, bots.fleet.bots[0].bot_id
    bots.close()


def test_an_alias_without_a_code_hook_skips_the_versions_hook(served: tuple[str, str]) -> None:
    url, bot_id = served
    lex = boto3.client(
        "lexv2-runtime", endpoint_url=url, config=Config(retries={"max_attempts": 1})
    )
    said = {}
    for alias in ("prod", "beta", "TSTALIASID"):
        reply = lex.recognize_text(
            botId=bot_id, botAliasId=alias, localeId="en_US", sessionId=f"s-{alias}", text="hello"
        )
        assert reply["sessionState"]["intent"]["state"] == "Fulfilled"
        said[alias] = handlers.calls_for(f"s-{alias}")
    assert said == {"prod": [], "beta": [], "TSTALIASID": ["FulfillmentCodeHook"]}
