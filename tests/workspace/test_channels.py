"""Channels in a workspace: each bot answers from the alias its `channels:` block names, follows
that alias when it moves, and reads its own channel secrets (`<BOT>_SLACK_…`)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from bot.errors import ConfigurationError
from bot.project.aliases import set_alias_version
from bot.project.bot_config import BotConfig
from bot.runtime import bot_id_for
from bot.security import SecuritySettings
from bot.server import create_app
from bot.training import load_models
from bot.versions import create_version
from bot.workspace import find_projects, open_workspace
from channels import mount
from channels.settings import ChannelSettings
from tests.channels.slack.conftest import envelope, slack_signature
from tests.channels.slack.fake_slack import FakeSlack
from tests.serving import serving_app
from tests.workspace.conftest import set_greeting, write_bot


def _rest(url: str, bot: str, sender: str) -> str:
    reply = httpx.post(
        f"{url}/webhooks/{bot}/rest/webhook", json={"sender": sender, "message": "hello"}
    )
    assert reply.status_code == 200, reply.text
    return " ".join(m["text"] for m in reply.json())


def test_channels_answer_from_their_alias_and_follow_it_when_it_moves(tmp_path: Path) -> None:
    shop = write_bot(tmp_path / "shop", "ShopBot", "Hello from v1")
    write_bot(tmp_path / "cafe", "CafeBot", "Welcome to the cafe", aliases="[live]")
    create_version(shop)
    set_greeting(shop, "Hello from v2")
    create_version(shop)
    set_greeting(shop, "Hello from the draft")
    set_alias_version(shop, "prod", "1")
    with (shop / "bot.yaml").open("a") as bot_file:
        bot_file.write("channels:\n  alias: prod\n")
    bots = open_workspace(find_projects(tmp_path), store_url="memory://")
    security = SecuritySettings.model_construct(api_channel_sessions="allow")
    app = create_app(bots.fleet, security)
    live = mount(app, bots.fleet)
    assert "ShopBot/REST" in live and "CafeBot/REST" in live
    with serving_app(app) as url:
        assert _rest(url, "ShopBot", "u-1") == "Hello from v1"
        assert _rest(url, "CafeBot", "u-1") == "Welcome to the cafe"  # no block: the DRAFT
        # An operator reaching a channel conversation through the API meets the same version.
        path = f"/bots/{bot_id_for('ShopBot')}/botAliases/$CHANNELS/botLocales/en_US/sessions"
        said = httpx.post(f"{url}{path}/rest:u-1/text", json={"text": "hello"}).json()
        assert said["messages"][0]["content"] == "Hello from v1"
        set_alias_version(shop, "prod", "2")
        bots.refresh()
        assert _rest(url, "ShopBot", "u-2") == "Hello from v2"
    bots.close()
    # Naming the channels' alias is not a change of the bot: the model stays current.
    assert load_models(shop)


def test_the_channels_block_must_name_one_of_the_aliases() -> None:
    with pytest.raises(ValidationError, match="channels.alias beta is not one of the aliases"):
        BotConfig.model_validate(
            {"name": "ShopBot", "aliases": ["prod"], "channels": {"alias": "beta"}}
        )
    config = BotConfig.model_validate(
        {"name": "ShopBot", "aliases": ["prod"], "channels": {"alias": "prod"}}
    )
    assert config.channels.alias == "prod"


def test_each_bot_reads_its_own_slack_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bot(tmp_path / "shop", "ShopBot", "Hello from the shop")
    write_bot(tmp_path / "cafe", "CafeBot", "Welcome to the cafe", aliases="[live]")
    fake = FakeSlack()
    secrets = {"ShopBot": "shop-signing-secret", "CafeBot": "cafe-signing-secret"}
    with serving_app(fake.app()) as slack_url:
        monkeypatch.setenv("SLACK_API_URL", f"{slack_url}/api/")  # shared by both bots
        for bot, secret in secrets.items():
            monkeypatch.setenv(f"{bot.upper()}_SLACK_SIGNING_SECRET", secret)
            monkeypatch.setenv(f"{bot.upper()}_SLACK_BOT_TOKEN", f"xoxb-{bot.lower()}")
        bots = open_workspace(find_projects(tmp_path), store_url="memory://")
        app = create_app(bots.fleet)
        assert {"ShopBot/Slack", "CafeBot/Slack"} <= set(mount(app, bots.fleet))
        with serving_app(app) as url:

            def send(bot: str, secret: str, channel: str) -> httpx.Response:
                ts = f"{time.time():.6f}"
                event = {"type": "message", "channel_type": "im", "channel": channel}
                event |= {"user": "U1", "text": "hello", "ts": ts, "event_ts": ts}
                body = json.dumps(envelope(event)).encode()
                stamp = str(int(time.time()))
                headers = {
                    "Content-Type": "application/json",
                    "X-Slack-Request-Timestamp": stamp,
                    "X-Slack-Signature": slack_signature(stamp, body, secret),
                }
                return httpx.post(
                    f"{url}/channels/{bot}/slack/events", content=body, headers=headers
                )

            # One bot's secret does not open the other's webhook.
            assert send("CafeBot", secrets["ShopBot"], "D0CAFE").status_code == 401
            assert send("ShopBot", secrets["ShopBot"], "D0SHOP").status_code == 200
            assert send("CafeBot", secrets["CafeBot"], "D0CAFE").status_code == 200
            shop_post = fake.wait_for("D0SHOP", 1, "chat.postMessage")[0]
            cafe_post = fake.wait_for("D0CAFE", 1, "chat.postMessage")[0]
        bots.close()
    assert (shop_post.text, shop_post.authorization) == (
        "Hello from the shop",
        "Bearer xoxb-shopbot",
    )
    assert (cafe_post.text, cafe_post.authorization) == (
        "Welcome to the cafe",
        "Bearer xoxb-cafebot",
    )


def test_bots_whose_names_read_the_same_variables_are_refused(tmp_path: Path) -> None:
    write_bot(tmp_path / "a", "Shop-Bot", "Hello")
    write_bot(tmp_path / "b", "shop_bot", "Hello")
    bots = open_workspace(find_projects(tmp_path), store_url="memory://")
    with pytest.raises(ConfigurationError, match="Shop-Bot and shop_bot would both read"):
        mount(create_app(bots.fleet), bots.fleet)
    bots.close()


def test_a_bot_with_a_secret_of_its_own_takes_none_of_that_channel_from_the_shared_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "shared-secret")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-shared")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("SHOPBOT_SLACK_SIGNING_SECRET", "shop-secret")
    shop = ChannelSettings.for_bot("ShopBot")
    assert shop.slack_signing_secret is not None
    assert shop.slack_signing_secret.get_secret_value() == "shop-secret"
    assert shop.slack_bot_token is None and not shop.slack_enabled  # not the shared app's token
    assert shop.slack_api_url == "http://127.0.0.1:9/api/"  # endpoints are still shared
    cafe = ChannelSettings.for_bot("CafeBot")
    assert cafe.slack_bot_token is not None
    assert cafe.slack_bot_token.get_secret_value() == "xoxb-shared"
