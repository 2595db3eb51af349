"""Fixtures for the security tests: the trained example bot served for real on loopback ports,
guarded as each test needs, reached with real boto3 clients and raw httpx requests."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import httpx
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from pydantic import SecretStr

from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.security import SecuritySettings
from bot.server import create_app
from channels import mount
from channels.settings import ChannelSettings
from tests.serving import serving_app

KEY_ID, SECRET = "AKIDEXAMPLE0001", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
OTHER_KEY_ID, OTHER_SECRET = "AKIDEXAMPLE0002", "second-secret-9d7c"
TOKEN = "api-token-5f1e0c7b"
REGION = "eu-west-1"
_sessions = itertools.count(1)
SECURITY_VARIABLES = [
    "BOT_API_AUTH",
    "BOT_API_CREDENTIALS",
    "BOT_API_TOKENS",
    "BOT_ALLOWED_HOSTS",
    "BOT_API_RATE_LIMIT",
    "BOT_API_RATE_BURST",
    "BOT_API_CHANNEL_SESSIONS",
]


def sigv4_settings(**more: Any) -> SecuritySettings:
    credentials = f"{KEY_ID}:{SECRET},{OTHER_KEY_ID}:{OTHER_SECRET}"
    return SecuritySettings(api_auth="sigv4", api_credentials=SecretStr(credentials), **more)


@pytest.fixture(scope="session", autouse=True)
def no_security_environment() -> Iterator[None]:
    """Settings built here see only what each test gives them."""
    mp = pytest.MonkeyPatch()
    for name in SECURITY_VARIABLES:
        mp.delenv(name, raising=False)
    yield
    mp.undo()


@pytest.fixture(scope="session")
def runtime(trained_bot: Any, tmp_path_factory: pytest.TempPathFactory) -> BotRuntime:
    store = tmp_path_factory.mktemp("security") / "sessions.sqlite"
    return build_runtime(
        trained_bot[2], store_url=f"sqlite:///{store}", rng=random.Random(0), code_hooks=False
    )


@pytest.fixture(scope="session")
def ids(runtime: BotRuntime) -> dict[str, str]:
    return {"botId": runtime.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}


@pytest.fixture
def session_id() -> Callable[[], str]:
    return lambda: f"sec-{time.monotonic_ns()}-{next(_sessions)}"


@contextmanager
def served(
    runtime: BotRuntime, security: SecuritySettings, channels: ChannelSettings | None = None
) -> Iterator[str]:
    """The runtime's app (with the REST channel) behind `security`, on a free loopback port."""
    app = create_app(runtime, security)
    mount(app, runtime, channels or ChannelSettings())
    with serving_app(app) as url:
        yield url


@pytest.fixture(scope="session")
def sigv4_url(runtime: BotRuntime) -> Iterator[str]:
    with served(runtime, sigv4_settings()) as url:
        yield url


def client(service: str, url: str, key_id: str = KEY_ID, secret: str = SECRET, **config: Any):
    return boto3.client(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}, **config),
    )


@pytest.fixture(scope="session")
def lex(sigv4_url: str):
    return client("lexv2-runtime", sigv4_url)


@pytest.fixture(scope="session")
def lex_v1(sigv4_url: str):
    return client("lex-runtime", sigv4_url)


def v2_path(ids: dict[str, str], session_id: str, suffix: str = "") -> str:
    return (
        f"/bots/{ids['botId']}/botAliases/{ids['botAliasId']}"
        f"/botLocales/{ids['localeId']}/sessions/{session_id}{suffix}"
    )


def signed(
    method: str,
    url: str,
    body: bytes = b"",
    *,
    key_id: str = KEY_ID,
    secret: str = SECRET,
    headers: dict[str, str] | None = None,
) -> dict[str, str]:
    """The headers botocore's own signer gives a request (to replay, or to tamper with)."""
    request = AWSRequest(
        method=method,
        url=url,
        data=body,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    SigV4Auth(Credentials(key_id, secret), "lex", REGION).add_auth(request)
    return dict(request.headers.items())


def error_type(response: httpx.Response) -> str:
    """The Lex error type of an answer, checked to be in Lex's shape."""
    body = response.json()
    assert response.headers["x-amzn-errortype"] == body["__type"]
    assert body["message"]
    return str(body["__type"])
