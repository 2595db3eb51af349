"""The REST webhook over HTTP: a whole registration with buttons, the bearer token when one is
configured, CORS for the configured origins only, and 400s for bad bodies."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from bot.runtime import BotRuntime
from bot.turn import SessionKey
from channels.core import CHANNEL_ALIAS, session_id_for
from channels.rest import PATH
from tests.channels.rest.conftest import TOKEN, WIDGET_ORIGIN

_senders = itertools.count(1)


@pytest.fixture
def sender() -> str:
    return f"widget-user-{next(_senders)}"


def _say(url: str, sender: str, message: str, **headers: str) -> list[dict[str, Any]]:
    answer = httpx.post(url + PATH, json={"sender": sender, "message": message}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_registration_runs_with_buttons_and_their_payloads(open_url: str, sender: str) -> None:
    prompt, card, image = _say(open_url, sender, "register me for an event")
    assert set(prompt) == {"recipient_id", "text"} and prompt["recipient_id"] == sender
    assert card["text"].startswith("Upcoming events\nPick one")
    assert card["buttons"][1] == {"title": "PyCon", "payload": "PyCon"}
    assert image == {"recipient_id": sender, "image": "https://example.com/images/events.png"}

    (ask_date,) = _say(open_url, sender, card["buttons"][1]["payload"])
    assert "PyCon" in ask_date["text"] or "date" in ask_date["text"]
    _say(open_url, sender, "12 March 2027")
    _say(open_url, sender, "Maria")
    confirm, yes_no = _say(open_url, sender, "maria@example.com")
    assert "PyCon on Friday 12 March 2027" in confirm["text"]
    assert yes_no == {
        "recipient_id": sender,
        "text": "Confirm your registration\nPyCon, Friday 12 March 2027",
        "buttons": [{"title": "Yes", "payload": "yes"}, {"title": "No", "payload": "no"}],
    }
    done, more, ticket, ticket_image = _say(open_url, sender, yes_no["buttons"][0]["payload"])
    assert done["text"] == "Done! Maria, you're registered for PyCon on Friday 12 March 2027."
    assert more["text"] == "Would you like to know more about PyCon?"
    assert [b["title"] for b in ticket["buttons"]] == ["Add to calendar", "Tell me more"]
    assert ticket_image["image"] == "https://example.com/images/pycon.png"


def test_any_sender_string_gets_its_own_valid_session(
    open_url: str, rest_runtime: BotRuntime
) -> None:
    first, second = "ana@example.com / tab 1", "ana@example.com / tab 2"
    _say(open_url, first, "register me for PyCon")
    _say(open_url, second, "hello")

    def intent(sender: str) -> str | None:
        ident = rest_runtime.identity
        key = SessionKey(ident.bot_id, CHANNEL_ALIAS, "en_US", session_id_for("rest", sender))
        state = rest_runtime.get_session(key).session_state
        return state.intent.name if state.intent else None

    assert intent(first) == "RegisterUserForEvent"
    assert intent(second) != "RegisterUserForEvent"


# ------------------------------------------------------------ bearer token


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Basic {TOKEN}", TOKEN, "Bearer"],
    ids=["missing", "wrong", "other-scheme", "no-scheme", "empty"],
)
def test_a_configured_token_is_required(guarded_url: str, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    answer = httpx.post(guarded_url + PATH, json={"sender": "s", "message": "hi"}, headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert "error" in answer.json()


def test_the_right_token_is_let_in(guarded_url: str, sender: str) -> None:
    answers = _say(guarded_url, sender, "hello", Authorization=f"Bearer {TOKEN}")
    assert answers[0]["recipient_id"] == sender


def test_without_a_configured_token_the_webhook_is_open(open_url: str, sender: str) -> None:
    assert _say(open_url, sender, "hello")


# ------------------------------------------------------------ CORS


def _preflight(url: str, origin: str, method: str = "POST") -> httpx.Response:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    return httpx.options(url + PATH, headers=headers)


def test_a_preflight_from_a_configured_origin_is_allowed(guarded_url: str) -> None:
    answer = _preflight(guarded_url, WIDGET_ORIGIN)
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == WIDGET_ORIGIN
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert "Authorization" in answer.headers["access-control-allow-headers"]


@pytest.mark.parametrize(
    ("origin", "method"),
    [("https://evil.example.net", "POST"), (WIDGET_ORIGIN, "DELETE")],
    ids=["other-origin", "other-method"],
)
def test_a_preflight_from_elsewhere_is_refused(open_url: str, origin: str, method: str) -> None:
    answer = _preflight(open_url, origin, method)
    assert answer.status_code == 403
    assert "access-control-allow-origin" not in answer.headers


def test_answers_carry_cors_headers_for_configured_origins_only(open_url: str) -> None:
    def post(origin: str) -> httpx.Response:
        body = {"sender": "cors-user", "message": "hello"}
        return httpx.post(open_url + PATH, json=body, headers={"Origin": origin})

    assert post(WIDGET_ORIGIN).headers["access-control-allow-origin"] == WIDGET_ORIGIN
    assert "access-control-allow-origin" not in post("https://evil.example.net").headers


def test_the_lex_api_on_the_same_app_answers_no_cors(open_url: str) -> None:
    answer = httpx.options(
        open_url + "/bots/B/botAliases/A/botLocales/en_US/sessions/s/text",
        headers={"Origin": WIDGET_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in answer.headers


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"message": "hi"}',
        b'{"sender": "s"}',
        b'{"sender": "s", "message": ""}',
        b'{"sender": "", "message": "hi"}',
        b'{"sender": "s", "message": {"text": "hi"}}',
        ('{"sender": "s", "message": "' + "x" * 1025 + '"}').encode(),
    ],
    ids=["non-json", "list", "no-sender", "no-message", "empty", "empty-sender", "object", "long"],
)
def test_a_bad_body_is_a_400_json_error(open_url: str, body: bytes) -> None:
    answer = httpx.post(open_url + PATH, content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"]


def test_a_message_of_1024_characters_is_accepted(open_url: str, sender: str) -> None:
    assert _say(open_url, sender, "x" * 1024)
