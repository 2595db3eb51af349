"""Trusted hosts: a pure ASGI middleware that answers 400 to a request for another `Host`.

A web page can make a browser send requests to `127.0.0.1:8000` by pointing its own domain at
that address (DNS rebinding); the browser then sends the page's host name as `Host`. Answering
only the names the operator lists (`BOT_ALLOWED_HOSTS`; the loopback names by default) closes
that door for every route. `/health` and `/metrics` stay open to any `Host`: probes and
scrapers call them by address, and they say nothing private.

It must never answer a request with no or several `Host` headers, and never build the error body
itself: the server hands in the function that shapes every error (Lex V2 or V1).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bot.errors import InvalidRequest, RuntimeApiError

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
ErrorAnswer = Callable[[Request, RuntimeApiError], Response]
OPEN_PATHS = frozenset({"/health", "/metrics"})


def host_name(header: str) -> str:
    """The name in a `Host` header, without port, brackets or trailing dot, in lower case."""
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1 : value.find("]")] if "]" in value else ""
    name, colon, port = value.rpartition(":")
    if colon and port.isdigit() and ":" not in name:
        value = name
    return value.rstrip(".")


def host_allowed(name: str, allowed: Iterable[str]) -> bool:
    """`name` is one of `allowed`: `*` is any host, `*.example.com` any subdomain of it."""
    if not name:
        return False
    for pattern in allowed:
        if pattern == "*" or pattern == name:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


class TrustedHosts:
    """Refuses (400, in the route's error shape) a request whose `Host` is not allowed."""

    def __init__(self, app: ASGIApp, *, allowed: Iterable[str], answer: ErrorAnswer) -> None:
        self.app = app
        self.allowed = tuple(allowed)
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") in OPEN_PATHS or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        hosts = [value for name, value in scope.get("headers", []) if name == b"host"]
        name = host_name(hosts[0].decode("latin-1")) if len(hosts) == 1 else ""
        if host_allowed(name, self.allowed):
            await self.app(scope, receive, send)
            return
        error = InvalidRequest("Invalid Host header: the server does not answer this host name")
        await self.answer(Request(scope), error)(scope, receive, send)
