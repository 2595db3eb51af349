"""Lex V2 RecognizeText, the turn, as a plain ASGI route ahead of FastAPI's routing.

FastAPI's routing, dependency solving and exception middleware cost a turn about as much as the
dialog engine does (0.15–0.2 ms of CPU, profiled under load). This route answers `POST …/sessions/{session_id}/text` itself, with the same
endpoint function the FastAPI route has (which stays registered, for the OpenAPI document), the
same API guards run first and in the same order (JSON only, authentication, rate limit), and
every `RuntimeApiError` shaped by the server's own `error_response`. It sits inside the server's
middleware, so request ids, the access log (it names the route), trusted hosts and the body limit
apply as to any route; anything else it raises goes on to the server's handler of unexpected
errors, as from a FastAPI route.

It must never answer a request the FastAPI route would not take: another method or path, or an
app mounted under a root path, goes on to FastAPI unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bot.errors import RuntimeApiError

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
Endpoint = Callable[..., Awaitable[Response]]
Guard = Callable[[Request], Awaitable[None]]
ErrorAnswer = Callable[[Request, RuntimeApiError], Response]

# Starlette's own pattern for `{name}` path parameters: one path segment.
PATH = re.compile(
    r"/bots/(?P<bot_id>[^/]+)/botAliases/(?P<alias_id>[^/]+)/botLocales/(?P<locale_id>[^/]+)"
    r"/sessions/(?P<session_id>[^/]+)/text"
)


class TextRoute:
    def __init__(
        self,
        app: ASGIApp,
        *,
        endpoint: Endpoint,
        guards: Sequence[Guard],
        route: object,
        answer: ErrorAnswer,
    ) -> None:
        self.app = app
        self.endpoint = endpoint
        self.guards = tuple(guards)
        self.route = route  # the FastAPI route, whose `path` the access log names
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        found = None
        if scope["type"] == "http" and scope["method"] == "POST" and not scope.get("root_path"):
            found = PATH.fullmatch(scope["path"])
        if found is None:
            await self.app(scope, receive, send)
            return
        params = found.groupdict()
        scope["route"] = self.route
        scope["path_params"] = params
        request = Request(scope, receive, send)
        try:
            for guard in self.guards:
                await guard(request)
            response = await self.endpoint(request, **params)
        except RuntimeApiError as exc:
            response = self.answer(request, exc)
        await response(scope, receive, send)
