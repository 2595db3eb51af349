from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from botocore.config import Config

from bot.project.aliases import set_alias_version
from bot.runtime import bot_id_for
from bot.server import create_app
from bot.versions import create_version
from bot.workspace import Workspace, find_projects, open_workspace
from tests.serving import serving_app
from tests.workspace.conftest import set_greeting, write_bot

RETRIES = Config(retries={"max_attempts": 1})


def _v2(url: str) -> object:
    return boto3.client("lexv2-runtime", endpoint_url=url, config=RETRIES)


def _v1(url: str) -> object:
    return boto3.client("lex-runtime", endpoint_url=url, config=RETRIES)


def _said(reply: dict) -> str:
    return " ".join(m["content"] for m in reply.get("messages", []))


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """Two bots; ShopBot's prod alias on version 1 ("Hello from v1"), its DRAFT saying v2."""
    shop = write_bot(tmp_path / "shop", "ShopBot", "Hello from v1")
    write_bot(tmp_path / "cafe", "CafeBot", "Welcome to the cafe", aliases="[live]")
    create_version(shop)
    set_greeting(shop, "Hello from v2")
    create_version(shop)
    set_alias_version(shop, "prod", "1")
    bots = open_workspace(find_projects(tmp_path), store_url="memory://")
    yield bots
    bots.close()


def test_two_bots_in_one_workspace_answer_over_v2_and_v1(workspace: Workspace) -> None:
    with serving_app(create_app(workspace.fleet)) as url:
        lex = _v2(url)
        for bot, alias, expected in [
            ("ShopBot", "prod", "Hello from v1"),
            ("ShopBot", "TSTALIASID", "Hello from v2"),
            ("CafeBot", "live", "Welcome to the cafe"),
        ]:
            reply = lex.recognize_text(
                botId=bot_id_for(bot),
                botAliasId=alias,
                localeId="en_US",
                sessionId="u1",
                text="hello",
            )
            assert _said(reply) == expected
        v1 = _v1(url)
        # V1 without a code hook hands the intent back, ready for fulfilment, as Lex V1 does.
        for bot, alias, version in [
            ("CafeBot", "live", "$LATEST"),
            ("ShopBot", "prod", "1"),
            ("ShopBot", "$LATEST", "$LATEST"),
        ]:
            reply = v1.post_text(botName=bot, botAlias=alias, userId="u1", inputText="hi")
            assert (reply["intentName"], reply["dialogState"], reply["botVersion"]) == (
                "Greeting",
                "ReadyForFulfillment",
                version,
            )
        with pytest.raises(v1.exceptions.NotFoundException):
            v1.post_text(botName="TeaBot", botAlias="live", userId="u1", inputText="hi")
        with pytest.raises(lex.exceptions.ResourceNotFoundException):
            lex.recognize_text(
                botId=bot_id_for("CafeBot"),
                botAliasId="prod",
                localeId="en_US",
                sessionId="u1",
                text="hi",
            )


def test_health_lists_every_bot_with_its_aliases_and_versions(workspace: Workspace) -> None:
    with serving_app(create_app(workspace.fleet)) as url:
        body = httpx.get(f"{url}/health").json()
    assert body["bot"]["name"] == "CafeBot"  # the first bot, by folder name
    shop = next(b for b in body["bots"] if b["name"] == "ShopBot")
    assert shop["botId"] == bot_id_for("ShopBot")
    assert shop["locales"] == ["en_US"]
    assert {"botAliasName": "prod", "botAliasId": "prod", "botVersion": "1"} in shop["aliases"]
    assert {"botAliasName": "TSTALIASID", "botAliasId": "TSTALIASID", "botVersion": "DRAFT"} in (
        shop["aliases"]
    )


def test_an_alias_moved_under_load_fails_no_turn(workspace: Workspace) -> None:
    shop = workspace.fleet.bots[1]
    assert shop.name == "ShopBot"
    root = next(b.root for b in workspace._bots if b.routes.name == "ShopBot")
    workspace.watch(interval=0.1)
    failures: list[BaseException] = []
    answers: list[str] = []
    stop = threading.Event()

    def talk(n: int) -> None:
        lex = _v2(url)
        turn = 0
        while not stop.is_set():
            turn += 1
            try:
                reply = lex.recognize_text(
                    botId=shop.bot_id,
                    botAliasId="prod",
                    localeId="en_US",
                    sessionId=f"user-{n}-{turn % 3}",
                    text="hello" if turn % 2 else "coffee please",
                )
                answers.append(_said(reply))
            except BaseException as exc:  # noqa: BLE001 - every failure is the test's finding
                failures.append(exc)

    with serving_app(create_app(workspace.fleet)) as url:
        threads = [threading.Thread(target=talk, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        set_alias_version(root, "prod", "2")
        deadline = time.monotonic() + 5
        while shop.aliases["prod"].version != "2" and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        stop.set()
        for thread in threads:
            thread.join()
        assert shop.aliases["prod"].version == "2"
        after = _v2(url).recognize_text(
            botId=shop.bot_id, botAliasId="prod", localeId="en_US", sessionId="new", text="hello"
        )
    assert failures == []
    assert "Hello from v1" in answers and "Hello from v2" in answers
    assert _said(after) == "Hello from v2"


def test_a_version_that_cannot_be_loaded_keeps_the_alias_where_it_was(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    root = next(b.root for b in workspace._bots if b.routes.name == "ShopBot")
    shop = workspace.fleet.bots[1]
    (root / "versions" / "2" / "models" / "nlu" / "manifest.json").write_text("{broken")
    set_alias_version(root, "prod", "2")
    workspace.refresh()
    assert shop.aliases["prod"].version == "1"
    assert "alias prod refused version 2, it keeps 1" in caplog.text


def test_a_broken_draft_under_reload_keeps_serving_the_old_model(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_bot(tmp_path / "shop", "ShopBot", "Hello from the draft")
    bots = open_workspace([root], store_url="memory://", reload=True)
    bot = bots.fleet.bots[0]
    with serving_app(create_app(bots.fleet)) as url:
        lex = _v2(url)
        ids = {"botId": bot.bot_id, "botAliasId": "prod", "localeId": "en_US", "text": "hello"}
        (root / "intents" / "Greeting.yaml").write_text("name: Greeting\nsampleUtterances: 7\n")
        bots.refresh()
        assert "the DRAFT keeps its old model" in caplog.text
        assert _said(lex.recognize_text(**ids, sessionId="s-a")) == "Hello from the draft"
        write_bot(root, "ShopBot", "Hello from the retrained draft")
        bots.refresh()
        assert _said(lex.recognize_text(**ids, sessionId="s-b")) == "Hello from the retrained draft"
    bots.close()


def test_an_alias_answers_to_its_id_and_its_name_in_one_session(tmp_path: Path) -> None:
    root = write_bot(
        tmp_path / "shop", "ShopBot", "Hello", aliases="{prod: {botAliasId: PRODALIAS1}}"
    )
    bots = open_workspace([root], store_url="memory://")
    bot = bots.fleet.bots[0]
    with serving_app(create_app(bots.fleet)) as url:
        lex = _v2(url)
        ids = {"botId": bot.bot_id, "localeId": "en_US", "sessionId": "s-1"}
        lex.put_session(**ids, botAliasId="prod", sessionState={"sessionAttributes": {"a": "1"}})
        got = lex.get_session(**ids, botAliasId="PRODALIAS1")
        assert got["sessionState"]["sessionAttributes"] == {"a": "1"}
        health = httpx.get(f"{url}/health").json()
    prod = {"botAliasName": "prod", "botAliasId": "PRODALIAS1", "botVersion": "DRAFT"}
    assert prod in health["bots"][0]["aliases"]


def test_channel_webhooks_name_the_bot_when_a_workspace_has_several(
    workspace: Workspace,
) -> None:
    from channels import mount

    app = create_app(workspace.fleet)
    mount(app, workspace.fleet)
    with serving_app(app) as url:
        cafe = httpx.post(
            f"{url}/webhooks/CafeBot/rest/webhook", json={"sender": "u-1", "message": "hello"}
        )
        shop = httpx.post(
            f"{url}/webhooks/ShopBot/rest/webhook", json={"sender": "u-1", "message": "hello"}
        )
    assert cafe.status_code == 200 and shop.status_code == 200
    assert cafe.json()[0]["text"] == "Welcome to the cafe"
    assert shop.json()[0]["text"] == "Hello from v2"  # channels talk to the DRAFT
