"""The test console: a browser page at `GET /console` for the authors of the bots a server runs.

It chats with the bot through the same Lex V2 runtime API a client uses (so what it shows is
what a client gets), shows each turn's interpretations, slots, dialog state, and, from a
console-only trace fetched by request id, the code hooks that ran and the NLU and turn time.
Its "missed" tab lists what users said that the bot missed and exports it as Rasa NLU YAML.
The page is static files served here (no build step, nothing from other hosts); its data routes
sit behind the runtime API's own guards, so it asks for the API token when there is one.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from bot.console.routes import console_routes
from bot.console.traces import ConsoleMemory, ConsoleTracing
from bot.fleet import Fleet

__all__ = ["mount_console"]


def mount_console(app: FastAPI, fleet: Fleet, guards: list[Any], auth_mode: str) -> None:
    """Add the console's routes (for every bot of `fleet`) and its tracing to `app`; call before
    the middlewares that must run outside it (request ids, the body limit) are added."""
    memory = ConsoleMemory()  # one for every bot: request and session ids are unique
    app.include_router(console_routes(fleet, memory, guards, auth_mode))
    app.add_middleware(ConsoleTracing, memory=memory)
