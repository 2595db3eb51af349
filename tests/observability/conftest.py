"""Fixtures for the observability tests: the example bot served with its own in-process code
hook (`python:fulfillment…`), reached with boto3, and `/metrics` read back and parsed.

Metrics are process-wide counters that other tests also move: tests compare values before and
after what they do (`Scrape.delta`), never absolute numbers.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.config import Config
from prometheus_client.parser import text_string_to_metric_families

from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.server import create_app
from tests.serving import serving_app

START = 1_795_000_000.0  # 2026-11-18, the example hook's "today"
NO_RETRIES = Config(retries={"total_max_attempts": 1}, read_timeout=20)


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
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)


@pytest.fixture(scope="session")
def bot_root(trained_bot: Any) -> Path:
    return Path(trained_bot[2])


@pytest.fixture(scope="session")
def hooked_runtime(bot_root: Path) -> BotRuntime:
    """The example bot as `bot serve` assembles it: its code hook in process, sessions in memory."""
    return build_runtime(bot_root, store_url="memory://", clock=lambda: START, rng=random.Random(0))


@pytest.fixture(scope="session")
def served(hooked_runtime: BotRuntime) -> Iterator[str]:
    with serving_app(create_app(hooked_runtime)) as url:
        yield url


@dataclass
class Conversation:
    lex: Any
    ids: dict[str, str]

    def say(self, session_id: str, text: str) -> dict[str, Any]:
        return self.lex.recognize_text(**self.ids, sessionId=session_id, text=text)  # type: ignore[no-any-return]


@pytest.fixture
def conversation(served: str, hooked_runtime: BotRuntime) -> Conversation:
    ids = {"botId": hooked_runtime.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}
    return Conversation(boto3.client("lexv2-runtime", endpoint_url=served, config=NO_RETRIES), ids)


@dataclass(frozen=True)
class Scrape:
    """One `/metrics` body, parsed."""

    body: str

    def value(self, name: str, **labels: str) -> float:
        """The sum of the samples called `name` whose labels include `labels`."""
        total = 0.0
        for family in text_string_to_metric_families(self.body):
            for sample in family.samples:
                if sample.name == name and labels.items() <= sample.labels.items():
                    total += sample.value
        return total

    def delta(self, before: Scrape, name: str, **labels: str) -> float:
        return self.value(name, **labels) - before.value(name, **labels)


def scrape(url: str, **headers: str) -> Scrape:
    response = httpx.get(f"{url}/metrics", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return Scrape(response.text)


def unique(prefix: str) -> str:
    return f"{prefix}-{time.monotonic_ns()}"
