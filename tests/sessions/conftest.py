"""Fixtures for the session stores: every shared behaviour runs against each store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sessions import MemorySessionStore, SessionStore, SqliteSessionStore, open_store
from bot.sessions.dynamodb_table import create_table
from tests.dynamodb_servers import AWS_TEST_ENV, ENDPOINT_ENV, moto_dynamodb, table_url
from tests.redis_servers import delete_keys, redis_for_tests, with_key_prefix


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis for the whole run (BOT_TEST_REDIS_URL, or a redis-server started here)."""
    with redis_for_tests() as url:
        yield url


@pytest.fixture
def redis_store(redis_url: str) -> Iterator[SessionStore]:
    """A Redis store under a key prefix of its own, whose keys are deleted afterwards."""
    url, prefix = with_key_prefix(redis_url)
    opened = open_store(url)
    yield opened
    opened.close()
    delete_keys(redis_url, prefix)


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    """moto's DynamoDB server for the whole run, named to this process (and its children) by
    AWS_ENDPOINT_URL_DYNAMODB, with dummy credentials and region."""
    with moto_dynamodb() as endpoint:
        patch = pytest.MonkeyPatch()
        for name, value in {**AWS_TEST_ENV, ENDPOINT_ENV: endpoint}.items():
            patch.setenv(name, value)
        yield endpoint
        patch.undo()


@pytest.fixture
def dynamodb_url(dynamodb_endpoint: str) -> str:
    """A new table of its own, made as `bot sessions create-table` makes it."""
    url = table_url()
    create_table(url)
    return url


@pytest.fixture
def dynamodb_store(dynamodb_url: str) -> Iterator[SessionStore]:
    opened = open_store(dynamodb_url)
    yield opened
    opened.close()


@pytest.fixture(params=["memory", "sqlite", "redis", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SessionStore]:
    if request.param in ("redis", "dynamodb"):  # reached only by the tests that run on them
        yield request.getfixturevalue(f"{request.param}_store")
        return
    opened: SessionStore = (
        MemorySessionStore()
        if request.param == "memory"
        else SqliteSessionStore(tmp_path / "sessions.sqlite")
    )
    yield opened
    opened.close()
