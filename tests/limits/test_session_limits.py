"""Lex's limits on the session state a client sends (12 KB of session and request attributes,
context attributes, attribute names), refused with 400 `ValidationException` (V1
`BadRequestException`) before anything is loaded or saved; and a PutSession whose answer headers
would not fit in what boto3 reads refused before it is saved."""

from __future__ import annotations

import base64
import gzip
import json
import secrets
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from bot.settings import ServerLimits
from tests.limits.conftest import Server, new_session_id

MiB = 1024 * 1024


def refusal(error: ClientError) -> tuple[int, str, str]:
    return (
        error.response["ResponseMetadata"]["HTTPStatusCode"],
        error.response["Error"]["Code"],
        error.response["Error"]["Message"],
    )


def v1_session(server: Server, user_id: str) -> dict[str, Any]:
    answer = server.lex_v1.get_session(botName="EventBot", botAlias="$LATEST", userId=user_id)
    answer.pop("ResponseMetadata")
    return dict(answer)


def contexts(count: int, attributes: int, value_size: int) -> list[dict[str, Any]]:
    """Contexts whose attribute values are random (they do not compress)."""
    return [
        {
            "name": f"context{c}",
            "timeToLive": {"timeToLiveInSeconds": 600, "turnsToLive": 10},
            "contextAttributes": {
                f"k{a}": secrets.token_urlsafe(value_size)[:value_size] for a in range(attributes)
            },
        }
        for c in range(count)
    ]


def test_a_20_mb_session_attribute_never_reaches_the_state_limit_at_the_default_body_limit(
    server: Server,
) -> None:
    session_id = server.started_session()
    before = server.session(session_id)
    with pytest.raises(ClientError) as refused:
        server.say(session_id, "hi", sessionState={"sessionAttributes": {"big": "x" * 20 * MiB}})
    assert refusal(refused.value)[:2] == (413, "ValidationException")
    assert server.session(session_id) == before


def test_a_20_mb_session_attribute_is_a_validation_exception_under_a_larger_body_limit(
    served: Callable[..., Server],
) -> None:
    server = served(limits=ServerLimits(max_body_bytes=32 * MiB))
    session_id = server.started_session()
    before = server.session(session_id)
    with pytest.raises(ClientError) as refused:
        server.say(session_id, "hi", sessionState={"sessionAttributes": {"big": "x" * 20 * MiB}})
    assert refusal(refused.value) == (
        400,
        "ValidationException",
        (
            "Invalid request: session attributes take 20,971,530 bytes as JSON; "
            "Lex allows at most 12,288 (12 KB)"
        ),
    )
    assert server.session(session_id) == before


def test_session_attributes_of_12_kb_are_taken(server: Server) -> None:
    session_id = new_session_id()
    attributes = {"a": "x" * (12 * 1024 - len('{"a":""}'))}
    answer = server.say(session_id, "hi", sessionState={"sessionAttributes": attributes})
    assert answer["sessionState"]["sessionAttributes"] == attributes


@pytest.mark.parametrize("operation", ["RecognizeText", "PutSession"])
def test_v2_session_attributes_over_12_kb_leave_the_session_as_it_was(
    server: Server, operation: str
) -> None:
    session_id = server.started_session()
    before = server.session(session_id)
    state = {"sessionAttributes": {"a": "x" * 12 * 1024}}
    with pytest.raises(ClientError) as refused:
        if operation == "RecognizeText":
            server.say(session_id, "hi", sessionState=state)
        else:
            server.lex.put_session(
                **server.ids, localeId="en_US", sessionId=session_id, sessionState=state
            )
    status, code, message = refusal(refused.value)
    assert (status, code) == (400, "ValidationException")
    assert "Lex allows at most 12,288 (12 KB)" in message
    assert server.session(session_id) == before


@pytest.mark.parametrize("operation", ["PostText", "PutSession"])
def test_v1_session_attributes_over_12_kb_are_a_bad_request(server: Server, operation: str) -> None:
    user_id = new_session_id()
    ids = {"botName": "EventBot", "botAlias": "$LATEST", "userId": user_id}
    server.lex_v1.post_text(**ids, inputText="register me for PyCon", sessionAttributes={"a": "1"})
    before = v1_session(server, user_id)
    attributes = {"a": "x" * 12 * 1024}
    with pytest.raises(ClientError) as refused:
        if operation == "PostText":
            server.lex_v1.post_text(**ids, inputText="hi", sessionAttributes=attributes)
        else:
            server.lex_v1.put_session(**ids, sessionAttributes=attributes)
    assert refusal(refused.value)[:2] == (400, "BadRequestException")
    assert v1_session(server, user_id) == before


def test_request_attributes_count_with_the_session_attributes(server: Server) -> None:
    half = {"a": "x" * 7000}
    with pytest.raises(ClientError) as refused:
        server.say(
            new_session_id(), "hi", sessionState={"sessionAttributes": half}, requestAttributes=half
        )
    assert "session and request attributes take 14,016 bytes" in refusal(refused.value)[2]


def post(server: Server, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        server.url + path, content=json.dumps(body), headers={"Content-Type": "application/json"}
    )


@pytest.mark.parametrize(
    ("context_attributes", "message"),
    [
        (
            {f"k{i}": "v" for i in range(11)},
            "context crowded has 11 attributes; Lex allows at most 10",
        ),
        ({"k": "v" * 1025}, "context crowded has an attribute value of 1,025 characters"),
        ({"k" * 101: "v"}, "context crowded has an attribute name of 101 characters"),
        ({"": "v"}, "context crowded has an attribute name of 0 characters"),
    ],
)
def test_context_attributes_beyond_lex_limits_are_refused(
    server: Server, context_attributes: dict[str, str], message: str
) -> None:
    session_id = server.started_session()
    before = server.session(session_id)
    context = {
        "name": "crowded",
        "timeToLive": {"timeToLiveInSeconds": 60, "turnsToLive": 2},
        "contextAttributes": context_attributes,
    }
    answer = post(
        server,
        server.v2_path(session_id),
        {"text": "hi", "sessionState": {"activeContexts": [context]}},
    )
    assert answer.status_code == 400
    assert answer.headers["x-amzn-ErrorType"] == "ValidationException"
    assert message in answer.json()["message"]
    assert server.session(session_id) == before


@pytest.mark.parametrize("where", ["sessionAttributes", "requestAttributes"])
def test_an_empty_attribute_name_is_refused(server: Server, where: str) -> None:
    body: dict[str, Any] = {"text": "hi", "sessionState": {}}
    if where == "sessionAttributes":
        body["sessionState"]["sessionAttributes"] = {"": "x"}
    else:
        body["requestAttributes"] = {"": "x"}
    answer = post(server, server.v2_path(new_session_id()), body)
    assert answer.status_code == 400
    assert "has an empty name" in answer.json()["message"]


# ---------------------------------------------------------------- PutSession's answer headers


def test_a_v2_put_session_whose_headers_would_pass_64_kb_is_refused_before_it_is_saved(
    server: Server,
) -> None:
    session_id = server.started_session()
    before = server.session(session_id)
    with pytest.raises(ClientError) as refused:
        server.lex.put_session(
            **server.ids,
            localeId="en_US",
            sessionId=session_id,
            sessionState={"activeContexts": contexts(20, 10, 1000)},  # 200 KB, all within Lex
        )
    status, code, message = refusal(refused.value)
    assert (status, code) == (400, "ValidationException")
    assert "bytes of headers, more than clients read (64 KB)" in message
    assert server.session(session_id) == before


def test_a_v2_put_session_whose_headers_fit_is_read_by_boto3(server: Server) -> None:
    session_id = new_session_id()
    sent = contexts(20, 10, 150)  # 30 KB of random text: about 31 KB of headers
    answer = server.lex.put_session(
        **server.ids, localeId="en_US", sessionId=session_id, sessionState={"activeContexts": sent}
    )
    state = json.loads(gzip.decompress(base64.b64decode(answer["sessionState"])))
    assert len(state["activeContexts"]) == 20  # boto3 read every header (it hands this one raw)
    stored = server.session(session_id)["sessionState"]["activeContexts"]
    assert stored[0]["contextAttributes"] == sent[0]["contextAttributes"]


def test_a_v1_put_session_whose_headers_would_pass_64_kb_is_refused_before_it_is_saved(
    server: Server,
) -> None:
    user_id = new_session_id()
    ids = {"botName": "EventBot", "botAlias": "$LATEST", "userId": user_id}
    server.lex_v1.post_text(**ids, inputText="register me for PyCon")
    before = v1_session(server, user_id)
    v1_contexts = [
        {"name": c["name"], "timeToLive": c["timeToLive"], "parameters": c["contextAttributes"]}
        for c in contexts(20, 10, 1000)
    ]
    with pytest.raises(ClientError) as refused:
        server.lex_v1.put_session(**ids, activeContexts=v1_contexts)
    assert refusal(refused.value)[:2] == (400, "BadRequestException")
    assert v1_session(server, user_id) == before


def test_recognize_text_with_the_same_large_state_is_answered_in_json(server: Server) -> None:
    """Only PutSession answers in headers: the JSON answer of RecognizeText has room for it."""
    answer = server.say(
        new_session_id(), "hi", sessionState={"activeContexts": contexts(20, 10, 1000)}
    )
    assert len(answer["sessionState"]["activeContexts"]) == 20
