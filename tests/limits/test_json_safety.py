"""What JSON cannot safely carry, refused with 400 at every JSON entry point before anything is
loaded or saved, with no traceback in the log: lone surrogates, nesting deeper than 32, NaN and
Infinity, numbers beyond a double, bytes that are not UTF-8. The session works afterwards."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import quote

import httpx
import pytest
from botocore.exceptions import ClientError

from bot import strict_json
from tests.limits.conftest import Server, facebook_headers, new_session_id, slack_headers

PROBES = {
    "lone surrogate": b'"\\ud800"',
    "lone low surrogate": b'["a\\udc00b"]',
    "1,000 deep": b"[" * 1000 + b"]" * 1000,
    "50,000 deep, unclosed": b"{" + b'"a":[' * 50_000,
    "NaN": b"NaN",
    "Infinity": b"-Infinity",
    "beyond a double": b"1e999",
    "not UTF-8": b'"\xff\xfe"',
}
# Every JSON entry point: how a probe is placed in a body it would otherwise accept.
Body = Callable[[bytes], bytes]
ENTRY_POINTS: dict[str, tuple[Callable[[Server, str], str], Body]] = {
    "RecognizeText": (lambda s, sid: s.v2_path(sid), lambda p: b'{"text":"hi","x":' + p + b"}"),
    "PutSession V2": (
        lambda s, sid: s.v2_path(sid, ""),
        lambda p: b'{"sessionState":{"sessionAttributes":{"a":"1"}},"x":' + p + b"}",
    ),
    "PostText": (lambda s, sid: s.v1_path(sid), lambda p: b'{"inputText":"hi","x":' + p + b"}"),
    "PutSession V1": (lambda s, sid: s.v1_path(sid, "/session"), lambda p: b'{"x":' + p + b"}"),
    "model/parse": (lambda s, sid: "/model/parse", lambda p: b'{"text":"hi","x":' + p + b"}"),
    "REST webhook": (
        lambda s, sid: "/webhooks/rest/webhook",
        lambda p: b'{"sender":"u1","message":"hi","x":' + p + b"}",
    ),
    "Slack events": (
        lambda s, sid: "/channels/slack/events",
        lambda p: b'{"type":"event_callback","x":' + p + b"}",
    ),
    "Slack interactive": (
        lambda s, sid: "/channels/slack/interactive",
        lambda p: b"payload=" + quote(b'{"type":"block_actions","x":' + p + b"}").encode(),
    ),
    "Facebook webhook": (
        lambda s, sid: "/channels/facebook/webhook",
        lambda p: b'{"object":"page","entry":[],"x":' + p + b"}",
    ),
}


def no_tracebacks(log: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in log.records
        if r.exc_info or r.levelno >= logging.ERROR
    ]


def signed(path: str, body: bytes) -> dict[str, str]:
    kind = (
        "application/x-www-form-urlencoded" if path.endswith("interactive") else "application/json"
    )
    return {"Content-Type": kind, **slack_headers(body), **facebook_headers(body)}


# A Slack interactive payload is a form field, decoded with replacement characters (Slack sends
# UTF-8): bytes that are not UTF-8 there are covered by the test after this one.
CASES = [
    (entry_point, probe)
    for entry_point in ENTRY_POINTS
    for probe in PROBES
    if (entry_point, probe) != ("Slack interactive", "not UTF-8")
]


@pytest.mark.parametrize(("entry_point", "probe"), CASES)
def test_json_that_cannot_be_carried_is_a_400_with_no_traceback(
    server: Server, server_log: pytest.LogCaptureFixture, entry_point: str, probe: str
) -> None:
    session_id = server.started_session()
    before = server.session(session_id)
    path_for, body_for = ENTRY_POINTS[entry_point]
    path, body = path_for(server, session_id), body_for(PROBES[probe])
    answer = httpx.post(server.url + path, content=body, headers=signed(path, body), timeout=30)
    assert answer.status_code == 400, answer.text
    assert no_tracebacks(server_log) == []
    assert server.session(session_id) == before


def test_a_slack_form_that_is_not_utf8_is_answered_without_a_server_error(
    server: Server, server_log: pytest.LogCaptureFixture
) -> None:
    session_id = server.started_session()
    before = server.session(session_id)
    path_for, body_for = ENTRY_POINTS["Slack interactive"]
    path, body = path_for(server, session_id), body_for(PROBES["not UTF-8"])
    answer = httpx.post(server.url + path, content=body, headers=signed(path, body), timeout=30)
    assert answer.status_code < 500, answer.text
    assert no_tracebacks(server_log) == []
    assert server.session(session_id) == before


def test_a_lone_surrogate_from_boto3_is_refused_and_the_session_still_works(server: Server) -> None:
    session_id = server.started_session()
    before = server.session(session_id)
    with pytest.raises(ClientError) as refused:
        server.say(session_id, "tomorrow", sessionState={"sessionAttributes": {"name": "\ud800"}})
    error = refused.value.response
    assert (error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"]) == (
        400,
        "ValidationException",
    )
    assert "lone surrogate" in error["Error"]["Message"]
    assert server.session(session_id) == before
    # Before, such a session answered 500 on every call until it expired.
    answer = server.say(session_id, "tomorrow")
    assert answer["sessionState"]["sessionAttributes"] == {"a": "1"}
    assert server.session(session_id)["sessionState"]["intent"]["name"] == "RegisterUserForEvent"


def test_a_lone_surrogate_in_a_v1_put_session_is_a_bad_request(server: Server) -> None:
    ids = {"botName": "EventBot", "botAlias": "$LATEST", "userId": new_session_id()}
    with pytest.raises(ClientError) as refused:
        server.lex_v1.put_session(**ids, sessionAttributes={"name": "\udfff"})
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
    with pytest.raises(ClientError) as missing:
        server.lex_v1.get_session(**ids)
    assert missing.value.response["Error"]["Code"] == "NotFoundException"  # nothing was saved


def test_an_emoji_sent_as_an_escaped_surrogate_pair_is_kept(server: Server) -> None:
    """botocore escapes non-ASCII text: a pair is one character, never refused."""
    session_id = new_session_id()
    answer = server.say(session_id, "hi 😀", sessionState={"sessionAttributes": {"mood": "😀"}})
    assert answer["sessionState"]["sessionAttributes"] == {"mood": "😀"}
    assert server.session(session_id)["sessionState"]["sessionAttributes"] == {"mood": "😀"}


def test_the_refusals_say_what_is_wrong(server: Server) -> None:
    path = server.v2_path(new_session_id())
    messages = {}
    for probe in ("1,000 deep", "NaN", "lone surrogate", "not UTF-8"):
        body = ENTRY_POINTS["RecognizeText"][1](PROBES[probe])
        messages[probe] = httpx.post(
            server.url + path, content=body, headers={"Content-Type": "application/json"}
        ).json()["message"]
    assert messages == {
        "1,000 deep": "Request body is nested deeper than 32 levels",
        "NaN": "Request body holds NaN, which is not a JSON number",
        "lone surrogate": (
            "Request body holds a lone surrogate (such as \\ud800), which is not Unicode text"
        ),
        "not UTF-8": "Request body is not UTF-8 text",
    }


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}',
        b'{"a":"\\\\\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}',
        b"[" * 32 + b"]" * 32,
        b'{"k":[' + b"[1]," * 500 + b"1]}",
    ],
)
def test_brackets_in_strings_and_wide_structures_are_not_depth(raw: bytes) -> None:
    strict_json.loads(raw)


def test_thirty_three_levels_are_too_deep() -> None:
    with pytest.raises(strict_json.JsonRefused, match="deeper than 32"):
        strict_json.loads(b'{"a":' * 33 + b"1" + b"}" * 33)
