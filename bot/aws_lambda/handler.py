"""The Lambda entry point: the same app `bot serve` runs, behind Mangum, which turns API Gateway
(HTTP API v2 and REST v1 proxy) and function URL events into ASGI requests and the answers back.

The app is built once per execution environment, at the first event (a cold start), from the
project packed beside this code and the environment: `BOT_SESSIONS` (required; DynamoDB in the
SAM template), `BOT_API_AUTH` and `BOT_ALLOWED_HOSTS` (required, as for a public `bot serve`),
the channels' secrets, the log settings. The model was trained when the zip was built: nothing is
trained here, and a model that does not match the bot files is an error.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from bot.errors import ConfigurationError

PROJECT_ENV = "BOT_PROJECT"
SESSIONS_ENV = "BOT_SESSIONS"
# `bot package lambda` puts the project here, beside the packages at the zip's root.
PACKED_PROJECT = Path(__file__).resolve().parents[2] / "project"
# Where the function answers, as the security settings name it: never loopback, so they demand
# explicit authentication and host names.
PUBLIC = "AWS Lambda"

_lock = threading.Lock()
_adapter: Any = None


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Answer one API Gateway or function URL event (`context` may be None)."""
    answer: dict[str, Any] = _app()(event, context)
    return answer


def _app() -> Any:
    global _adapter
    if _adapter is None:
        with _lock:
            if _adapter is None:
                _adapter = build_adapter()
    return _adapter


def build_adapter(project: Path | None = None) -> Any:
    """Mangum around the bot's app, configured from the environment."""
    from mangum import Mangum

    from bot.observability.logs import bind_process, configure_logging
    from bot.security import SecuritySettings
    from bot.server import create_app
    from bot.settings import ObservabilitySettings, ServerLimits
    from bot.workspace import open_workspace
    from channels import mount

    store_url = os.environ.get(SESSIONS_ENV, "").strip()
    if not store_url:
        raise ConfigurationError(
            f"{SESSIONS_ENV} is not set: name the session store every instance of the function "
            "shares, e.g. dynamodb://TABLE"
        )
    configure_logging(ObservabilitySettings.from_environment())
    security = SecuritySettings.from_environment().bound_to(PUBLIC)
    root = project or Path(os.environ.get(PROJECT_ENV) or PACKED_PROJECT)
    # Its aliases answer from the versions bot.yaml names; nothing is watched (the package is
    # immutable: moving an alias is a new deployment).
    bots = open_workspace([root], store_url=store_url, train=False)
    app = create_app(bots.fleet, security, limits=ServerLimits.from_environment())
    mount(app, bots.fleet)
    bind_process(bot=bots.fleet.first.identity.name)
    # The app's lifespan tunes a thread pool and purges expired sessions on a timer; on Lambda
    # DynamoDB's TTL purges, and Mangum would run the lifespan again on every event.
    return Mangum(app, lifespan="off")
