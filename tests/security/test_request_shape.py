"""Trusted `Host` names (no DNS rebinding) and JSON-only bodies on the runtime API (no form or
text post that a web page could send without a CORS preflight)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.security import SecuritySettings
from bot.security.hosts import host_allowed, host_name
from tests.security.conftest import error_type, served, v2_path


@pytest.fixture(scope="module")
def open_url(runtime) -> Iterator[str]:
    """No authentication, as on loopback by default."""
    with served(runtime, SecuritySettings.defaults().bound_to("127.0.0.1")) as url:
        yield url


def _exists(open_url: str, ids: dict, sid: str) -> bool:
    return httpx.get(open_url + v2_path(ids, sid)).status_code == 200


# ------------------------------------------------------------ Host


@pytest.mark.parametrize("path", ["/bots/X/botAliases/A/botLocales/en_US/sessions/s1", "/docs"])
def test_a_foreign_host_is_refused(open_url, path):
    response = httpx.get(open_url + path, headers={"Host": "attacker.example:8000"})
    assert (response.status_code, error_type(response)) == (400, "ValidationException")


def test_a_foreign_host_cannot_run_a_turn(open_url, ids, session_id):
    sid = session_id()
    url = open_url + v2_path(ids, sid, "/text")
    response = httpx.post(url, json={"text": "hello"}, headers={"Host": "rebound.example"})
    assert response.status_code == 400
    assert not _exists(open_url, ids, sid)


def test_a_foreign_host_is_refused_on_the_v1_api_in_its_shape(open_url, runtime):
    url = f"{open_url}/bot/{runtime.identity.name}/alias/%24LATEST/user/u-1/text"
    response = httpx.post(url, json={"inputText": "hi"}, headers={"Host": "evil.example"})
    assert (response.status_code, error_type(response)) == (400, "BadRequestException")


def test_a_foreign_host_is_refused_on_channel_webhooks(open_url):
    response = httpx.post(
        f"{open_url}/webhooks/rest/webhook",
        json={"sender": "u", "message": "hi"},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST."])
def test_loopback_names_are_answered(open_url, host):
    assert httpx.get(f"{open_url}/docs", headers={"Host": host}).status_code == 200


def test_health_answers_any_host(open_url):
    response = httpx.get(f"{open_url}/health", headers={"Host": "10.0.3.7:8000"})
    assert response.status_code == 200


def test_listed_hosts_and_any_host(runtime):
    listed = SecuritySettings(allowed_hosts="bot.example.com, *.internal.example")
    with served(runtime, listed) as url:
        assert httpx.get(f"{url}/docs", headers={"Host": "bot.example.com"}).status_code == 200
        assert httpx.get(f"{url}/docs", headers={"Host": "a.internal.example"}).status_code == 200
        assert httpx.get(f"{url}/docs", headers={"Host": "127.0.0.1"}).status_code == 400
    with served(runtime, SecuritySettings(allowed_hosts="*")) as url:
        assert httpx.get(f"{url}/docs", headers={"Host": "anything.example"}).status_code == 200


def test_host_names_are_read_without_port_brackets_or_case():
    assert host_name("Bot.Example.COM:443") == "bot.example.com"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("::1") == "::1"
    assert host_allowed("a.b.example", ["*.b.example"])
    assert not host_allowed("b.example.evil", ["*.b.example"])
    assert not host_allowed("", ["localhost"])


# ------------------------------------------------------------ JSON bodies only


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
def test_a_post_that_is_not_json_is_refused_and_runs_no_turn(
    open_url, ids, session_id, content_type
):
    sid = session_id()
    headers = {"Content-Type": content_type} if content_type else {}
    response = httpx.post(
        open_url + v2_path(ids, sid, "/text"), content=b'{"text": "hello"}', headers=headers
    )
    assert (response.status_code, error_type(response)) == (415, "ValidationException")
    assert not _exists(open_url, ids, sid)


def test_v1_refuses_text_posts_as_unsupported_media_type(open_url, runtime):
    url = f"{open_url}/bot/{runtime.identity.name}/alias/%24LATEST/user/u-2/text"
    response = httpx.post(
        url, content=b'{"inputText": "hi"}', headers={"Content-Type": "text/plain"}
    )
    assert (response.status_code, error_type(response)) == (415, "UnsupportedMediaTypeException")


def test_model_parse_refuses_form_posts(open_url):
    response = httpx.post(f"{open_url}/model/parse", data={"text": "hello"})
    assert response.status_code == 415


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "application/x-amz-json-1.1"],
)
def test_json_content_types_are_accepted(open_url, ids, session_id, content_type):
    response = httpx.post(
        open_url + v2_path(ids, session_id(), "/text"),
        content=b'{"text": "hello"}',
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 200


def test_get_and_delete_need_no_content_type(open_url, ids, session_id):
    sid = session_id()
    httpx.post(open_url + v2_path(ids, sid, "/text"), json={"text": "hello"})
    assert httpx.get(open_url + v2_path(ids, sid)).status_code == 200
    assert httpx.delete(open_url + v2_path(ids, sid)).status_code == 200
