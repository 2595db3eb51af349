"""`bot serve --workers N`: what the supervisor does before uvicorn starts N worker processes,
and the app factory each worker calls.

The supervisor checks the store can be shared, trains the model once, and passes what it
decided to the workers through the environment (uvicorn spawns them, so nothing else crosses);
each worker then builds its runtime, which finds the model current and only loads it. This
module must never train in a worker, nor let several workers share a `memory://` store (each
would hold a conversation of its own).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from bot.app import build_runtime, default_store_url
from bot.errors import ConfigurationError
from bot.observability.metrics import MULTIPROCESS_ENV
from bot.sessions import MEMORY_URL, open_store
from bot.training import train_project

PROJECT_ENV = "BOT_PROJECT"
SESSIONS_ENV = "BOT_SESSIONS"
HOST_ENV = "BOT_SERVE_HOST"
FACTORY = "bot.workers:create_worker_app"


def prepare_workers(
    project: Path,
    store_url: str | None,
    host: str,
    workers: int,
    progress: Callable[[str], None] | None = None,
) -> str | None:
    """Ready the environment the workers start from; the metrics folder made here (to remove
    once they are gone), if any. A store the workers cannot share is a `ConfigurationError`."""
    url = store_url or default_store_url(project)
    if url == MEMORY_URL:
        raise ConfigurationError(
            f"--workers {workers} needs a session store every worker shares, and memory:// "
            "lives inside one process: use sqlite:///PATH or redis://HOST:PORT/DB"
        )
    train_project(project, progress=progress)
    open_store(url).close()  # a bad URL stops the supervisor, not each worker in turn
    os.environ[PROJECT_ENV] = str(project.resolve())
    os.environ[SESSIONS_ENV] = url
    os.environ[HOST_ENV] = host
    if os.environ.get(MULTIPROCESS_ENV):
        return None
    folder = tempfile.mkdtemp(prefix="bot-metrics-")
    os.environ[MULTIPROCESS_ENV] = folder
    return folder


def create_worker_app() -> FastAPI:
    """The app of one worker, from the environment `prepare_workers` set (uvicorn's factory)."""
    from bot.observability.logs import bind_process, configure_logging
    from bot.security import SecuritySettings
    from bot.server import create_app
    from bot.settings import ObservabilitySettings, ServerLimits
    from channels import mount

    configure_logging(ObservabilitySettings.from_environment())
    security = SecuritySettings.from_environment().bound_to(os.environ[HOST_ENV])
    runtime = build_runtime(Path(os.environ[PROJECT_ENV]), store_url=os.environ[SESSIONS_ENV])
    app = create_app(runtime, security, limits=ServerLimits.from_environment())
    mount(app, runtime)
    bind_process(bot=runtime.identity.name)
    return app


def run_workers(workers: int, host: str, port: int, metrics_dir: str | None) -> None:
    """Run uvicorn's supervisor over `workers` processes until it stops; then remove the
    metrics folder `prepare_workers` made."""
    import shutil

    import uvicorn

    from bot.settings import ObservabilitySettings, ServerLimits

    options = (
        ObservabilitySettings.from_environment().uvicorn_options()
        | ServerLimits.from_environment().uvicorn_options()
    )
    try:
        uvicorn.run(FACTORY, factory=True, workers=workers, host=host, port=port, **options)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
