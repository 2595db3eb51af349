"""A bot with two locales, served and talked to with boto3: each locale answers from its own
intents and model, an unknown locale is Lex's ResourceNotFoundException."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.config import Config

from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.training import model_dir
from tests.api.conftest import serving

LOCALE_BOT = Path(__file__).parent / "locale_bot"


@pytest.fixture(scope="module")
def locale_runtime(tmp_path_factory: pytest.TempPathFactory) -> BotRuntime:
    root = tmp_path_factory.mktemp("locale-bot")
    shutil.copytree(LOCALE_BOT, root, dirs_exist_ok=True)
    return build_runtime(root, store_url="memory://")


@pytest.fixture(scope="module")
def url(locale_runtime: BotRuntime) -> Iterator[str]:
    with serving(locale_runtime) as base:
        yield base


@pytest.fixture(scope="module")
def lex(url: str) -> Any:
    return boto3.client(
        "lexv2-runtime", endpoint_url=url, config=Config(retries={"max_attempts": 1})
    )


def _say(lex: Any, runtime: BotRuntime, locale: str, text: str, session: str) -> dict[str, Any]:
    response: dict[str, Any] = lex.recognize_text(
        botId=runtime.identity.bot_id,
        botAliasId="TSTALIASID",
        localeId=locale,
        sessionId=session,
        text=text,
    )
    return response


def test_each_locale_answers_from_its_own_intents(lex: Any, locale_runtime: BotRuntime) -> None:
    english = _say(lex, locale_runtime, "en_US", "I want a coffee", "user-1")
    italian = _say(lex, locale_runtime, "it_IT", "vorrei un caffè", "user-1")
    assert english["sessionState"]["intent"]["name"] == "OrderCoffee"
    assert [m["content"] for m in english["messages"]] == ["Your coffee is coming."]
    assert italian["sessionState"]["intent"]["name"] == "OrderCoffee"
    assert [m["content"] for m in italian["messages"]] == ["Il suo caffè sta arrivando."]


def test_sessions_are_kept_per_locale(lex: Any, locale_runtime: BotRuntime) -> None:
    _say(lex, locale_runtime, "en_US", "hello", "user-2")
    _say(lex, locale_runtime, "it_IT", "vorrei un caffè", "user-2")
    english = lex.get_session(
        botId=locale_runtime.identity.bot_id,
        botAliasId="TSTALIASID",
        localeId="en_US",
        sessionId="user-2",
    )
    assert english["sessionState"]["intent"]["name"] == "Greeting"


def test_an_unknown_locale_is_not_found(lex: Any, locale_runtime: BotRuntime) -> None:
    with pytest.raises(lex.exceptions.ResourceNotFoundException):
        _say(lex, locale_runtime, "fr_FR", "bonjour", "user-3")


def test_health_lists_the_locales(url: str) -> None:
    assert httpx.get(f"{url}/health").json()["bot"]["locales"] == ["en_US", "it_IT"]


def test_every_locale_has_its_own_model(locale_runtime: BotRuntime) -> None:
    root = locale_runtime.project.root
    assert (model_dir(root) / "manifest.json").is_file()
    assert (model_dir(root, "it_IT") / "manifest.json").is_file()
    assert locale_runtime.project.other_locales["it_IT"].threshold == 0.3
