"""The console's view of its own turns, kept apart from the Lex answers.

A request the console marks (header `x-lexbot-console: turn`, or `button` for a card button's
value) is traced: which code hooks ran, the NLU and turn time (`bot.observability.trace`). The
trace is kept by the request's id (`x-amzn-RequestId`), and a RecognizeText turn is also kept in
its session's transcript (what was sent, the answer as the client got it), so the console can
show the trace and turn the conversation into a test. Both are small, bounded and in this
process only: another worker, or a restart, does not have them. Unmarked requests pass through
untouched, and nothing is ever added to an answer.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import MutableMapping
from typing import Any

from bot.conversation_tests.recording import RecordedTurn
from bot.observability import trace

CONSOLE_HEADER = b"x-lexbot-console"
MAX_TRACES = 500
MAX_SESSIONS = 100
MAX_TURNS = 200
_RECOGNIZE_TEXT = re.compile(
    r"^/bots/[^/]+/botAliases/(?P<alias>[^/]+)/botLocales/(?P<locale>[^/]+)"
    r"/sessions/(?P<session>[^/]+)/text$"
)

Scope = MutableMapping[str, Any]


class _Bounded(OrderedDict[str, Any]):
    """Insertion-ordered, dropping the oldest entry past `limit`."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: str, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)


class ConsoleMemory:
    """The traces and transcripts of console turns (thread-safe: turns run on worker threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._traces = _Bounded(MAX_TRACES)
        self._transcripts = _Bounded(MAX_SESSIONS)

    def keep_trace(self, request_id: str, value: dict[str, Any]) -> None:
        with self._lock:
            self._traces.put(request_id, value)

    def trace(self, request_id: str) -> dict[str, Any] | None:
        with self._lock:
            found: dict[str, Any] | None = self._traces.get(request_id)
            return found

    def keep_turn(self, session_id: str, turn: RecordedTurn) -> None:
        with self._lock:
            turns = self._transcripts.get(session_id, [])
            self._transcripts.put(session_id, [*turns, turn][-MAX_TURNS:])

    def transcript(self, session_id: str) -> list[RecordedTurn]:
        with self._lock:
            return list(self._transcripts.get(session_id, []))

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._transcripts.pop(session_id, None)


class ConsoleTracing:
    """Pure ASGI middleware tracing the requests the console marks (inside `RequestIds`, so the
    request already has its id)."""

    def __init__(self, app: Any, memory: ConsoleMemory) -> None:
        self.app = app
        self.memory = memory

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        mark = _console_mark(scope)
        if mark is None:
            await self.app(scope, receive, send)
            return
        body = bytearray()
        answer = bytearray()
        status = 0

        async def receive_kept() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                body.extend(message.get("body", b""))
            return message

        async def send_kept(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                answer.extend(message.get("body", b""))
            await send(message)

        with trace.tracing() as seen:
            await self.app(scope, receive_kept, send_kept)
        request_id = str(scope.get("state", {}).get("request_id", ""))
        if request_id:
            self.memory.keep_trace(request_id, seen.to_json())
        route = _RECOGNIZE_TEXT.match(scope.get("path", ""))
        if route and status == 200 and scope.get("method") == "POST":
            self._keep_turn(route, bytes(body), bytes(answer), button=mark == "button")

    def _keep_turn(self, route: re.Match[str], body: bytes, answer: bytes, *, button: bool) -> None:
        try:
            sent, got = json.loads(body), json.loads(answer)
        except ValueError:
            return
        attributes = (sent.get("sessionState") or {}).get("sessionAttributes")
        turn = RecordedTurn(
            at=time.time(),
            text=str(sent.get("text", "")),
            answer=got,
            locale=route.group("locale"),
            request_attributes=dict(sent.get("requestAttributes") or {}),
            session_attributes=attributes,
            button=button,
        )
        self.memory.keep_turn(route.group("session"), turn)


def _console_mark(scope: Scope) -> str | None:
    if scope["type"] != "http":
        return None
    for name, value in scope.get("headers", ()):
        if name == CONSOLE_HEADER:
            return "button" if value == b"button" else "turn"
    return None
