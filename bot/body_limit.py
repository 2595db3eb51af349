"""The body limit on every route: a pure ASGI middleware that counts a request body while it
streams in, so a route, a signature check or a guard never holds more than the limit.

A `Content-Length` over the limit is refused before a byte of the body is read; a body that
grows past the limit (chunked, or longer than it claimed) is refused at the chunk that crosses
it, which never reaches the app; a body still incomplete when the deadline passes (a client
trickling it) is refused with 408. How a refusal looks is the caller's choice (`answer`: the
route's error shape); it always says `Connection: close`, since the rest of that body is never
read. It must run outside everything that reads a body, and never buffers one itself.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.errors import BodyTimedOut, PayloadTooLarge, RuntimeApiError

Answer = Callable[[Scope, RuntimeApiError], Response]
_DIGITS = re.compile(r"[0-9]{1,19}")  # [0-9], not \d: "²" is a digit to Python


class _Refused(Exception):
    """Raised through the app from `receive`; deliberately not a `RuntimeApiError`, so the app's
    own handlers let it pass and the refusal gets the shape this middleware's caller chose."""

    def __init__(self, error: RuntimeApiError) -> None:
        super().__init__(error.message)
        self.error = error


class BodyLimit:
    def __init__(
        self, app: ASGIApp, *, max_bytes: int, timeout_seconds: float, answer: Answer
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send, self.too_large(declared))
            return
        body = _CountedBody(receive, self, asyncio.get_running_loop().time())
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, body.receive, watched_send)
        except _Refused as refused:
            if started:
                raise
            await self._refuse(scope, receive, send, refused.error)

    def too_large(self, size: int | None = None) -> PayloadTooLarge:
        given = f"of {size:,} bytes " if size is not None else ""
        return PayloadTooLarge(
            f"The request body {given}is over this server's limit of {self.max_bytes:,} bytes"
        )

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, error: RuntimeApiError
    ) -> None:
        response = self.answer(scope, error)
        response.headers["connection"] = "close"
        await response(scope, receive, send)


class _CountedBody:
    """One request's `receive`: counts body bytes and keeps the deadline until the body ends."""

    def __init__(self, receive: Receive, limit: BodyLimit, started: float) -> None:
        self._receive = receive
        self._limit = limit
        self._deadline = started + limit.timeout_seconds
        self._seen = 0
        self._done = False

    async def receive(self) -> Message:
        if self._done:  # the body is in: later calls only wait for a disconnect
            return await self._receive()
        try:
            async with asyncio.timeout_at(self._deadline):
                message = await self._receive()
        except TimeoutError:
            seconds = self._limit.timeout_seconds
            raise _Refused(
                BodyTimedOut(f"The request body did not arrive within {seconds:g} seconds")
            ) from None
        if message["type"] != "http.request":
            self._done = True
            return message
        self._seen += len(message.get("body", b""))
        if self._seen > self._limit.max_bytes:
            raise _Refused(self._limit.too_large())
        self._done = not message.get("more_body", False)
        return message


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    if value is None or not _DIGITS.fullmatch(value.strip()):
        return None  # absent or malformed: the server's HTTP parser deals with the latter
    return int(value)
