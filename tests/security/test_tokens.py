"""`BOT_API_AUTH=token`: `Authorization: Bearer <token>` for clients that do not sign."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from bot.security import SecuritySettings
from tests.security.conftest import TOKEN, error_type, served, v2_path


@pytest.fixture(scope="module")
def token_url(runtime) -> Iterator[str]:
    settings = SecuritySettings(api_auth="token", api_tokens=SecretStr(f"other-token,{TOKEN}"))
    with served(runtime, settings) as url:
        yield url


def test_a_configured_bearer_token_runs_turns(token_url, ids, session_id):
    url = token_url + v2_path(ids, session_id(), "/text")
    response = httpx.post(url, json={"text": "hello"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.json()["sessionState"]["intent"]["name"]


def test_no_token_is_missing_authentication(token_url, ids, session_id):
    response = httpx.post(token_url + v2_path(ids, session_id(), "/text"), json={"text": "hi"})
    assert (response.status_code, error_type(response)) == (
        403,
        "MissingAuthenticationTokenException",
    )


@pytest.mark.parametrize("authorization", ["Bearer wrong-token", f"Basic {TOKEN}", "Bearer"])
def test_a_wrong_token_is_an_unrecognized_client(token_url, ids, authorization):
    response = httpx.get(token_url + v2_path(ids, "s-1"), headers={"Authorization": authorization})
    assert (response.status_code, error_type(response)) == (403, "UnrecognizedClientException")
    assert TOKEN not in response.text


def test_model_parse_needs_the_token_too(token_url):
    url = f"{token_url}/model/parse"
    assert httpx.post(url, json={"text": "hello"}).status_code == 403
    ok = httpx.post(url, json={"text": "hello"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200


def test_health_needs_no_token(token_url):
    assert httpx.get(f"{token_url}/health").status_code == 200
