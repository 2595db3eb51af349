"""Fixtures for the code-hook tests: the trained example bot served with its `codeHook` pointed at
a handler of `tests.hooks.handlers` through one of the three transports, and boto3 clients.

`hooked_bot(handler, transport=..., version=..., timeout=...)` serves the bot and returns a
`Bot` with Lex V2 / V1 boto3 clients and the ids to call it with.
"""

from __future__ import annotations

import dataclasses
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
from bot.server import create_app
from bot.sessions import MemorySessionStore
from tests.hooks import handlers
from tests.hooks.servers import EXAMPLE, fake_lambda, hook_server
from tests.serving import serving_app

START = 1_795_000_000.0  # 2026-11-18, the handlers' "today"
TRANSPORTS = ("python", "http", "lambda")
EXAMPLE_URI = "python:fulfillment.lambda_function:lambda_handler"  # as in bot.yaml
NO_RETRIES = Config(retries={"total_max_attempts": 1}, read_timeout=20)


@dataclasses.dataclass
class Bot:
    runtime: BotRuntime
    lex: Any  # lexv2-runtime client
    lex_v1: Any  # lex-runtime client
    ids: dict[str, str]
    session_counter: int = 0

    def new_session(self) -> str:
        self.session_counter += 1
        return f"hooks-{time.monotonic_ns()}-{self.session_counter}"

    def say(self, session_id: str, text: str) -> dict[str, Any]:
        return self.lex.recognize_text(**self.ids, sessionId=session_id, text=text)

    def session(self, session_id: str) -> dict[str, Any]:
        answer = self.lex.get_session(**self.ids, sessionId=session_id)
        answer.pop("ResponseMetadata")
        return answer


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
def clear_calls() -> None:
    handlers.CALLS.clear()


@pytest.fixture(scope="session")
def hook_server_url() -> Iterator[str]:
    with serving_app(hook_server()) as url:
        yield url


@pytest.fixture(scope="session")
def lambda_server() -> Iterator[tuple[str, Any]]:
    app = fake_lambda()
    with serving_app(app) as url:
        yield url, app


@pytest.fixture
def hook_uri(
    hook_server_url: str, lambda_server: tuple[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Callable[[str, str], str]:
    """The `codeHook.uri` that reaches handler `name` through `transport`."""

    def uri(name: str, transport: str = "python") -> str:
        if transport == "python" and name == EXAMPLE:
            return EXAMPLE_URI
        if transport == "python":
            return f"python:tests.hooks.handlers:{name}"
        if transport == "http":
            return f"{hook_server_url}/hooks/{name}"
        monkeypatch.setenv("AWS_ENDPOINT_URL_LAMBDA", lambda_server[0])
        return f"lambda:{name}"

    return uri


def with_code_hook(project: BotProject, uri: str, version: str, timeout: int) -> BotProject:
    setting = CodeHookSetting(uri=uri, messageVersion=version, timeoutInSeconds=timeout)  # type: ignore[arg-type]
    config = project.config.model_copy(update={"codeHook": setting})
    return dataclasses.replace(project, config=config)


@pytest.fixture
def hooked_bot(
    trained_bot: tuple[BotProject, NLUEngine, Path], hook_uri: Callable[[str, str], str]
) -> Iterator[Callable[..., Bot]]:
    with ExitStack() as stack:

        def serve(
            handler: str, *, transport: str = "python", version: str = "V2", timeout: int = 30
        ) -> Bot:
            project, nlu, _ = trained_bot
            project = with_code_hook(project, hook_uri(handler, transport), version, timeout)
            runtime = BotRuntime(
                project,
                nlu,
                MemorySessionStore(),
                clock=lambda: START,
                rng=random.Random(0),
                hooks=build_hooks(project),
            )
            url = stack.enter_context(serving_app(create_app(runtime)))
            ids = {
                "botId": runtime.identity.bot_id,
                "botAliasId": "TSTALIASID",
                "localeId": "en_US",
            }
            return Bot(
                runtime,
                boto3.client("lexv2-runtime", endpoint_url=url, config=NO_RETRIES),
                boto3.client("lex-runtime", endpoint_url=url, config=NO_RETRIES),
                ids,
            )

        yield serve


def texts(response: dict[str, Any]) -> list[str]:
    return [m["content"] for m in response.get("messages", []) if "content" in m]


def dialog_action(response: dict[str, Any]) -> tuple[str, str | None]:
    action = response["sessionState"]["dialogAction"]
    return action["type"], action.get("slotToElicit")


def intent_state(response: dict[str, Any]) -> str:
    return response["sessionState"]["intent"]["state"]


def slot_value(response: dict[str, Any], name: str) -> str | None:
    slot = response["sessionState"]["intent"]["slots"].get(name)
    return slot["value"]["interpretedValue"] if slot else None
