"""The HTTP server: Lex V2 and V1 runtime routes, `/health`, `/metrics` and Rasa's `/model/parse`,
on FastAPI.

Routes only convert between the wire modules (`bot.api.*`) and the runtime facade; a turn's
answer is written before the turn is saved. Every error leaves through one handler table in the
shape its caller expects (Lex error JSON with `x-amzn-ErrorType`), never as a stack trace; every
answer carries `x-amzn-RequestId` and leaves one access log line (`bot.observability.access`).
Every body is bounded as it streams in (`bot.body_limit`), before any guard or route reads it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.api import lex_v1, lex_v2, rasa
from bot.api.wire import check_session_id, check_text, checked_headers, json_answer, parse_body
from bot.body_limit import BodyLimit
from bot.console import mount_console
from bot.errors import InvalidRequest, NotFound, RuntimeApiError
from bot.fleet import Fleet
from bot.observability.access import AccessLog, route_template
from bot.observability.endpoint import metrics_routes
from bot.openapi import json_body
from bot.runtime import BotRuntime
from bot.security import SecuritySettings, TrustedHosts, api_guards
from bot.sessions.upkeep import PurgeTimer
from bot.settings import OperationsSettings, ServerLimits
from bot.text_route import TextRoute
from bot.turn import SessionKey, TurnResponse
from bot.turn_threads import TurnThreads

log = logging.getLogger("bot.server")

V2_SESSION = "/bots/{bot_id}/botAliases/{alias_id}/botLocales/{locale_id}/sessions/{session_id}"
V1_USER = "/bot/{bot_name}/alias/{alias}/user/{user_id}"
CHANNEL_PATHS = ("/webhooks/", "/channels/")  # channel webhooks answer errors as {"error": ...}

Scope = MutableMapping[str, Any]
Runner = Callable[..., Awaitable[Any]]  # how a route runs a turn: inline or off the loop
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]
]


class RequestIds:
    """Pure ASGI middleware: a request id for every request, echoed as `x-amzn-RequestId`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-amzn-requestid", request_id.encode()),
                ]
            await send(message)

        await self.app(scope, receive, send_with_id)


def _is_v1(request: Request) -> bool:
    return request.url.path.startswith("/bot/")


def error_response(request: Request, error: RuntimeApiError) -> JSONResponse:
    name = error.v1_type if _is_v1(request) else error.v2_type
    body = {"__type": name, "message": error.message}
    if _is_v1(request):
        body["Message"] = error.message  # some V1 shapes spell it this way
    headers = {"x-amzn-ErrorType": name, **error.response_headers()}
    return JSONResponse(body, status_code=error.status, headers=headers)


def refusal(scope: Scope, error: RuntimeApiError) -> Response:
    """A request refused before any route ran (a body over the limit or too slow), in the
    route's error shape: Lex's for the runtime API, `{"error"}` for the channel webhooks."""
    request = Request(scope)
    if request.url.path.startswith(CHANNEL_PATHS):
        return JSONResponse({"error": error.message}, status_code=error.status)
    return error_response(request, error)


def _nlu_problem(fleet: Fleet) -> str | None:
    return next((p for r in fleet.runtimes() if (p := r.nlu_problem()) is not None), None)


def create_app(
    bots: BotRuntime | Fleet,
    security: SecuritySettings | None = None,
    *,
    limits: ServerLimits | None = None,
) -> FastAPI:
    """The app for one bot's runtime or a fleet of bots, guarded as `security` says (by default
    as on loopback: no authentication, loopback host names only), its request bodies bounded as
    `limits` says (by default 1 MiB and 30 s)."""
    fleet = bots if isinstance(bots, Fleet) else Fleet.of(bots)
    runtime = fleet.first  # `/health`'s `bot` and the access log's bot name
    names = ", ".join(b.name for b in fleet.bots)
    app = FastAPI(
        title=f"{names} — Lex-compatible runtime",
        description="Amazon Lex V2 and V1 runtime APIs (point boto3 here with endpoint_url).",
        lifespan=_lifespan(fleet),
    )

    @app.exception_handler(RuntimeApiError)
    async def _api_error(request: Request, exc: RuntimeApiError) -> JSONResponse:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(request, InvalidRequest(f"Invalid request: {exc.errors()[0]['msg']}"))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response(request, NotFound(f"No operation at {request.url.path}"))
        error = InvalidRequest(str(exc.detail))
        error.status = exc.status_code
        return error_response(request, error)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, route_template(request.scope))
        return error_response(request, RuntimeApiError("Internal server error"))

    security = security or SecuritySettings.defaults()
    guards = api_guards(security)
    lex = APIRouter(dependencies=guards)
    run = _runner()  # one set of turn threads for both APIs and every bot
    recognize_text = _v2_routes(lex, fleet, run, channel_sessions=security.channel_sessions_allowed)
    _v1_routes(lex, fleet, run)
    app.include_router(lex)
    _service_routes(app, fleet, guards)
    app.include_router(metrics_routes(security.metrics_token))
    limits = limits or ServerLimits.defaults()
    # The turn's own route, innermost: inside the body limit and every middleware below.
    app.add_middleware(
        TextRoute,
        endpoint=recognize_text,
        guards=[guard.dependency for guard in guards if guard.dependency is not None],
        route=next(r for r in lex.routes if getattr(r, "path", None) == V2_SESSION + "/text"),
        answer=error_response,
    )
    # The test console: its routes, and its per-turn view around the turn route.
    mount_console(app, fleet, guards, security.auth_mode)
    # Outside everything that reads a body (guards, signature checks, routes).
    app.add_middleware(
        BodyLimit,
        max_bytes=limits.max_body_bytes,
        timeout_seconds=limits.body_timeout_seconds,
        answer=refusal,
    )
    app.add_middleware(TrustedHosts, allowed=security.trusted_hosts(), answer=error_response)
    app.add_middleware(AccessLog, bot=runtime.identity.name)  # inside RequestIds: has its id
    app.add_middleware(RequestIds)
    return app


def _lifespan(fleet: Fleet) -> Callable[[FastAPI], Any]:
    """While the app serves: the turn thread pool sized by `BOT_TURN_THREADS`, and expired
    sessions and delivery records purged every `BOT_PURGE_INTERVAL_SECONDS`, traffic or not."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings = OperationsSettings()
        # Starlette's `run_in_threadpool` (turns, channel turns) draws on this one limiter.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.turn_threads
        timer = PurgeTimer(
            lambda: fleet.purge_expired(settings.purge_batch), settings.purge_interval_seconds
        )
        timer.start()
        try:
            yield
        finally:
            timer.stop()

    return lifespan


def _runner() -> Runner:
    """How a route runs a turn of a runtime: inline when it only computes (sub-millisecond, no
    thread hop), on the kept turn threads when it may wait on a code hook (up to its timeout).
    Those are bounded (`BOT_TURN_THREADS`, default 40), started at the first such turn (an alias
    may move to a version with hooks at any time); the hooks run on their own bounded pool."""
    threads: list[TurnThreads] = []

    async def run(runtime: BotRuntime, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not runtime.calls_out:
            return fn(*args, **kwargs)
        if not threads:
            threads.append(TurnThreads(OperationsSettings().turn_threads))
        return await threads[0].run(fn, *args, **kwargs)

    return run


def _request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", ""))


def _json(content: bytes) -> Response:
    """An answer whose JSON was written (strictly) before the turn was saved."""
    return Response(content, media_type="application/json")


def _v2_text_answer(response: TurnResponse) -> bytes:
    return json_answer(lex_v2.recognize_text_response(response))


def _v2_routes(
    app: APIRouter, fleet: Fleet, run: Runner, *, channel_sessions: bool
) -> Callable[..., Awaitable[Response]]:
    """The Lex V2 routes; RecognizeText's endpoint, which `TextRoute` also serves. The alias
    names the runtime (its version) once per request: a dict lookup, no file access."""

    def route(
        bot_id: str, alias_id: str, locale_id: str, session_id: str
    ) -> tuple[BotRuntime, SessionKey, str]:
        check_session_id(session_id)
        return fleet.v2(bot_id, alias_id, locale_id, session_id, channel_sessions=channel_sessions)

    @app.post(
        V2_SESSION + "/text",
        tags=["Lex V2"],
        summary="RecognizeText",
        openapi_extra=json_body(lex_v2.RecognizeTextRequest),
    )
    async def recognize_text(
        request: Request, bot_id: str, alias_id: str, locale_id: str, session_id: str
    ) -> Response:
        runtime, k, alias_name = route(bot_id, alias_id, locale_id, session_id)
        body = parse_body(lex_v2.RecognizeTextRequest, await request.body())
        turn = lex_v2.turn_request(k, body, _request_id(request), alias_name)
        return _json(await run(runtime, runtime.recognize, turn, answer=_v2_text_answer))

    @app.get(V2_SESSION, tags=["Lex V2"], summary="GetSession")
    async def get_session(bot_id: str, alias_id: str, locale_id: str, session_id: str) -> Response:
        runtime, k, _ = route(bot_id, alias_id, locale_id, session_id)
        return _json(json_answer(lex_v2.get_session_response(runtime.get_session(k))))

    @app.post(
        V2_SESSION,
        tags=["Lex V2"],
        summary="PutSession",
        openapi_extra=json_body(lex_v2.PutSessionRequest),
    )
    async def put_session(
        request: Request, bot_id: str, alias_id: str, locale_id: str, session_id: str
    ) -> Response:
        runtime, k, _ = route(bot_id, alias_id, locale_id, session_id)
        body = parse_body(lex_v2.PutSessionRequest, await request.body())
        state, messages, request_attributes = lex_v2.put_session_in(body)
        content_type = request.headers.get("ResponseContentType") or "text/plain; charset=utf-8"

        def answer(response: TurnResponse) -> dict[str, str]:
            headers = lex_v2.put_session_headers(response, content_type)
            return checked_headers(headers, "PutSession")

        headers = await run(
            runtime, runtime.put_session, k, state, messages, request_attributes, answer=answer
        )
        return Response(b"", headers=headers)

    @app.delete(V2_SESSION, tags=["Lex V2"], summary="DeleteSession")
    async def delete_session(
        bot_id: str, alias_id: str, locale_id: str, session_id: str
    ) -> JSONResponse:
        runtime, k, _ = route(bot_id, alias_id, locale_id, session_id)
        runtime.delete_session(k)
        return JSONResponse(lex_v2.delete_session_response(k))

    return recognize_text


def _v1_routes(app: APIRouter, fleet: Fleet, run: Runner) -> None:

    def key(bot_name: str, alias: str, user_id: str) -> tuple[BotRuntime, Any]:
        check_session_id(user_id, "userId")
        runtime, k, _ = fleet.v1(bot_name, alias, user_id)
        return runtime, k

    @app.post(
        V1_USER + "/text",
        tags=["Lex V1"],
        summary="PostText",
        openapi_extra=json_body(lex_v1.PostTextRequest),
    )
    async def post_text(request: Request, bot_name: str, alias: str, user_id: str) -> Response:
        check_session_id(user_id, "userId")
        runtime, k, version = fleet.v1(bot_name, alias, user_id)
        body = parse_body(lex_v1.PostTextRequest, await request.body())
        turn = lex_v1.turn_request(k, body, _request_id(request))

        def answer(response: TurnResponse) -> bytes:
            return json_answer(lex_v1.post_text_response(response, runtime.project, version))

        return _json(await run(runtime, runtime.recognize, turn, api="V1", answer=answer))

    @app.get(V1_USER + "/session/", tags=["Lex V1"], summary="GetSession")
    @app.get(V1_USER + "/session", include_in_schema=False)
    async def v1_get_session(bot_name: str, alias: str, user_id: str) -> Response:
        runtime, k = key(bot_name, alias, user_id)
        session = runtime.get_session(k)
        return _json(json_answer(lex_v1.get_session_response(session, runtime.project)))

    @app.post(
        V1_USER + "/session",
        tags=["Lex V1"],
        summary="PutSession",
        openapi_extra=json_body(lex_v1.PutSessionRequest),
    )
    async def v1_put_session(request: Request, bot_name: str, alias: str, user_id: str) -> Response:
        runtime, k = key(bot_name, alias, user_id)
        body = parse_body(lex_v1.PutSessionRequest, await request.body())
        state, messages = lex_v1.put_session_in(body, runtime.project)
        accept = request.headers.get("Accept") or "text/plain; charset=utf-8"

        def answer(response: TurnResponse) -> dict[str, str]:
            headers = lex_v1.put_session_headers(response, runtime.project, accept)
            return checked_headers(headers, "PutSession")

        headers = await run(runtime, runtime.put_session, k, state, messages, {}, answer=answer)
        return Response(b"", headers=headers)

    @app.delete(V1_USER + "/session", tags=["Lex V1"], summary="DeleteSession")
    async def v1_delete_session(bot_name: str, alias: str, user_id: str) -> JSONResponse:
        runtime, k = key(bot_name, alias, user_id)
        runtime.delete_session(k)
        return JSONResponse(
            {"botName": bot_name, "botAlias": alias, "userId": user_id, "sessionId": user_id}
        )


def _service_routes(app: FastAPI, fleet: Fleet, guards: list[Any]) -> None:
    runtime = fleet.first

    @app.get("/health", tags=["service"])
    async def health() -> JSONResponse:
        # A tiny write and delete: "ok" only when a turn could be saved now; 503 with the reason
        # otherwise (off the event loop: a locked SQLite file may make it wait).
        problem = await run_in_threadpool(fleet.store_problem)
        if problem is None:  # a bot whose NLU is a Rasa server that does not answer
            problem = await run_in_threadpool(_nlu_problem, fleet)
        ident = runtime.identity
        body: dict[str, Any] = {
            "status": "ok" if problem is None else "unavailable",
            "bot": {
                "name": ident.name,
                "botId": ident.bot_id,
                "aliases": list(ident.aliases),
                "locales": list(ident.locales),
            },
            "bots": fleet.describe(),
        }
        if problem is not None:
            body["reason"] = problem
        return JSONResponse(body, status_code=200 if problem is None else 503)

    @app.post(
        "/model/parse",
        tags=["service"],
        summary="Rasa-style NLU parse",
        dependencies=guards,
        openapi_extra=json_body(rasa.ParseRequest),
    )
    async def model_parse(
        request: Request, bot: str | None = None, alias: str | None = None
    ) -> dict[str, Any]:
        # `bot` a bot's name (the first bot without it), `alias` its id or name (the DRAFT).
        chosen = fleet.bot(bot)
        parser = chosen.draft if alias is None else chosen.route(alias).runtime
        body = parse_body(rasa.ParseRequest, await request.body())
        check_text(body.text)
        result = parser.nlu.parse(body.text, threshold=parser.project.threshold)
        return rasa.parse_response(result)
