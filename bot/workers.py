"""`bot serve --workers N`: what the supervisor does before uvicorn starts N worker processes,
and the app factory each worker calls.

The supervisor checks the store can be shared, trains the model once, and passes what it
decided to the workers through the environment (uvicorn spawns them, so nothing else crosses);
each worker then builds its runtime, which finds the model current and only loads it. A worker
that cannot start stops them all: uvicorn's supervisor would otherwise start it again and again.
This module must never train in a worker, nor let several workers share a `memory://` store
(each would hold a conversation of its own).
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from bot.app import default_store_url
from bot.errors import ConfigurationError
from bot.observability.metrics import MULTIPROCESS_ENV
from bot.sessions import MEMORY_URL, open_store
from bot.training import train_project

PROJECT_ENV = "BOT_PROJECT"
WORKSPACE_ENV = "BOT_WORKSPACE"
SESSIONS_ENV = "BOT_SESSIONS"
HOST_ENV = "BOT_SERVE_HOST"
RELOAD_ENV = "BOT_SERVE_RELOAD"  # "1": workers swap in the DRAFT models their supervisor trains
FACTORY = "bot.workers:create_worker_app"


def prepare_workers(
    project: Path,
    store_url: str | None,
    host: str,
    workers: int,
    progress: Callable[[str], None] | None = None,
    *,
    workspace: Path | None = None,
    reload: bool = False,
) -> str | None:
    """Ready the environment the workers start from; the metrics folder made here (to remove
    once they are gone), if any. A store the workers cannot share is a `ConfigurationError`.
    With `workspace`, every bot under it is served; with `reload`, workers follow the DRAFT
    models `run_workers` retrains."""
    from bot.workspace import find_projects

    roots = find_projects(workspace) if workspace is not None else [project]
    url = store_url or default_store_url(workspace or project)
    if url == MEMORY_URL:
        raise ConfigurationError(
            f"--workers {workers} needs a session store every worker shares, and memory:// "
            "lives inside one process: use sqlite:///PATH or redis://HOST:PORT/DB"
        )
    for root in roots:
        train_project(root, progress=progress)
    open_store(url).close()  # a bad URL stops the supervisor, not each worker in turn
    os.environ[PROJECT_ENV] = str(project.resolve())
    if workspace is not None:
        os.environ[WORKSPACE_ENV] = str(workspace.resolve())
    os.environ[SESSIONS_ENV] = url
    os.environ[HOST_ENV] = host
    os.environ[RELOAD_ENV] = "1" if reload else ""
    if os.environ.get(MULTIPROCESS_ENV):
        return None
    folder = tempfile.mkdtemp(prefix="bot-metrics-")
    os.environ[MULTIPROCESS_ENV] = folder
    return folder


def create_worker_app() -> FastAPI:
    """The app of one worker, from the environment `prepare_workers` set (uvicorn's factory).
    One that cannot be made is said in one line on stderr, and the worker exits with uvicorn's
    start-up failure status, on which its supervisor stops instead of starting it again."""
    try:
        return _worker_app()
    except Exception as exc:  # noqa: BLE001 - whatever it is, the next worker fails alike
        from uvicorn.config import STARTUP_FAILURE

        reason = " ".join(str(exc).split()) or type(exc).__name__
        sys.stderr.write(f"error: worker {os.getpid()} could not start: {reason}\n")
        sys.stderr.flush()
        sys.exit(STARTUP_FAILURE)


def _worker_app() -> FastAPI:
    from bot.observability.logs import bind_process, configure_logging
    from bot.security import SecuritySettings
    from bot.server import create_app
    from bot.settings import ObservabilitySettings, ServerLimits
    from bot.workspace import find_projects, open_workspace
    from channels import mount

    configure_logging(ObservabilitySettings.from_environment())
    security = SecuritySettings.from_environment().bound_to(os.environ[HOST_ENV])
    workspace = os.environ.get(WORKSPACE_ENV)
    roots = find_projects(Path(workspace)) if workspace else [Path(os.environ[PROJECT_ENV])]
    # The supervisor trained every bot; a model that does not match its files is refused.
    follow = os.environ.get(RELOAD_ENV) == "1"
    bots = open_workspace(roots, store_url=os.environ[SESSIONS_ENV], train=False, follow=follow)
    bots.watch()  # each worker takes up a moved alias (and a retrained DRAFT) on its own
    app = create_app(bots.fleet, security, limits=ServerLimits.from_environment())
    mount(app, bots.fleet)
    bind_process(bot=bots.fleet.first.identity.name)
    return app


def run_workers(
    workers: int,
    host: str,
    port: int,
    metrics_dir: str | None,
    reload_roots: list[Path] | None = None,
) -> bool:
    """Run uvicorn's supervisor over `workers` processes until it stops; then remove the
    metrics folder `prepare_workers` made. False when it stopped because a worker could not
    start (that worker said why). With `reload_roots`, the supervisor retrains those bots'
    DRAFTs when their files change (the workers follow)."""
    import shutil

    import uvicorn
    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors import Multiprocess

    from bot.drafts import DraftTrainer
    from bot.settings import ObservabilitySettings, ServerLimits

    options = (
        ObservabilitySettings.from_environment().uvicorn_options()
        | ServerLimits.from_environment().uvicorn_options()
    )
    config = uvicorn.Config(FACTORY, factory=True, workers=workers, host=host, port=port, **options)
    try:
        # What `uvicorn.run` does with workers, keeping the supervisor to ask how it ended.
        listener = config.bind_socket()
        if listener.family in (socket.AF_INET, socket.AF_INET6):
            # Accepted connections inherit it: without it, a reply written in two parts waits
            # for the client's delayed ACK, 40 ms a turn (uvicorn's own socket lacks it).
            listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        supervisor = Multiprocess(config, sockets=[listener])
        trainer = DraftTrainer(reload_roots) if reload_roots else None
        if trainer is not None:
            trainer.watch()
        try:
            supervisor.run()
        finally:
            if trainer is not None:
                trainer.close()  # a training under way finishes: no half-written model left
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    # It stops on a worker's start-up failure as on SIGTERM; the failed worker is still listed.
    return all(process.exitcode != STARTUP_FAILURE for process in supervisor.processes)
