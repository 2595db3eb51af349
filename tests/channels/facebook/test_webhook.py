"""The webhook's edge: the verify-token handshake, signatures, platform retries processed once,
and the events that must not be answered (echoes, deliveries, reads)."""

from __future__ import annotations

import hashlib
import hmac

import httpx
import pytest

from channels.facebook.webhook import PATH
from tests.channels.facebook.conftest import VERIFY_TOKEN, Messenger, texts
from tests.channels.facebook.payloads import (
    APP_SECRET,
    PAGE_ID,
    delivery,
    echo,
    encode,
    new_mid,
    page_event,
    postback,
    read,
    sign,
    text_message,
)


def greeted(answer: str | None) -> bool:
    """The Greeting intent's answer, in either of its variations."""
    return (answer or "").startswith(("Hi! I can register you", "Hello! Want to sign up"))


def _verify(messenger: Messenger, **params: str) -> httpx.Response:
    return httpx.get(messenger.url + PATH, params=params)


def _sentinel(messenger: Messenger, psid: str) -> list[str | None]:
    """Say hello and wait for the answer: anything wrongly answered before shows up first."""
    messenger.deliver(text_message(psid, "hello"))
    return texts(messenger.graph.wait_for_sends(psid, 1))


# ------------------------------------------------------------ verification handshake


def test_the_verify_handshake_echoes_the_challenge(messenger: Messenger) -> None:
    answer = _verify(
        messenger,
        **{
            "hub.mode": "subscribe",
            "hub.verify_token": VERIFY_TOKEN,
            "hub.challenge": "1158201444",
        },
    )
    assert answer.status_code == 200
    assert answer.text == "1158201444"
    assert answer.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        {},
    ],
    ids=["wrong-token", "wrong-mode", "no-token", "nothing"],
)
def test_a_wrong_verify_handshake_is_forbidden(
    messenger: Messenger, params: dict[str, str]
) -> None:
    answer = _verify(messenger, **params)
    assert answer.status_code == 403
    assert "1" not in answer.text


# ------------------------------------------------------------ signatures


def _sha1(raw: bytes) -> str:
    return "sha1=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha1).hexdigest()


@pytest.mark.parametrize(
    "signature",
    ["missing", "wrong-secret", "tampered-body", "sha1-algorithm", "no-prefix", "garbage"],
)
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_sent(
    messenger: Messenger, psid: str, signature: str
) -> None:
    raw = encode(page_event(text_message(psid, "register me for PyCon")))
    header = {
        "missing": None,
        "wrong-secret": sign(raw, "another-secret"),
        "tampered-body": sign(raw.replace(b"PyCon", b"DevOps")),
        "sha1-algorithm": _sha1(raw),  # the algorithm is ours to choose, never the caller's
        "no-prefix": sign(raw).removeprefix("sha256="),
        "garbage": "sha256=zz",
    }[signature]
    answer = messenger.post(raw, signature=header)
    assert answer.status_code == 401
    (answer,) = _sentinel(messenger, psid)
    assert greeted(answer)
    assert messenger.graph.actions(psid) == ["typing_on"]  # the sentinel's only


def test_the_signature_covers_the_raw_bytes_of_escaped_unicode(
    messenger: Messenger, psid: str
) -> None:
    raw = encode(page_event(text_message(psid, "Grüß dich, hello")))
    assert b"\\u00fc" in raw  # Meta escapes non-ASCII; the HMAC is over these exact bytes
    assert messenger.post(raw).status_code == 200
    assert len(messenger.graph.wait_for_sends(psid, 1)) == 1


def test_a_signed_body_that_is_not_a_webhook_payload_is_a_bad_request(messenger: Messenger) -> None:
    for raw in (b"not json", b"[1, 2]", b'{"entry": []}'):
        assert messenger.post(raw).status_code == 400


def test_events_of_other_objects_are_acknowledged_and_ignored(messenger: Messenger) -> None:
    answer = messenger.post({"object": "instagram", "entry": [{"id": PAGE_ID, "messaging": []}]})
    assert answer.status_code == 200


# ------------------------------------------------------------ exactly once


def test_a_retried_message_is_answered_once(messenger: Messenger, psid: str) -> None:
    message = text_message(psid, "hello", mid=new_mid())
    messenger.deliver(message)
    messenger.graph.wait_for_sends(psid, 1)
    messenger.deliver(message)  # Meta resends what it thinks was not acknowledged
    follow_up = text_message(psid, "register me for PyCon")
    messenger.deliver(follow_up)
    answers = texts(messenger.graph.wait_for_sends(psid, 2))
    assert greeted(answers[0])
    assert not greeted(answers[1])  # the date prompt, not a second greeting
    assert messenger.slots(psid)["eventName"] == "PyCon"
    assert len(messenger.graph.sends(psid)) == 2


def test_a_retry_landing_on_another_worker_is_answered_once(
    messenger: Messenger, second_worker: Messenger, psid: str
) -> None:
    message = text_message(psid, "hello", mid=new_mid())
    messenger.deliver(message)
    messenger.graph.wait_for_sends(psid, 1)
    second_worker.deliver(message)  # the retry reaches another process sharing the store
    second_worker.deliver(text_message(psid, "register me for PyCon"))
    answers = texts(messenger.graph.wait_for_sends(psid, 2))
    assert greeted(answers[0])
    assert not greeted(answers[1])
    assert len(messenger.graph.sends(psid)) == 2
    assert messenger.graph.actions(psid) == ["typing_on", "typing_on"]


@pytest.mark.parametrize("stamped", [True, False], ids=["timestamp", "no-timestamp"])
def test_a_replayed_postback_without_mid_is_answered_once(
    messenger: Messenger, psid: str, stamped: bool
) -> None:
    tap = postback(psid, "Say hello", "hello")
    del tap["postback"]["mid"]
    if not stamped:
        del tap["timestamp"]
    messenger.deliver(tap)
    messenger.graph.wait_for_sends(psid, 1)
    messenger.deliver(tap)  # a replay, by Meta or anyone holding the signed body
    messenger.deliver(text_message(psid, "register me for PyCon"))
    answers = texts(messenger.graph.wait_for_sends(psid, 2))
    assert greeted(answers[0])
    assert not greeted(answers[1])
    assert len(messenger.graph.sends(psid)) == 2


def test_two_messages_in_one_batch_are_answered_in_order(messenger: Messenger, psid: str) -> None:
    messenger.deliver(text_message(psid, "register me for an event"), text_message(psid, "PyCon"))
    answers = messenger.graph.wait_for_sends(psid, 4)
    assert "quick_replies" in answers[2]
    assert messenger.slots(psid)["eventName"] == "PyCon"


# ------------------------------------------------------------ not for the bot


def test_echoes_deliveries_and_reads_are_not_answered(messenger: Messenger, psid: str) -> None:
    messenger.deliver(echo(psid, "register me for PyCon"), delivery(psid), read(psid))
    (answer,) = _sentinel(messenger, psid)
    assert greeted(answer)
    assert messenger.graph.calls_to(PAGE_ID) == []  # an echo answered would go to the Page
    assert messenger.graph.actions(psid) == ["typing_on"]
