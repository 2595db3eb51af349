"""Only Slack gets in: requests with a bad, missing or replayed signature are refused with 401
before anything is processed, on both webhooks; the bot never answers bots, edits or other
subtypes (no reply loops)."""

from __future__ import annotations

import json

import pytest

from channels.slack.signing import SlackSignature
from tests.channels.slack.conftest import (
    BOT_USER,
    EVENTS,
    INTERACTIVE,
    SIGNING_SECRET,
    SlackUser,
    slack_signature,
)


def test_the_signature_helper_computes_slacks_documented_test_vector():
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
        b"&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
        b"&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
        b"%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert slack_signature("1531420618", body) == expected
    headers = {"x-slack-request-timestamp": "1531420618", "x-slack-signature": expected}
    assert SlackSignature(SIGNING_SECRET, clock=lambda: 1531420618 + 299).is_valid(body, headers)
    assert not SlackSignature(SIGNING_SECRET, clock=lambda: 1531420618 + 301).is_valid(
        body, headers
    )


@pytest.mark.parametrize("path", [EVENTS, INTERACTIVE])
@pytest.mark.parametrize(
    "how",
    [
        {"secret": "not-the-signing-secret"},
        {"age": 301},  # a replay, older than five minutes
        {"age": -301},  # from too far in the future
        {"headers": {"Content-Type": "application/json"}},  # not signed at all
        {"headers": {"X-Slack-Request-Timestamp": "1795000000"}},
        {"headers": {"X-Slack-Signature": "v0=00", "X-Slack-Request-Timestamp": "yesterday"}},
    ],
    ids=["wrong-secret", "replayed", "future", "no-headers", "no-signature", "bad-timestamp"],
)
def test_unsigned_or_replayed_requests_are_refused_with_401(
    slack_user: SlackUser, path: str, how: dict
):
    if path == EVENTS:
        answer = slack_user.send_event(slack_user.message_event("I want to register"), **how)
        assert answer.status_code == 401
        slack_user.assert_nothing_was_answered()
        return
    _, card = slack_user.say("I want to register", count=2)
    answer = slack_user.send_click(slack_user.click_payload(card, "PyCon"), **how)
    assert answer.status_code == 401
    (prompt,) = slack_user.say("Serverless Days")  # the click did not answer the prompt
    assert "Serverless Days" in prompt.text or prompt.text == "What date works for you?"
    assert len(slack_user.posts()) == 3
    assert slack_user.app.slack.calls(slack_user.channel, "chat.update") == []


def test_a_body_changed_after_signing_is_refused(slack_user: SlackUser):
    body = json.dumps(slack_user.message_event("I want to register")).encode()
    timestamp = str(int(slack_user.app.clock()))
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": slack_signature(timestamp, body),
    }
    tampered = body.replace(b"I want to register", b"I want to cancel!!")
    assert slack_user.send(EVENTS, tampered, headers=headers).status_code == 401
    slack_user.assert_nothing_was_answered()


def test_a_url_verification_needs_a_signature_too(slack_user: SlackUser):
    body = json.dumps({"type": "url_verification", "challenge": "abc"}).encode()
    assert slack_user.send(EVENTS, body, secret="guessed").status_code == 401


@pytest.mark.parametrize(
    "fields",
    [
        {"bot_id": "B0EVENTBOT", "subtype": "bot_message", "user": None},
        {"bot_id": "B0EVENTBOT"},  # a bot posting as a user
        {"subtype": "bot_message", "username": "another bot"},
        {"subtype": "me_message"},
        {"subtype": "channel_join"},
        {"subtype": "thread_broadcast"},
        {"subtype": "file_share"},
        {"channel_type": "channel"},  # channel chatter not addressed to the bot
        {"channel_type": "mpim"},
        {"text": f"<@{BOT_USER}>"},  # nothing said but the bot's name
    ],
    ids=lambda fields: "-".join(f"{k}={v}" for k, v in fields.items()),
)
def test_messages_not_typed_by_a_person_in_a_dm_are_ignored(slack_user: SlackUser, fields: dict):
    fields = {"text": "I want to register", **fields}
    event = slack_user.message_event(fields.pop("text"), **fields)
    assert slack_user.send_event(event).status_code == 200
    slack_user.assert_nothing_was_answered()


def test_edits_and_deletions_are_ignored(slack_user: SlackUser):
    edited = {
        "subtype": "message_changed",
        "hidden": True,
        "user": None,
        "message": {"type": "message", "user": slack_user.user, "text": "I want to register"},
        "previous_message": {"type": "message", "user": slack_user.user, "text": "hi"},
    }
    deleted = {"subtype": "message_deleted", "hidden": True, "user": None, "deleted_ts": "1.2"}
    for fields in (edited, deleted):
        event = slack_user.message_event("", **fields)
        assert slack_user.send_event(event).status_code == 200
    slack_user.assert_nothing_was_answered()


def test_a_mention_by_another_bot_is_ignored(slack_user: SlackUser):
    event = slack_user.mention_event(f"<@{BOT_USER}> I want to register", bot_id="B0OTHER")
    assert slack_user.send_event(event).status_code == 200
    slack_user.assert_nothing_was_answered()


def test_other_event_types_are_acknowledged_and_ignored(slack_user: SlackUser):
    event = slack_user.message_event("hi", type="reaction_added", reaction="thumbsup")
    assert slack_user.send_event(event).status_code == 200
    rate_limited = {"type": "app_rate_limited", "team_id": "T0", "minute_rate_limited": 1}
    assert slack_user.send_event(rate_limited).status_code == 200
    slack_user.assert_nothing_was_answered()


MALFORMED_TIMESTAMPS = [
    b"\xb2",  # "²": a digit to str.isdigit(), not to int()
    b"\xd9\xa1\xd9\xa7",  # Arabic-Indic digits in UTF-8
    b"abc",
    b"",
    b" ",
    b"1e9",
    b"-1795000000",
    b"+1795000000",
    b"1795000000.5",
    b"9" * 5000,  # past int()'s digit limit
]


@pytest.mark.parametrize("timestamp", MALFORMED_TIMESTAMPS, ids=repr)
def test_a_malformed_timestamp_is_refused_not_an_error(timestamp: bytes):
    signature = SlackSignature(SIGNING_SECRET, clock=lambda: 1795000000)
    headers = {
        "x-slack-request-timestamp": timestamp.decode("latin-1"),  # as Starlette decodes headers
        "x-slack-signature": slack_signature(timestamp.decode("latin-1"), b"{}"),
    }
    assert signature.is_valid(b"{}", headers) is False


@pytest.mark.parametrize("path", [EVENTS, INTERACTIVE])
@pytest.mark.parametrize("timestamp", [b"\xb2", b"abc", b""], ids=repr)
def test_a_malformed_timestamp_header_is_a_401(slack_user: SlackUser, path: str, timestamp: bytes):
    body = json.dumps(slack_user.message_event("I want to register")).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    answer = slack_user.http.post(slack_user.app.workers[0] + path, content=body, headers=headers)
    assert answer.status_code == 401


def test_a_non_ascii_signature_or_a_body_that_is_not_utf8_is_a_401(slack_user: SlackUser):
    timestamp = str(int(slack_user.app.clock()))
    body = json.dumps(slack_user.message_event("I want to register")).encode()
    url = slack_user.app.workers[0] + EVENTS
    non_ascii = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": b"v0=\xff\xfe"}
    assert slack_user.http.post(url, content=body, headers=non_ascii).status_code == 401
    garbled = b"\xff\xfe" + body
    wrong = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64}
    assert slack_user.http.post(url, content=garbled, headers=wrong).status_code == 401
    slack_user.assert_nothing_was_answered()


def test_a_signed_body_that_is_not_utf8_is_checked_on_its_raw_bytes():
    body = b'{"type": "url_verification", "challenge": "\xff"}'
    timestamp = "1795000000"
    headers = {
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": slack_signature(timestamp, body),
    }
    assert SlackSignature(SIGNING_SECRET, clock=lambda: 1795000000).is_valid(body, headers)
