"""A fake of Slack's Web API for the channel tests: `POST /api/chat.postMessage` and
`/api/chat.update` answered as Slack answers them, every call recorded (with its bearer token).

Per channel, scripted failures are answered first (`fail(channel, ...)`), and posts can be held
back (`hold()` / `release()`) to show that the webhook was acknowledged before the reply.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse


@dataclass(frozen=True)
class Call:
    method: str  # "chat.postMessage", "chat.update"
    body: dict[str, Any]
    authorization: str
    ts: str = ""  # the message's ts, as the fake answered it

    @property
    def text(self) -> str:
        return self.body.get("text", "")

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return self.body.get("blocks") or []

    def block(self, kind: str) -> dict[str, Any]:
        return next(b for b in self.blocks if b["type"] == kind)


@dataclass(frozen=True)
class Failure:
    status: int
    answer: dict[str, Any]
    when: Callable[[dict[str, Any]], bool]


class FakeSlack:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[Call] = []
        self._attempts: list[Call] = []
        self._failures: dict[str, list[Failure]] = defaultdict(list)
        self._released = threading.Event()
        self._released.set()
        self._ts = itertools.count(1)

    # ------------------------------------------------------------ scripting

    def fail(
        self,
        channel: str,
        *answers: tuple[int, dict[str, Any]],
        when: Callable[[dict[str, Any]], bool] = lambda body: True,
    ) -> None:
        """Answer the next calls for `channel` (those whose body passes `when`) with these
        (status, body) pairs, in order."""
        with self._lock:
            self._failures[channel].extend(Failure(s, b, when) for s, b in answers)

    def hold(self) -> None:
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    # ------------------------------------------------------------ reading

    def calls(self, channel: str, method: str | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self._calls
                if c.body.get("channel") == channel and method in (None, c.method)
            ]

    def attempts(self, channel: str) -> list[Call]:
        """Every call for `channel`, the refused ones too."""
        with self._lock:
            return [c for c in self._attempts if c.body.get("channel") == channel]

    def wait_for(
        self, channel: str, count: int, method: str | None = None, timeout: float = 10.0
    ) -> list[Call]:
        """The first `count` calls for `channel`, once they have arrived."""
        deadline = time.monotonic() + timeout
        while True:
            calls = self.calls(channel, method)
            if len(calls) >= count:
                return calls[:count]
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(calls)} of {count} Slack calls for {channel}: {calls}")
            time.sleep(0.02)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/api/{method}")
        async def web_api(method: str, request: Request) -> JSONResponse:
            body = await request.json()
            call = Call(method, body, request.headers.get("authorization", ""))
            await run_in_threadpool(self._released.wait, 10)
            with self._lock:
                self._attempts.append(call)
                failures = self._failures[body.get("channel", "")]
                failure = next((f for f in failures if f.when(body)), None)
                if failure is not None:
                    failures.remove(failure)
                    return JSONResponse(failure.answer, status_code=failure.status)
                ts = body.get("ts") or f"1700000000.{next(self._ts):06d}"
                self._calls.append(replace(call, ts=ts))
            message = {"type": "message", "text": body.get("text"), "ts": ts}
            return JSONResponse(
                {"ok": True, "channel": body["channel"], "ts": ts, "message": message}
            )

        return app
