"""The example bot in Japanese (locales/ja_JP/), served and talked to with boto3's lexv2-runtime
client on localeId ja_JP: registration with Japanese dates, a confirmation card, はい/いいえ."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bot.app import build_runtime
from bot.runtime import BotRuntime
from tests.api.conftest import serving

# The `test` extra installs lexbot[ja]: without it these tests fail, never skip.
if importlib.util.find_spec("sudachipy") is None:
    raise ImportError("the Japanese example tests need lexbot[ja]: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parents[2]
# Wednesday 18 November 2026, 09:00 in London (the bot's time zone).
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC).timestamp()


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> BotRuntime:
    root = tmp_path_factory.mktemp("example-ja")
    shutil.copy(ROOT / "bot.yaml", root / "bot.yaml")
    for folder in ("intents", "training_data", "locales"):
        shutil.copytree(ROOT / folder, root / folder)
    return build_runtime(root, store_url="memory://", clock=lambda: NOW)


@pytest.fixture(scope="module")
def lex(runtime: BotRuntime) -> Iterator[Any]:
    with serving(runtime) as url:
        yield boto3.client(
            "lexv2-runtime",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="x",  # any credentials do on loopback
            aws_secret_access_key="x",
            config=Config(retries={"max_attempts": 1}),
        )


def _say(lex: Any, runtime: BotRuntime, session: str, text: str) -> dict[str, Any]:
    response: dict[str, Any] = lex.recognize_text(
        botId=runtime.identity.bot_id,
        botAliasId="TSTALIASID",
        localeId="ja_JP",
        sessionId=session,
        text=text,
    )
    return response


def _slot(response: dict[str, Any], name: str) -> str | None:
    slot = response["sessionState"]["intent"]["slots"].get(name)
    return slot["value"]["interpretedValue"] if slot else None


def _action(response: dict[str, Any]) -> tuple[str, str | None]:
    action = response["sessionState"]["dialogAction"]
    return action["type"], action.get("slotToElicit")


def test_the_example_bot_lists_japanese_among_its_locales(runtime: BotRuntime) -> None:
    assert runtime.identity.locales == ("en_US", "ja_JP")


def test_registration_in_japanese_with_next_weeks_friday(lex: Any, runtime: BotRuntime) -> None:
    first = _say(lex, runtime, "ja-1", "PyConに登録したい")
    assert first["sessionState"]["intent"]["name"] == "RegisterUserForEvent"
    assert _slot(first, "eventName") == "PyCon"
    assert _action(first) == ("ElicitSlot", "eventDate")
    assert first["messages"][0]["content"] in (
        "PyConにはいつ参加しますか？",
        "参加する日を教えてください。",
    )

    dated = _say(lex, runtime, "ja-1", "来週の金曜日")
    assert _slot(dated, "eventDate") == "2026-11-27"
    assert _action(dated) == ("ElicitSlot", "firstName")

    named = _say(lex, runtime, "ja-1", "マリアです")
    assert _slot(named, "firstName") == "マリア"
    assert _action(named) == ("ElicitSlot", "email")

    confirm = _say(lex, runtime, "ja-1", "maria@example.com")
    assert _action(confirm) == ("ConfirmIntent", None)
    card = next(m for m in confirm["messages"] if m["contentType"] == "ImageResponseCard")
    buttons = [b["value"] for b in card["imageResponseCard"]["buttons"]]
    assert buttons == ["はい", "いいえ"]

    done = _say(lex, runtime, "ja-1", "はい")
    assert done["sessionState"]["intent"]["state"] == "Fulfilled"
    assert done["sessionState"]["intent"]["confirmationState"] == "Confirmed"
    assert "登録が完了しました" in done["messages"][0]["content"]


def test_a_month_and_day_in_the_first_sentence_fills_both_slots(
    lex: Any, runtime: BotRuntime
) -> None:
    response = _say(lex, runtime, "ja-2", "3月12日のAWSサミットに申し込みたい")
    assert _slot(response, "eventName") == "AWS Summit"
    assert _slot(response, "eventDate") == "2027-03-12"  # future-biased: next March
    assert _action(response) == ("ElicitSlot", "firstName")


def test_tomorrow_answers_the_date_prompt(lex: Any, runtime: BotRuntime) -> None:
    _say(lex, runtime, "ja-3", "パイコンに参加したいです")
    response = _say(lex, runtime, "ja-3", "明日")
    assert _slot(response, "eventDate") == "2026-11-19"


def test_iie_declines_the_registration(lex: Any, runtime: BotRuntime) -> None:
    for text in [
        "デブオプスデイズに登録したい",
        "明日でお願いします",
        "花子",
        "hanako@example.com",
    ]:
        _say(lex, runtime, "ja-4", text)
    response = _say(lex, runtime, "ja-4", "いいえ")
    assert response["sessionState"]["intent"]["confirmationState"] == "Denied"
    assert "登録はしていません" in response["messages"][0]["content"]


def test_the_event_prompt_shows_a_card_of_events(lex: Any, runtime: BotRuntime) -> None:
    response = _say(lex, runtime, "ja-5", "イベントに登録したい")
    assert _action(response) == ("ElicitSlot", "eventName")
    cards = [m for m in response["messages"] if m["contentType"] == "ImageResponseCard"]
    assert cards and cards[0]["imageResponseCard"]["title"] == "開催予定のイベント"


def test_english_still_answers_on_en_us(lex: Any, runtime: BotRuntime) -> None:
    response = lex.recognize_text(
        botId=runtime.identity.bot_id,
        botAliasId="TSTALIASID",
        localeId="en_US",
        sessionId="en-1",
        text="hello",
    )
    assert response["sessionState"]["intent"]["name"] == "Greeting"
