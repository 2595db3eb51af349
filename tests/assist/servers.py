"""A loopback fake of the Amazon Bedrock runtime's Converse API (rest-json, `POST
/model/{modelId}/converse`), for the assisted slot resolution tests: boto3's `bedrock-runtime`
client reaches it through `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`.

`app.state.calls` records every call as `Call(model_id, body)`. `app.state.replies` holds the next
answers, in order: a `Reply` says the model's text, or an HTTP error status, or a delay; when the
list is empty the model says NONE.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Response


@dataclass(frozen=True)
class Reply:
    text: str = "NONE"
    status: int = 200
    delay: float = 0.0
    stop_reason: str = "end_turn"


@dataclass(frozen=True)
class Call:
    model_id: str
    body: dict[str, Any]

    @property
    def system(self) -> str:
        return "".join(part["text"] for part in self.body.get("system", []))

    @property
    def user(self) -> str:
        return "".join(c["text"] for m in self.body["messages"] for c in m["content"])


_ERRORS = {
    400: "ValidationException",
    429: "ThrottlingException",
    500: "InternalServerException",
    503: "ServiceUnavailableException",
}


def fake_bedrock() -> FastAPI:
    app = FastAPI()
    app.state.calls = []
    app.state.replies = []

    @app.post("/model/{model_id:path}/converse")
    async def converse(model_id: str, request: Request) -> Response:
        app.state.calls.append(Call(model_id, json.loads(await request.body())))
        reply = app.state.replies.pop(0) if app.state.replies else Reply()
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.status != 200:
            kind = _ERRORS.get(reply.status, "InternalServerException")
            body = {"message": f"fake {kind}"}
            headers = {"x-amzn-ErrorType": kind}
            return Response(json.dumps(body), reply.status, headers, media_type="application/json")
        answer = {
            "output": {"message": {"role": "assistant", "content": [{"text": reply.text}]}},
            "stopReason": reply.stop_reason,
            "usage": {"inputTokens": 120, "outputTokens": 3, "totalTokens": 123},
            "metrics": {"latencyMs": 42},
        }
        return Response(json.dumps(answer), media_type="application/json")

    return app
