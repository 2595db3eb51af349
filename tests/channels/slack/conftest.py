"""Fixtures for the Slack channel tests: the trained example bot (with its in-process code hook)
served twice by uvicorn on loopback ports, as two workers sharing one SQLite session store, each
app with the Slack routes mounted; a fake Slack Web API on another port that `slack_sdk` talks
to; and a `SlackUser` that sends requests signed with Slack's real algorithm.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import random
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from pydantic import SecretStr

from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.server import create_app
from channels.settings import ChannelSettings
from channels.slack import RetryPolicy, routes
from tests.api.conftest import FakeClock
from tests.channels.slack.fake_slack import Call, FakeSlack
from tests.serving import serving_app

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-0000-secret-token"
TEAM = "T0TEAM001"
BOT_USER = "U0EVENTBOT"
EVENTS = "/channels/slack/events"
INTERACTIVE = "/channels/slack/interactive"
_ids = itertools.count(1)


def slack_signature(timestamp: str, body: bytes, secret: str = SIGNING_SECRET) -> str:
    """Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class SlackApp:
    """What the tests talk to: two workers of our server, the fake Slack and the shared clock."""

    workers: list[str]
    runtimes: list[BotRuntime]
    slack: FakeSlack
    clock: FakeClock


@pytest.fixture(scope="session")
def slack_app(trained_bot, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackApp]:
    root: Path = trained_bot[2]
    store = tmp_path_factory.mktemp("slack-sessions") / "sessions.sqlite"
    clock = FakeClock()
    fake = FakeSlack()
    with ExitStack() as stack:
        slack_url = stack.enter_context(serving_app(fake.app()))
        settings = ChannelSettings(
            slack_signing_secret=SecretStr(SIGNING_SECRET),
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_api_url=f"{slack_url}/api/",
        )
        runtimes, workers = [], []
        for seed in range(2):  # two workers, one session store
            runtime = build_runtime(
                root,
                store_url=f"sqlite:///{store}",
                clock=clock,
                rng=random.Random(seed),
                code_hooks=True,
            )
            app = create_app(runtime)
            app.include_router(
                routes(runtime, settings, retry=RetryPolicy(attempts=4, first_delay=0.01))
            )
            runtimes.append(runtime)
            workers.append(stack.enter_context(serving_app(app)))
        yield SlackApp(workers, runtimes, fake, clock)


@dataclass
class SlackUser:
    """One person in one Slack conversation (a DM unless told otherwise), sending signed
    requests to a worker of our server as Slack would."""

    app: SlackApp
    user: str
    channel: str
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))

    # ------------------------------------------------------------ building Slack's payloads

    def message_event(self, text: str, **fields: Any) -> dict[str, Any]:
        ts = f"1795000000.{next(_ids):06d}"
        event = {
            "type": "message",
            "channel": self.channel,
            "user": self.user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "channel_type": "im",
            "client_msg_id": f"msg-{ts}",
        }
        return envelope({**event, **fields})

    def mention_event(self, text: str, **fields: Any) -> dict[str, Any]:
        ts = f"1795000000.{next(_ids):06d}"
        event = {
            "type": "app_mention",
            "channel": self.channel,
            "user": self.user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
        }
        return envelope({**event, **fields})

    def click_payload(self, posted: Call, button_text: str) -> dict[str, Any]:
        """Slack's `block_actions` payload for this user clicking a button of a message the bot
        posted (as the fake recorded it)."""
        actions = posted.block("actions")
        button = next(b for b in actions["elements"] if b["text"]["text"] == button_text)
        message_ts = posted.ts
        action_ts = f"1795000000.{next(_ids):06d}"
        return {
            "type": "block_actions",
            "user": {"id": self.user, "username": "maria", "team_id": TEAM},
            "api_app_id": "A0EVENTBOT",
            "token": "legacy-verification-token",
            "trigger_id": f"{action_ts}.trigger",
            "team": {"id": TEAM, "domain": "example"},
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": self.channel,
                "is_ephemeral": False,
            },
            "channel": {"id": self.channel, "name": "directmessage"},
            "message": {
                "type": "message",
                "user": BOT_USER,
                "bot_id": "B0EVENTBOT",
                "text": posted.text,
                "ts": message_ts,
                "blocks": posted.blocks,
                **({"thread_ts": posted.body["thread_ts"]} if "thread_ts" in posted.body else {}),
            },
            "response_url": "https://hooks.slack.com/actions/T0TEAM001/1/x",
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": actions["block_id"],
                    "text": button["text"],
                    "value": button["value"],
                    "action_ts": action_ts,
                }
            ],
        }

    # ------------------------------------------------------------ sending, signed

    def send_event(self, event: dict[str, Any], worker: int = 0, **options: Any) -> httpx.Response:
        return self.send(EVENTS, json.dumps(event).encode(), worker, **options)

    def send_click(
        self, payload: dict[str, Any], worker: int = 0, **options: Any
    ) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.send(INTERACTIVE, body, worker, **options)

    def send(
        self,
        path: str,
        body: bytes,
        worker: int = 0,
        *,
        retry_num: int | None = None,
        age: float = 0,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        timestamp = str(int(self.app.clock() - age))
        content_type = "application/json" if path == EVENTS else "application/x-www-form-urlencoded"
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": slack_signature(timestamp, body, secret),
        }
        if retry_num is not None:
            sent |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        if headers is not None:
            sent = headers
        return self.http.post(self.app.workers[worker] + path, content=body, headers=sent)

    # ------------------------------------------------------------ conversing

    def say(self, text: str, count: int = 1, worker: int = 0) -> list[Call]:
        """Send a DM and wait for the bot's first `count` new posts in this conversation."""
        before = len(self.app.slack.calls(self.channel, "chat.postMessage"))
        assert self.send_event(self.message_event(text), worker).status_code == 200
        return self.posts_after(before, count)

    def click(self, posted: Call, button_text: str, count: int = 1) -> list[Call]:
        before = len(self.app.slack.calls(self.channel, "chat.postMessage"))
        assert self.send_click(self.click_payload(posted, button_text)).status_code == 200
        return self.posts_after(before, count)

    def posts_after(self, before: int, count: int) -> list[Call]:
        posts = self.app.slack.wait_for(self.channel, before + count, "chat.postMessage")
        return posts[before:]

    def posts(self) -> list[Call]:
        return self.app.slack.calls(self.channel, "chat.postMessage")

    def assert_nothing_was_answered(self) -> None:
        """Nothing posted so far: checked after a message that is answered, so that anything
        the earlier requests had started would have been posted first."""
        answer, _card = self.say("tell me about PyCon", count=2)
        assert answer.text.startswith("PyCon: the community conference")
        assert len(self.posts()) == 2, self.posts()
        assert self.app.slack.calls(self.channel, "chat.update") == []


def envelope(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """The Events API's `event_callback` around an inner event."""
    return {
        "type": "event_callback",
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0EVENTBOT",
        "event": event,
        "event_context": "EC0001",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(float(event["event_ts"])),
        "authorizations": [
            {"team_id": TEAM, "user_id": BOT_USER, "is_bot": True, "is_enterprise_install": False}
        ],
    }


@pytest.fixture
def slack_user(slack_app: SlackApp) -> Iterator[SlackUser]:
    """A new person in a new DM with the bot."""
    n = next(_ids)
    user = SlackUser(slack_app, user=f"U{n:08d}", channel=f"D{n:08d}")
    yield user
    user.http.close()
    slack_app.slack.release()
