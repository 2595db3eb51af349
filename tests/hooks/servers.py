"""Loopback servers for the hook tests: uvicorn in a thread on a free port, serving our bot, a
plain HTTP hook endpoint, or a fake of the AWS Lambda Invoke API (moto's Lambda needs Docker).

Both hook servers run the handlers of `tests.hooks.handlers`, named in the URL, or the example
bot's own `fulfillment.lambda_function.lambda_handler` (named `example`).
"""

from __future__ import annotations

import json
import time
import traceback
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool

from bot.hooks import LambdaContext
from tests.hooks import handlers

EXAMPLE = "example"  # the example bot's own handler, fulfillment.lambda_function


def _handler(name: str) -> Any:
    if name == EXAMPLE:
        from fulfillment.lambda_function import lambda_handler

        return lambda_handler
    return getattr(handlers, name, None) if not name.startswith("_") else None


def hook_server() -> FastAPI:
    """`POST /hooks/{handler}`: the event in, the handler's answer out (an exception is a 500)."""
    app = FastAPI()

    @app.post("/hooks/{name}")
    async def run(name: str, request: Request) -> Response:
        handler = _handler(name)
        if handler is None:
            return Response(status_code=404)
        event = json.loads(await request.body())
        context = LambdaContext(name, time.monotonic() + 30)
        answer = await run_in_threadpool(handler, event, context)
        return Response(json.dumps(answer), media_type="application/json")

    return app


def fake_lambda() -> FastAPI:
    """The Invoke operation as AWS Lambda answers it: the payload is the function's JSON result;
    an exception in the function is still 200, flagged with `X-Amz-Function-Error: Unhandled`.
    `app.state.invocations` records (function name, invocation type) per call."""
    app = FastAPI()
    app.state.invocations = []

    @app.post("/2015-03-31/functions/{name}/invocations")
    async def invoke(name: str, request: Request) -> Response:
        app.state.invocations.append((name, request.headers.get("x-amz-invocation-type")))
        handler = _handler(name)
        if handler is None:
            body = {"Type": "User", "Message": f"Function not found: {name}"}
            headers = {"x-amzn-ErrorType": "ResourceNotFoundException"}
            return Response(json.dumps(body), 404, headers, media_type="application/json")
        event = json.loads(await request.body())
        context = LambdaContext(name, time.monotonic() + 30)
        try:
            answer = await run_in_threadpool(handler, event, context)
        except Exception as exc:  # noqa: BLE001 - Lambda reports any error to the caller
            error = {
                "errorMessage": str(exc),
                "errorType": type(exc).__name__,
                "stackTrace": traceback.format_tb(exc.__traceback__),
            }
            headers = {"X-Amz-Function-Error": "Unhandled"}
            return Response(json.dumps(error), 200, headers, media_type="application/json")
        return Response(json.dumps(answer), media_type="application/json")

    return app
