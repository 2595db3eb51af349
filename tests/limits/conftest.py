"""Fixtures for the limit probes: the trained example bot served by uvicorn on loopback with every
channel live (REST, Slack, Facebook, with test secrets), reached with real boto3 clients and with
a raw socket client (`raw_http`) for what boto3 would never send.

`served(limits=..., hook=..., security=...)` serves another app for one test: other body limits,
the bot's code hook pointed at a handler of `tests.limits.hooks`, or SigV4 authentication on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bot.hooks import build_hooks
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.project.schema import CodeHookSetting
from bot.runtime import BotRuntime
from bot.security import SecuritySettings
from bot.server import create_app
from bot.sessions import MemorySessionStore
from bot.settings import ServerLimits
from channels import mount
from channels.settings import ChannelSettings
from tests.limits import hooks
from tests.serving import serving_app

NOW = 1_795_000_000.0  # the fixed clock of these servers (Slack timestamps are judged by it)
SLACK_SECRET = "limits-slack-signing-secret"
FACEBOOK_SECRET = "limits-facebook-app-secret"
NO_RETRIES = Config(retries={"total_max_attempts": 1})
CHANNELS = ChannelSettings(
    slack_signing_secret=SLACK_SECRET,  # type: ignore[arg-type]
    slack_bot_token="xoxb-limits",  # type: ignore[arg-type]
    slack_api_url="http://127.0.0.1:9/api/",  # never reached: no probe is a real message
    facebook_app_secret=FACEBOOK_SECRET,  # type: ignore[arg-type]
    facebook_verify_token="limits-verify",  # type: ignore[arg-type]
    facebook_page_access_token="limits-page-token",  # type: ignore[arg-type]
    facebook_graph_url="http://127.0.0.1:9",
)


@dataclasses.dataclass
class Server:
    url: str
    runtime: BotRuntime
    lex: Any  # lexv2-runtime, no retries
    lex_v1: Any  # lex-runtime, no retries

    @property
    def ids(self) -> dict[str, str]:
        return {"botId": self.runtime.identity.bot_id, "botAliasId": "TSTALIASID"}

    def v2_path(self, session_id: str, suffix: str = "/text") -> str:
        return (
            f"/bots/{self.runtime.identity.bot_id}/botAliases/TSTALIASID/botLocales/en_US"
            f"/sessions/{session_id}{suffix}"
        )

    def v1_path(self, user_id: str, suffix: str = "/text") -> str:
        return f"/bot/{self.runtime.identity.name}/alias/$LATEST/user/{user_id}{suffix}"

    def session(self, session_id: str) -> dict[str, Any]:
        """GetSession without its per-call metadata: what must not change after a refusal."""
        answer = self.lex.get_session(**self.ids, localeId="en_US", sessionId=session_id)
        answer.pop("ResponseMetadata")
        return dict(answer)

    def say(self, session_id: str, text: str, **kwargs: Any) -> dict[str, Any]:
        return dict(
            self.lex.recognize_text(
                **self.ids, localeId="en_US", sessionId=session_id, text=text, **kwargs
            )
        )

    def started_session(self) -> str:
        """A session one turn in, with a session attribute, to check it survives a probe."""
        session_id = new_session_id()
        self.say(
            session_id, "register me for PyCon", sessionState={"sessionAttributes": {"a": "1"}}
        )
        return session_id


def new_session_id() -> str:
    return f"limits-{time.monotonic_ns()}"


def lex_clients(url: str, config: Config = NO_RETRIES) -> tuple[Any, Any]:
    """Clients as an application makes them, with dummy credentials (no ~/.aws needed)."""
    settings = {
        "endpoint_url": url,
        "config": config,
        "region_name": "us-east-1",
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    return boto3.client("lexv2-runtime", **settings), boto3.client("lex-runtime", **settings)


def slack_headers(body: bytes, timestamp: float = NOW) -> dict[str, str]:
    stamp = str(int(timestamp))
    base = b"v0:" + stamp.encode() + b":" + body
    signature = "v0=" + hmac.new(SLACK_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def facebook_headers(body: bytes) -> dict[str, str]:
    digest = hmac.new(FACEBOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}"}


def with_code_hook(project: BotProject, handler: str) -> BotProject:
    setting = CodeHookSetting(uri=f"python:tests.limits.hooks:{handler}", timeoutInSeconds=10)  # type: ignore[call-arg]
    return dataclasses.replace(
        project, config=project.config.model_copy(update={"codeHook": setting})
    )


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials and region: boto3 signs requests even for loopback servers."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture(autouse=True)
def clear_hook_calls() -> None:
    hooks.CALLS.clear()


@pytest.fixture
def server_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything the server logs, uvicorn's own loggers (which do not propagate) included."""
    caplog.set_level(logging.INFO)
    uvicorn_logger = logging.getLogger("uvicorn")
    uvicorn_logger.addHandler(caplog.handler)
    try:
        yield caplog
    finally:
        uvicorn_logger.removeHandler(caplog.handler)


def _serve(
    stack: ExitStack,
    trained_bot: tuple[BotProject, NLUEngine, Path],
    limits: ServerLimits | None,
    hook: str | None,
    retries: Config,
    security: SecuritySettings | None = None,
) -> Server:
    project, nlu, _ = trained_bot
    if hook is not None:
        project = with_code_hook(project, hook)
    runtime = BotRuntime(
        project,
        nlu,
        MemorySessionStore(),
        clock=lambda: NOW,
        rng=random.Random(0),
        hooks=build_hooks(project) if hook else None,
    )
    app = create_app(runtime, security, limits=limits)
    mount(app, runtime, CHANNELS)
    url = stack.enter_context(serving_app(app))
    return Server(url, runtime, *lex_clients(url, retries))


@pytest.fixture(scope="session")
def server(trained_bot: tuple[BotProject, NLUEngine, Path]) -> Iterator[Server]:
    """The example bot with the default limits (1 MiB bodies, 30 s to send one), no code hook."""
    with ExitStack() as stack:
        yield _serve(stack, trained_bot, None, None, NO_RETRIES)


@pytest.fixture
def served(trained_bot: tuple[BotProject, NLUEngine, Path]) -> Iterator[Callable[..., Server]]:
    with ExitStack() as stack:

        def serve(
            *,
            limits: ServerLimits | None = None,
            hook: str | None = None,
            retries: Config = NO_RETRIES,
            security: SecuritySettings | None = None,
        ) -> Server:
            return _serve(stack, trained_bot, limits, hook, retries, security)

        yield serve
