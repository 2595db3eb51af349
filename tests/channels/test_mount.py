"""`mount` turns on exactly the channels whose secrets are configured (REST always)."""

import random

import httpx
import pytest

from bot.runtime import BotRuntime
from bot.server import create_app
from bot.sessions import MemorySessionStore
from channels import mount
from channels.settings import ChannelSettings
from tests.api.conftest import serving

SECRETS = {
    "SLACK_SIGNING_SECRET": "s3cret",
    "SLACK_BOT_TOKEN": "xoxb-test",
    "FACEBOOK_APP_SECRET": "app-secret",
    "FACEBOOK_VERIFY_TOKEN": "vt-9f2c",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "page-token",
}


def _statuses(app, runtime, paths: list[str]) -> list[int]:
    """POST to each path of `app`, served for real on a loopback port."""
    with serving(runtime, app) as url:
        return [
            httpx.post(url + p, json={"sender": "t-1", "message": "hello"}).status_code
            for p in paths
        ]


@pytest.fixture
def runtime(trained_bot):
    project, nlu, _ = trained_bot
    return BotRuntime(project, nlu, MemorySessionStore(), rng=random.Random(0))


def test_only_rest_is_live_without_secrets(runtime, monkeypatch):
    for name in SECRETS:
        monkeypatch.delenv(name, raising=False)
    app = create_app(runtime)
    assert mount(app, runtime) == ["REST"]
    paths = ["/webhooks/rest/webhook", "/channels/slack/events", "/channels/facebook/webhook"]
    assert _statuses(app, runtime, paths) == [200, 404, 404]


def test_configured_channels_go_live_from_the_environment(runtime, monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    app = create_app(runtime)
    assert mount(app, runtime) == ["REST", "Slack", "Facebook"]
    # Live, and refusing what is not signed.
    paths = ["/channels/slack/events", "/channels/slack/interactive", "/channels/facebook/webhook"]
    assert _statuses(app, runtime, paths) == [401, 401, 401]


def test_settings_keep_secrets_out_of_their_repr(monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    shown = repr(ChannelSettings())
    assert not any(value in shown for value in SECRETS.values())
