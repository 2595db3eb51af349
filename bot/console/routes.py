"""The console's routes: its static page, and its data behind the runtime API's guards (the
trace of a turn by request id, a session's conversation as a test file, missed utterances).

Every bot of the fleet has a console: the routes about one bot take `?bot=NAME` (the first bot
without it) and look the bot up at each request, so a DRAFT reloaded or an alias moved while
serving is what they describe. None of them is in the OpenAPI document: they are the console's,
not part of the Lex API.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from bot.console.traces import ConsoleMemory
from bot.conversation_tests.recording import conversation_yaml
from bot.conversation_tests.variations import Variations
from bot.errors import InvalidRequest, NotFound
from bot.fleet import BotRoutes, Fleet
from bot.missed import group_missed, parse_since, rasa_nlu_yaml

STATIC = Path(__file__).parent / "static"
FILES = {
    "console.js": "text/javascript",
    "console.css": "text/css",
    "sigv4.js": "text/javascript",
}
# The page loads only its own files; card images may come from wherever the bot points.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def described(bot: BotRoutes) -> dict[str, Any]:
    """One bot as the page needs it: its alias names (TSTALIASID first), locales, time zone."""
    ident = bot.draft.identity
    names = [r.name for r in bot.listed()]
    return {
        "name": bot.name,
        "botId": bot.bot_id,
        "aliases": ["TSTALIASID", *[a for a in names if a != "TSTALIASID"]],
        "locales": list(ident.locales),
        "timeZone": bot.draft.project.config.timeZone,
    }


def console_routes(
    fleet: Fleet, memory: ConsoleMemory, guards: list[Any], auth_mode: str
) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    data = APIRouter(include_in_schema=False, dependencies=guards)

    @router.get("/console")
    @router.get("/console/")
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=PAGE_HEADERS)

    @router.get("/console/static/{name}")
    async def static(name: str) -> FileResponse:
        if name not in FILES:
            raise NotFound(f"No console file {name}")
        return FileResponse(STATIC / name, media_type=FILES[name], headers=PAGE_HEADERS)

    @router.get("/console/api/bot")
    async def bots() -> dict[str, Any]:
        # What the page needs before it may call the API: no secret, as /health. The first
        # bot's fields stay at the top, as before there were several.
        every = [described(b) for b in fleet.bots]
        return {**every[0], "auth": auth_mode, "bots": every}

    @data.get("/console/api/traces/{request_id}")
    async def turn_trace(request_id: str) -> JSONResponse:
        found = memory.trace(request_id)
        if found is None:
            raise NotFound(
                f"No trace for request {request_id} (another worker may have answered it)"
            )
        return JSONResponse(found)

    @data.get("/console/api/conversations/{session_id}")
    async def conversation(
        session_id: str, name: str = Query("recorded conversation"), bot: str | None = Query(None)
    ) -> Response:
        runtime = fleet.bot(bot).draft
        turns = memory.transcript(session_id)
        if not turns:
            raise NotFound(f"The console holds no conversation {session_id}")
        text = conversation_yaml(
            turns,
            name=name[:200],
            locale=runtime.identity.locales[0],
            time_zone=runtime.project.config.timeZone,
            variations=Variations(list(runtime.project.locales().values())),
        )
        return _yaml(text, f"{session_id}.yaml")

    async def groups(since: str, bot: str | None) -> list[Any]:
        chosen = fleet.bot(bot)
        now = time.time()
        try:
            start = parse_since(since, now)
        except ValueError as exc:
            raise InvalidRequest(str(exc)) from None
        entries = await run_in_threadpool(
            chosen.draft.missed.entries, chosen.bot_id, since=start, now=now
        )
        return group_missed(entries)

    @data.get("/console/api/missed")
    async def missed(since: str = Query("30d"), bot: str | None = Query(None)) -> dict[str, Any]:
        found = await groups(since, bot)
        return {"total": sum(g.count for g in found), "groups": [g.to_json() for g in found]}

    @data.get("/console/api/missed/export")
    async def missed_export(
        since: str = Query("30d"), intent: str = Query("oos"), bot: str | None = Query(None)
    ) -> Response:
        return _yaml(rasa_nlu_yaml(await groups(since, bot), intent or "oos"), "missed.yml")

    router.include_router(data)
    return router


def _yaml(text: str, filename: str) -> Response:
    return Response(
        text,
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
