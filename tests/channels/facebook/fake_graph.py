"""A local fake of the Graph API's Send API (`POST /{version}/me/messages`), recording every call.

It answers like Meta: `200 {"recipient_id", "message_id"}`, or, when told to fail the next sends
to a user, Meta's error body (`{"error": {"message", "type", "code", "fbtrace_id"}}`).
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass(frozen=True)
class GraphCall:
    version: str
    token: str | None
    body: dict[str, Any]
    status: int

    @property
    def recipient(self) -> str:
        return self.body["recipient"]["id"]


class FakeGraph:
    def __init__(self) -> None:
        self.calls: list[GraphCall] = []
        self._failures: dict[str, deque[tuple[int, dict[str, Any]]]] = defaultdict(deque)
        self.app = FastAPI()
        self.app.add_api_route("/{version}/me/messages", self._messages, methods=["POST"])

    async def _messages(self, version: str, request: Request) -> JSONResponse:
        body = await request.json()
        recipient = body["recipient"]["id"]
        status, answer = 200, {"recipient_id": recipient, "message_id": f"m_{len(self.calls)}"}
        if "message" in body and self._failures[recipient]:
            status, error = self._failures[recipient].popleft()
            answer = {"error": error}
        token = request.query_params.get("access_token")
        self.calls.append(GraphCall(version, token, body, status))
        return JSONResponse(answer, status_code=status)

    def fail_next_sends(
        self, recipient: str, times: int, *, status: int = 500, code: int = 2, message: str = ""
    ) -> None:
        error = {
            "message": message or "(#2) Service temporarily unavailable",
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "AbCdEfGh123",
        }
        self._failures[recipient].extend([(status, error)] * times)

    # ------------------------------------------------------------ what was recorded

    def calls_to(self, recipient: str) -> list[GraphCall]:
        return [c for c in list(self.calls) if c.recipient == recipient]

    def sends(self, recipient: str) -> list[dict[str, Any]]:
        """The messages delivered to `recipient` (accepted with 200), in order."""
        return [c.body["message"] for c in self.calls_to(recipient) if _is_delivered_message(c)]

    def actions(self, recipient: str) -> list[str]:
        return [
            c.body["sender_action"] for c in self.calls_to(recipient) if "sender_action" in c.body
        ]

    def wait_for_sends(
        self, recipient: str, count: int, timeout: float = 10
    ) -> list[dict[str, Any]]:
        """The first `count` messages delivered to `recipient`, polling until they are there."""
        deadline = time.monotonic() + timeout
        while len(sent := self.sends(recipient)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{count} sends to {recipient} expected, got {sent}")
            time.sleep(0.01)
        return sent[:count]


def _is_delivered_message(call: GraphCall) -> bool:
    return "message" in call.body and call.status == 200
