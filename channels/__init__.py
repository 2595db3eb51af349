"""Channel adapters (Slack, Facebook Messenger, REST): thin converters around the engine facade.

`mount(app, bots, settings)` adds the routes of every channel whose secrets are configured
(REST is always on, as in Rasa) and returns the names of the live channels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.routing import APIRoute

from bot.errors import ConfigurationError
from channels.core import Runtimes
from channels.settings import ChannelSettings, env_prefix

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bot.fleet import Fleet
    from bot.runtime import BotRuntime


def mount(
    app: FastAPI, bots: BotRuntime | Fleet, settings: ChannelSettings | None = None
) -> list[str]:
    """Add the routes of every configured channel to `app`; the names of the live channels.

    For a fleet, each bot answers from its channel alias as it is at each turn, with its own
    settings (`ChannelSettings.for_bot`) unless `settings` are given; with several bots the
    paths and the names carry the bot's name (`/webhooks/<BotName>/rest/webhook`,
    `/channels/<BotName>/slack/events`; `EventBot/Slack`)."""
    from bot.fleet import Fleet

    if not isinstance(bots, Fleet):
        return _mount_bot(app, bots, settings or ChannelSettings(), None)
    if settings is None:
        _refuse_shared_prefixes([b.name for b in bots.bots])
    live: list[str] = []
    several = len(bots.bots) > 1
    for bot in bots.bots:
        own = settings or ChannelSettings.for_bot(bot.name)
        names = _mount_bot(app, bot.channel_runtime, own, bot.name if several else None)
        live += [f"{bot.name}/{n}" for n in names] if several else names
    return live


def _mount_bot(
    app: FastAPI, runtime: Runtimes, settings: ChannelSettings, bot_name: str | None
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


def _refuse_shared_prefixes(names: list[str]) -> None:
    """Two bots whose names read the same variables (`Shop-Bot`, `shop_bot`) would open each
    other's webhooks: refused at start, naming both."""
    seen: dict[str, str] = {}
    for name in names:
        prefix = env_prefix(name)
        if prefix in seen:
            raise ConfigurationError(
                f"bots {seen[prefix]} and {name} would both read their channel secrets from "
                f"{prefix}…: rename one of them"
            )
        seen[prefix] = name


def _under_bot(router: APIRouter, bot_name: str) -> None:
    """`/webhooks/rest/webhook` → `/webhooks/<bot_name>/rest/webhook` (the first segment kept:
    the server answers errors on `/webhooks/` and `/channels/` in the channels' shape)."""
    from starlette.routing import compile_path

    for route in router.routes:
        if isinstance(route, APIRoute):
            head, _, rest = route.path.lstrip("/").partition("/")
            route.path = f"/{head}/{bot_name}/{rest}"
            route.path_regex, route.path_format, route.param_convertors = compile_path(route.path)
