"""Channel adapters (Slack, Facebook Messenger, REST): thin converters around the engine facade.

`mount(app, runtime, settings)` adds the routes of every channel whose secrets are configured
(REST is always on, as in Rasa) and returns the names of the live channels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.routing import APIRoute

from channels.core import ChannelSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bot.fleet import Fleet
    from bot.runtime import BotRuntime


def mount(
    app: FastAPI, bots: BotRuntime | Fleet, settings: ChannelSettings | None = None
) -> list[str]:
    """Add the routes of every configured channel to `app`, for each bot of a fleet (their
    paths name the bot when there are several: `/webhooks/<BotName>/rest/webhook`,
    `/channels/<BotName>/slack/events`); the names of the live channels."""
    from bot.fleet import Fleet

    settings = settings or ChannelSettings()
    if not isinstance(bots, Fleet):
        return _mount_bot(app, bots, settings, None)
    live: list[str] = []
    for bot in bots.bots:
        name = bot.name if len(bots.bots) > 1 else None
        live = _mount_bot(app, bot.draft, settings, name)
    return live


def _mount_bot(
    app: FastAPI, runtime: BotRuntime, settings: ChannelSettings, bot_name: str | None
) -> list[str]:
    from channels import rest

    routers = [rest.routes(runtime, settings)]
    live = ["REST"]
    if settings.slack_enabled:
        from channels.slack import routes as slack_routes

        routers.append(slack_routes(runtime, settings))
        live.append("Slack")
    if settings.facebook_enabled:
        from channels.facebook import routes as facebook_routes

        routers.append(facebook_routes(runtime, settings))
        live.append("Facebook")
    for router in routers:
        if bot_name is not None:
            _under_bot(router, bot_name)
        app.include_router(router)
    return live


def _under_bot(router: APIRouter, bot_name: str) -> None:
    """`/webhooks/rest/webhook` → `/webhooks/<bot_name>/rest/webhook` (the first segment kept:
    the server answers errors on `/webhooks/` and `/channels/` in the channels' shape)."""
    from starlette.routing import compile_path

    for route in router.routes:
        if isinstance(route, APIRoute):
            head, _, rest = route.path.lstrip("/").partition("/")
            route.path = f"/{head}/{bot_name}/{rest}"
            route.path_regex, route.path_format, route.param_convertors = compile_path(route.path)
