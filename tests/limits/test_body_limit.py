"""The body limit (default 1 MiB) on every route, enforced while the body streams in and before any
signature check: 413 in the route's error shape, a `Content-Length` over the limit refused before
the body is sent, a body that never ends cut off at its deadline (408), and the app never
receiving more than the limit."""

from __future__ import annotations

import json
import threading
import tracemalloc
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from pydantic import SecretStr
from starlette.types import Message, Receive, Scope, Send

from bot.body_limit import BodyLimit
from bot.errors import ConfigurationError, PayloadTooLarge
from bot.security import SecuritySettings
from bot.server import refusal
from bot.settings import ServerLimits
from tests.limits.conftest import (
    NO_RETRIES,
    Server,
    facebook_headers,
    new_session_id,
    slack_headers,
)
from tests.limits.raw_http import chunked, exchange, repeated
from tests.serving import serving_app

MiB = 1024 * 1024
JSON = {"Content-Type": "application/json"}
CHANNEL_ROUTES = [
    "/webhooks/rest/webhook",
    "/channels/slack/events",
    "/channels/slack/interactive",
    "/channels/facebook/webhook",
]


def lex_error(error: ClientError) -> tuple[int, str]:
    meta = error.response["ResponseMetadata"]
    return meta["HTTPStatusCode"], error.response["Error"]["Code"]


def test_an_oversized_recognize_text_is_refused_with_413_and_lex_v2_names(server: Server) -> None:
    session_id = server.started_session()
    before = server.session(session_id)
    with pytest.raises(ClientError) as refused:
        server.say(session_id, "hi", sessionState={"sessionAttributes": {"big": "x" * (2 * MiB)}})
    assert lex_error(refused.value) == (413, "ValidationException")
    assert (
        "over this server's limit of 1,048,576 bytes" in refused.value.response["Error"]["Message"]
    )
    assert server.session(session_id) == before


def test_an_oversized_post_text_is_refused_with_413_and_lex_v1_names(server: Server) -> None:
    with pytest.raises(ClientError) as refused:
        server.lex_v1.post_text(
            botName="EventBot",
            botAlias="$LATEST",
            userId=new_session_id(),
            inputText="hi",
            sessionAttributes={"big": "x" * (2 * MiB)},
        )
    assert lex_error(refused.value) == (413, "BadRequestException")


@pytest.mark.parametrize("path", CHANNEL_ROUTES)
def test_an_unsigned_oversized_post_to_a_webhook_is_refused_before_its_signature_check(
    server: Server, path: str
) -> None:
    size = MiB + 1
    answer = exchange(
        server.url,
        path,
        {**JSON, "Content-Length": str(size)},
        repeated(size),
    )
    assert answer.status == 413  # not 401: the signature check never saw the body
    assert answer.json() == {
        "error": "The request body of 1,048,577 bytes is over this server's limit of 1,048,576 bytes"
    }
    assert answer.headers["connection"] == "close"


def test_the_limit_runs_before_sigv4_and_binds_signed_clients_too(
    served: Callable[..., Server],
) -> None:
    security = SecuritySettings(
        api_auth="sigv4",
        api_credentials=SecretStr("AKIDLIMITS:limits-secret"),
    )
    server = served(security=security)
    path = server.v2_path(new_session_id())
    unsigned = exchange(server.url, path, {**JSON, "Content-Length": str(50 * MiB)})
    assert (unsigned.status, unsigned.headers["x-amzn-errortype"]) == (413, "ValidationException")
    signer = boto3.client(
        "lexv2-runtime",
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="AKIDLIMITS",
        aws_secret_access_key="limits-secret",
        config=NO_RETRIES,
    )
    ids = {**server.ids, "localeId": "en_US", "sessionId": new_session_id()}
    assert signer.recognize_text(**ids, text="hello")["sessionId"] == ids["sessionId"]
    with pytest.raises(ClientError) as refused:
        signer.recognize_text(
            **ids, text="hi", sessionState={"sessionAttributes": {"b": "x" * 2 * MiB}}
        )
    assert lex_error(refused.value) == (413, "ValidationException")


@pytest.mark.parametrize("path", CHANNEL_ROUTES)
def test_a_signed_oversized_post_to_a_webhook_is_refused_too(server: Server, path: str) -> None:
    body = b"x" * (MiB + 1)
    signed = {**slack_headers(body), **facebook_headers(body)}
    answer = exchange(
        server.url, path, {**JSON, **signed, "Content-Length": str(len(body))}, [body]
    )
    assert answer.status == 413


def test_an_oversized_model_parse_is_refused_in_lex_v2_shape(server: Server) -> None:
    answer = exchange(
        server.url,
        "/model/parse",
        {**JSON, "Transfer-Encoding": "chunked"},
        chunked(repeated(2 * MiB)),
    )
    assert answer.status == 413
    assert answer.headers["x-amzn-errortype"] == "ValidationException"
    assert answer.json()["__type"] == "ValidationException"


def test_a_content_length_over_the_limit_is_refused_before_any_body_is_sent(server: Server) -> None:
    declared = 50 * MiB
    answer = exchange(
        server.url, server.v2_path(new_session_id()), {**JSON, "Content-Length": str(declared)}
    )
    assert answer.status == 413
    assert answer.json()["message"] == (
        "The request body of 52,428,800 bytes is over this server's limit of 1,048,576 bytes"
    )
    assert answer.seconds < 5  # answered at once, without waiting for a byte of body


@pytest.mark.parametrize(
    "route", ["v2 text", "v2 put session", "v1 text", "v1 put session", "rest"]
)
def test_a_chunked_body_is_refused_where_it_passes_the_limit(server: Server, route: str) -> None:
    session_id = new_session_id()
    path = {
        "v2 text": server.v2_path(session_id),
        "v2 put session": server.v2_path(session_id, ""),
        "v1 text": server.v1_path(session_id),
        "v1 put session": server.v1_path(session_id, "/session"),
        "rest": "/webhooks/rest/webhook",
    }[route]
    body = chunked(repeated(MiB + 1, chunk=16 * 1024))
    answer = exchange(server.url, path, {**JSON, "Transfer-Encoding": "chunked"}, body)
    assert answer.status == 413
    expected = {
        "rest": None,
        "v1 text": "BadRequestException",
        "v1 put session": "BadRequestException",
    }
    assert answer.headers.get("x-amzn-errortype") == expected.get(route, "ValidationException")


def test_a_body_longer_than_its_content_length_is_read_only_as_far_as_it_says(
    server: Server,
) -> None:
    declared = json.dumps({"text": "register me for PyCon"}).encode()
    answer = exchange(
        server.url,
        "/model/parse",
        {**JSON, "Content-Length": str(len(declared))},
        [declared, b"x" * (2 * MiB)],  # the rest is never part of this request's body
    )
    assert answer.status == 200
    assert answer.json()["text"] == "register me for PyCon"


@pytest.mark.parametrize(
    ("v1", "error_type"), [(False, "ValidationException"), (True, "RequestTimeoutException")]
)
def test_a_body_shorter_than_its_content_length_is_cut_off_with_408(
    served: Callable[..., Server], v1: bool, error_type: str
) -> None:
    server = served(limits=ServerLimits(body_timeout_seconds=1))
    session_id = new_session_id()
    path = server.v1_path(session_id) if v1 else server.v2_path(session_id)
    answer = exchange(server.url, path, {**JSON, "Content-Length": "100"}, [b'{"text": "hi'])
    assert answer.status == 408
    assert answer.headers["x-amzn-errortype"] == error_type
    assert answer.json()["message"] == "The request body did not arrive within 1 seconds"
    assert 0.9 < answer.seconds < 5


def test_a_trickled_body_is_cut_off_at_its_deadline(served: Callable[..., Server]) -> None:
    server = served(limits=ServerLimits(body_timeout_seconds=1))
    trickle = [b"x"] * 40  # one byte every 0.25 s: 10 s for the whole body
    answer = exchange(
        server.url, "/webhooks/rest/webhook", {**JSON, "Content-Length": "40"}, trickle, pause=0.25
    )
    assert answer.status == 408
    assert answer.json() == {"error": "The request body did not arrive within 1 seconds"}
    assert answer.seconds < 5


def test_a_session_survives_a_refused_body(served: Callable[..., Server]) -> None:
    server = served(limits=ServerLimits(body_timeout_seconds=1))
    session_id = server.started_session()
    before = server.session(session_id)
    exchange(server.url, server.v2_path(session_id), {**JSON, "Content-Length": "100"}, [b"{"])
    exchange(server.url, server.v2_path(session_id), {**JSON, "Content-Length": str(2 * MiB)})
    assert server.session(session_id) == before
    assert server.say(session_id, "tomorrow")["sessionState"]["sessionAttributes"] == {"a": "1"}


# ---------------------------------------------------------------- what the app receives


class Recorder:
    """An ASGI app that reads the whole body and records how many bytes reached it."""

    def __init__(self) -> None:
        self.received = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        more = True
        while more:
            message: Message = await receive()
            self.received += len(message.get("body", b""))
            more = message.get("more_body", False)
        headers = [(b"content-length", b"2")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})


def limited(app: Any, max_bytes: int) -> Any:
    return BodyLimit(app, max_bytes=max_bytes, timeout_seconds=10, answer=refusal)


@pytest.mark.parametrize("size", [64 * 1024, 64 * 1024 + 1, 5 * 64 * 1024])
def test_the_app_never_receives_more_than_the_limit(size: int) -> None:
    recorder = Recorder()
    limit = 64 * 1024
    with serving_app(limited(recorder, limit)) as url:
        body = chunked(repeated(size, chunk=1000))
        answer = exchange(url, "/webhooks/rest/webhook", {"Transfer-Encoding": "chunked"}, body)
    if size <= limit:
        assert (answer.status, recorder.received) == (200, size)
    else:
        assert answer.status == 413
        assert recorder.received <= limit  # the chunk that crossed the limit never reached it


def test_memory_does_not_grow_with_eight_concurrent_oversized_posts(server: Server) -> None:
    def post(path: str) -> None:
        answers.append(
            exchange(
                server.url,
                path,
                {**JSON, "Transfer-Encoding": "chunked"},
                chunked(repeated(8 * MiB)),
                stop_on_answer=False,
            ).status
        )

    answers: list[int] = []
    paths = ["/channels/slack/events", "/channels/facebook/webhook", server.v2_path("m-1")] * 3
    tracemalloc.start()
    try:
        threads = [threading.Thread(target=post, args=(path,)) for path in paths[:8]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert answers == [413] * 8
    assert peak < 16 * MiB  # 64 MiB were posted; at most the limit each was ever held


# ---------------------------------------------------------------- configuration


def test_the_limit_is_read_from_bot_max_body_bytes(
    served: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_MAX_BODY_BYTES", "4096")
    monkeypatch.setenv("BOT_BODY_TIMEOUT_SECONDS", "2.5")
    limits = ServerLimits.from_environment()
    assert (limits.max_body_bytes, limits.body_timeout_seconds) == (4096, 2.5)
    server = served(limits=limits)
    session_id = new_session_id()
    server.say(session_id, "hi", sessionState={"sessionAttributes": {"fits": "x" * 3500}})
    with pytest.raises(ClientError) as refused:
        server.say(session_id, "hi", sessionState={"sessionAttributes": {"big": "x" * 5000}})
    assert lex_error(refused.value) == (413, "ValidationException")


def test_a_bad_limit_in_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BOT_MAX_BODY_BYTES", "lots")
    with pytest.raises(ConfigurationError, match="BOT_MAX_BODY_BYTES"):
        ServerLimits.from_environment()


def test_the_defaults_are_documented_values() -> None:
    limits = ServerLimits.defaults()
    assert limits.max_body_bytes == MiB and limits.body_timeout_seconds == 30
    assert limits.uvicorn_options() == {
        "limit_concurrency": 256,
        "timeout_keep_alive": 5,
        "h11_max_incomplete_event_size": 16 * 1024,
        "backlog": 256,
    }


def test_a_refusal_takes_the_shape_of_its_route() -> None:
    error = PayloadTooLarge("too big")

    def scope(path: str) -> Scope:
        return {"type": "http", "path": path, "headers": [], "query_string": b"", "method": "POST"}

    channel = refusal(scope("/channels/slack/events"), error)
    assert (channel.status_code, json.loads(bytes(channel.body))) == (413, {"error": "too big"})
    v1 = refusal(scope("/bot/EventBot/alias/$LATEST/user/u1/text"), error)
    assert (
        json.loads(bytes(v1.body))["__type"]
        == v1.headers["x-amzn-errortype"]
        == "BadRequestException"
    )
    v2 = refusal(
        scope("/bots/ABCDEFGHIJ/botAliases/TSTALIASID/botLocales/en_US/sessions/s1"), error
    )
    assert v2.headers["x-amzn-errortype"] == "ValidationException"
