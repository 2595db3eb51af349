"""Fixtures of the assisted slot resolution tests: the fake Bedrock runtime on a loopback port,
dummy AWS settings pointing boto3's `bedrock-runtime` client at it (per test module, so no other
tests see them), and a fresh script of model replies for every test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.assist.servers import Call, Reply, fake_bedrock
from tests.serving import serving_app

PAINT_BOT = Path(__file__).parent / "paint_bot"
MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"


@dataclass
class FakeBedrock:
    url: str
    app: FastAPI

    @property
    def calls(self) -> list[Call]:
        return self.app.state.calls  # type: ignore[no-any-return]

    def will_say(self, *replies: Reply | str) -> None:
        self.app.state.replies = [r if isinstance(r, Reply) else Reply(r) for r in replies]


@pytest.fixture(scope="session")
def bedrock() -> Iterator[FakeBedrock]:
    app = fake_bedrock()
    with serving_app(app) as url:
        yield FakeBedrock(url, app)


@pytest.fixture(scope="module")
def bedrock_env(bedrock: FakeBedrock) -> Iterator[FakeBedrock]:
    """Dummy credentials and the fake's address, as a deployment would set them."""
    mp = pytest.MonkeyPatch()
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": bedrock.url,
    }.items():
        mp.setenv(name, value)
    mp.delenv("AWS_PROFILE", raising=False)
    yield bedrock
    mp.undo()


@pytest.fixture(autouse=True)
def fresh_model(bedrock: FakeBedrock) -> None:
    bedrock.app.state.calls.clear()
    bedrock.app.state.replies = []
