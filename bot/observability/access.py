"""The access log: one line per HTTP request (logger `bot.access`), with the method, the route
template that answered (`/bots/{bot_id}/…/sessions/{session_id}/text`, never the raw path, which
holds session ids), the status and the duration; and the log context of the request
(`bot.observability.logs.request_scope`) for every line written while it runs.

A pure ASGI middleware, placed inside the one that gives the request its id. It never reads a
body and never logs a header, a query string or a path parameter's value.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from bot.observability.logs import hashed, request_scope

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
UNMATCHED = "unmatched"  # no route answered (404): the path is not logged

log = logging.getLogger("bot.access")


def route_template(scope: Scope) -> str:
    """The path template of the route that took the request, or `unmatched`."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else UNMATCHED


class AccessLog:
    def __init__(self, app: ASGIApp, *, bot: str) -> None:
        self.app = app
        self.bot = bot

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = scope.get("state", {}).get("request_id")
        started = time.perf_counter()
        status = 500  # what the server answers when the app raises before answering

        async def send_watched(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        with request_scope(request_id, bot=self.bot) as context:
            try:
                await self.app(scope, receive, send_watched)
            finally:
                _name_session(context, scope.get("path_params") or {})
                route = route_template(scope)
                log.info(
                    "%s %s %d",
                    scope.get("method", ""),
                    route,
                    status,
                    extra={
                        "method": scope.get("method", ""),
                        "route": route,
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                    },
                )


def _name_session(context: dict[str, Any], params: dict[str, Any]) -> None:
    """The locale and session a runtime API route names in its path, when no turn named them."""
    if "locale" not in context and isinstance(params.get("locale_id"), str):
        context["locale"] = params["locale_id"]
    session = params.get("session_id") or params.get("user_id")
    if "session_hash" not in context and isinstance(session, str):
        context["session_hash"] = hashed(session)
