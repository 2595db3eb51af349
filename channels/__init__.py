"""Channel adapters (Slack, Facebook Messenger, REST): thin converters around the engine facade.

`mount(app, runtime, settings)` adds the routes of every channel whose secrets are configured
(REST is always on, as in Rasa) and returns the names of the live channels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from channels.core import ChannelSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bot.runtime import BotRuntime


def mount(app: FastAPI, runtime: BotRuntime, settings: ChannelSettings | None = None) -> list[str]:
    """Add the routes of every configured channel to `app`; the names of the live channels."""
    settings = settings or ChannelSettings()
    from channels import rest

    app.include_router(rest.routes(runtime, settings))
    live = ["REST"]
    if settings.slack_enabled:
        from channels.slack import routes as slack_routes

        app.include_router(slack_routes(runtime, settings))
        live.append("Slack")
    if settings.facebook_enabled:
        from channels.facebook import routes as facebook_routes

        app.include_router(facebook_routes(runtime, settings))
        live.append("Facebook")
    return live
