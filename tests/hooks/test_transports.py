"""Each transport calls its hook once and maps what goes wrong to `HookTimeout` (too slow) or
`HookFailure` (anything else), with short timeouts; the HTTP and Lambda ones against loopback
servers (a plain hook endpoint and a fake of the Lambda Invoke API)."""

from __future__ import annotations

import sys
import textwrap
import time

import pytest

from bot.dialog.hooks import HookTimeout
from bot.hooks import HookFailure, InvalidHookAnswer, transport_for
from bot.hooks.transports import HttpTransport, LambdaTransport, PythonTransport
from tests.hooks import handlers
from tests.serving import serving_app

EVENT = {"invocationSource": "DialogCodeHook", "sessionId": "t-1"}


def echo(event, context):  # type: ignore[no-untyped-def]
    return {
        "event": event,
        "function": context.function_name,
        "request": context.aws_request_id,
        "remaining": context.get_remaining_time_in_millis(),
    }


def not_json(event, context):  # type: ignore[no-untyped-def]
    return {"when": time}


def test_uris_name_their_transport(tmp_path):
    assert isinstance(transport_for("python:pkg.mod:fn", 3, tmp_path), PythonTransport)
    assert isinstance(
        transport_for("lambda:arn:aws:lambda:eu-west-1:1:function:f"), LambdaTransport
    )
    assert isinstance(transport_for("https://hooks.example.com/lex"), HttpTransport)
    with pytest.raises(ValueError):
        transport_for("ftp://example.com")


# ---------------------------------------------------------------- in process


def test_python_hook_gets_the_event_and_a_lambda_context():
    answer = transport_for("python:tests.hooks.test_transports:echo", 5).invoke(EVENT)
    assert answer["event"] == EVENT
    assert answer["function"] == "echo"
    assert len(answer["request"]) == 36
    assert 4000 < answer["remaining"] <= 5000


def test_python_hook_timeout():
    transport = transport_for("python:tests.hooks.handlers:nap", 0.1)
    started = time.monotonic()
    with pytest.raises(HookTimeout):
        transport.invoke(EVENT)
    assert time.monotonic() - started < 0.5
    assert len(handlers.CALLS) == 1


def test_python_hook_exception_is_a_failure():
    transport = transport_for("python:tests.hooks.handlers:v1_handler", 1)
    with pytest.raises(HookFailure, match="raised KeyError"):
        transport.invoke(EVENT)


def test_python_hook_answer_must_be_json():
    with pytest.raises(InvalidHookAnswer, match="not JSON serialisable"):
        transport_for("python:tests.hooks.test_transports:not_json", 1).invoke(EVENT)


def test_python_hook_module_is_imported_at_the_first_call(tmp_path):
    name = f"late_hook_{time.monotonic_ns()}"
    transport = transport_for(f"python:{name}:handle", 1, tmp_path)  # nothing imported yet
    with pytest.raises(HookFailure, match=f"cannot import {name}"):
        transport.invoke(EVENT)
    (tmp_path / f"{name}.py").write_text(
        textwrap.dedent(
            """
            def handle(event, context):
                return {"late": True}
            """
        )
    )
    try:
        assert transport.invoke(EVENT) == {"late": True}
    finally:
        sys.modules.pop(name, None)
        sys.path.remove(str(tmp_path))


# ---------------------------------------------------------------- HTTP


def test_http_hook_answer(hook_server_url):
    answer = transport_for(f"{hook_server_url}/hooks/echo_event", 5).invoke(EVENT)
    assert answer == EVENT


def test_http_hook_error_status_is_a_failure(hook_server_url):
    with pytest.raises(HookFailure, match="answered HTTP 404"):
        transport_for(f"{hook_server_url}/hooks/no_such_handler", 5).invoke(EVENT)


def test_http_hook_timeout(hook_server_url):
    with pytest.raises(HookTimeout):
        transport_for(f"{hook_server_url}/hooks/nap", 0.2).invoke(EVENT)


def test_http_hook_unreachable_is_a_failure():
    with pytest.raises(HookFailure, match="could not be reached"):
        transport_for("http://127.0.0.1:9/hook", 1).invoke(EVENT)


def test_http_hook_body_must_be_json():
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse

    app = FastAPI()
    app.post("/hook")(lambda: PlainTextResponse("hello"))
    with serving_app(app) as url, pytest.raises(InvalidHookAnswer, match="not JSON"):
        transport_for(f"{url}/hook", 1).invoke(EVENT)


def test_http_hook_target_hides_secrets():
    transport = transport_for("https://user:s3cret@hooks.example.com:8443/lex?token=abc#x", 1)
    assert transport.target == "https://hooks.example.com:8443/lex"


# ---------------------------------------------------------------- AWS Lambda


@pytest.fixture
def fake_lambda(lambda_server, monkeypatch):
    url, app = lambda_server
    monkeypatch.setenv("AWS_ENDPOINT_URL_LAMBDA", url)
    app.state.invocations.clear()
    return app


def test_lambda_hook_is_invoked_request_response(fake_lambda):
    answer = transport_for("lambda:echo_event", 5).invoke(EVENT)
    assert answer == EVENT
    assert fake_lambda.state.invocations == [("echo_event", "RequestResponse")]


def test_lambda_function_error_is_a_failure(fake_lambda):
    with pytest.raises(HookFailure, match="Received error response from Lambda: Unhandled"):
        transport_for("lambda:v1_handler", 5).invoke(EVENT)


def test_lambda_unknown_function_is_a_failure(fake_lambda):
    with pytest.raises(HookFailure, match="ResourceNotFoundException"):
        transport_for("lambda:no_such_function", 5).invoke(EVENT)


def test_lambda_timeout_is_not_retried(fake_lambda):
    with pytest.raises(HookTimeout):
        transport_for("lambda:nap", 0.3).invoke(EVENT)
    assert fake_lambda.state.invocations == [("nap", "RequestResponse")]
    assert len(handlers.CALLS) == 1


def test_lambda_arn_gives_the_region():
    transport = LambdaTransport("arn:aws:lambda:eu-west-1:123456789012:function:hook", 5)
    assert transport._lambda().meta.region_name == "eu-west-1"


def test_python_hook_gets_its_own_copy_of_the_event():
    shared = {"intent": {"name": "X"}}
    event = {"sessionState": {"intent": shared["intent"]}, "proposedNextState": shared}
    answer = transport_for("python:tests.hooks.test_transports:meddle", 1).invoke(event)
    assert answer == {"proposed": "X"}
    assert shared["intent"]["name"] == "X"


def meddle(event, context):  # type: ignore[no-untyped-def]
    event["sessionState"]["intent"]["name"] = "changed"
    return {"proposed": event["proposedNextState"]["intent"]["name"]}
