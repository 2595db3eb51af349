"""The search services as loopback fakes, with the AWS settings a fresh machine lacks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.search.fakes import fake_bedrock_agent_runtime, fake_kendra
from tests.serving import serving_app


@pytest.fixture(scope="module")
def kendra_service() -> Iterator[tuple[FastAPI, str]]:
    app = fake_kendra()
    with serving_app(app) as url:
        yield app, url


@pytest.fixture(scope="module")
def bedrock_service() -> Iterator[tuple[FastAPI, str]]:
    app = fake_bedrock_agent_runtime()
    with serving_app(app) as url:
        yield app, url


@pytest.fixture
def kendra(kendra_service: tuple[FastAPI, str], monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """The fake Kendra, emptied, with boto3 pointed at it."""
    app, url = kendra_service
    app.state.calls.clear()
    app.state.regions.clear()
    app.state.answers.clear()
    app.state.failing, app.state.delay = False, 0.0
    aws_settings(monkeypatch, AWS_ENDPOINT_URL_KENDRA=url)
    return app


@pytest.fixture
def bedrock(bedrock_service: tuple[FastAPI, str], monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """The fake bedrock-agent-runtime, emptied, with boto3 pointed at it."""
    app, url = bedrock_service
    app.state.calls.clear()
    app.state.regions.clear()
    app.state.answers.clear()
    app.state.failing, app.state.delay = False, 0.0
    aws_settings(monkeypatch, AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME=url)
    return app


def aws_settings(monkeypatch: pytest.MonkeyPatch, **endpoints: str) -> None:
    settings = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        **endpoints,
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
