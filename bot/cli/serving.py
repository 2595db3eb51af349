"""`bot serve` (one process or `--workers`) and `bot shell`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from bot.cli.common import ProjectOption, app, err, fail, out, spinner
from bot.errors import BotError

if TYPE_CHECKING:
    from bot.security import SecuritySettings


@app.command()
def serve(
    project: ProjectOption = Path("."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Interface to bind (loopback by default)."
    ),
    port: int = typer.Option(8000, "--port"),
    sessions: str | None = typer.Option(
        None,
        "--sessions",
        envvar="BOT_SESSIONS",
        help="Session store URL: memory://, sqlite:///PATH or redis://HOST:PORT/DB (or "
        "BOT_SESSIONS; default sqlite:///<project>/sessions.sqlite).",
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        help="Worker processes under one supervisor (more than one needs a shared store).",
    ),
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", help="Serve every bot folder directly under this folder."),
    ] = None,
    reload: bool = typer.Option(
        False, "--reload", help="Retrain and swap a bot's DRAFT when its files change."
    ),
) -> None:
    """Serve the Lex V2/V1 runtime APIs (trains first if the model is missing or stale).

    Off loopback it needs BOT_API_AUTH and BOT_ALLOWED_HOSTS (see the README's Security)."""
    import uvicorn

    from bot.observability.logs import bind_process, configure_logging
    from bot.security import SecuritySettings
    from bot.server import create_app
    from bot.settings import ObservabilitySettings, OperationsSettings, ServerLimits
    from bot.workspace import find_projects, open_workspace
    from channels import mount

    try:
        security = SecuritySettings.from_environment().bound_to(host)
        limits = ServerLimits.from_environment()
        OperationsSettings.from_environment()  # checked now; the app reads it as it starts
        observability = ObservabilitySettings.from_environment()
    except BotError as exc:  # its messages never hold a secret
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(code=1) from None
    configure_logging(observability)
    try:
        roots = find_projects(workspace) if workspace is not None else [project]
    except BotError as exc:
        raise fail(exc) from None
    if workers > 1:
        reloaded = roots if reload else None
        _serve_workers(project, sessions, host, port, workers, security, workspace, reloaded)
        return
    try:
        with spinner() as bar:
            task = bar.add_task("loading bots", total=None)
            bots = open_workspace(
                roots,
                store_url=sessions,
                reload=reload,
                default_root=workspace,
                progress=lambda msg: bar.update(task, description=msg),
            )
    except (BotError, ValueError) as exc:
        raise fail(exc) from None
    bots.watch()  # aliases moved by `bot alias set` (and, with --reload, edited bot files)
    app = create_app(bots.fleet, security, limits=limits)
    try:
        live = mount(app, bots.fleet)
    except BotError as exc:
        raise fail(exc) from None
    for bot, routes in zip(bots.fleet.describe(), bots.fleet.bots, strict=True):
        aliases = ", ".join(f"{a['botAliasName']}→{a['botVersion']}" for a in bot["aliases"])
        err.print(
            f"[bold]{bot['name']}[/bold] botId [bold]{bot['botId']}[/bold], aliases "
            f"{escape(aliases)}, locales {', '.join(bot['locales'])}, channels on "
            f"{escape(routes.channel_alias or 'DRAFT')}"
        )
    err.print(f"http://{host}:{port}/docs")
    ident = bots.fleet.first.identity
    err.print(
        f"channels live: {', '.join(live)} (Slack and Facebook start when their secrets are set)"
    )
    _say_security(security, host)
    bind_process(bot=ident.name)
    options = observability.uvicorn_options() | limits.uvicorn_options()
    uvicorn.run(app, host=host, port=port, **options)


def _serve_workers(
    project: Path,
    sessions: str | None,
    host: str,
    port: int,
    workers: int,
    security: SecuritySettings,
    workspace: Path | None = None,
    reloaded: list[Path] | None = None,
) -> None:
    """`bot serve --workers N` (N > 1): train here once, then uvicorn's supervisor runs the
    workers (it replaces one that dies, stops them all when one cannot start; SIGTERM lets each
    finish its requests); it retrains the `reloaded` bots' edited DRAFTs, the workers follow."""
    from bot.workers import prepare_workers, run_workers

    try:
        with spinner() as bar:
            task = bar.add_task("training bot", total=None)
            metrics_dir = prepare_workers(
                project,
                sessions,
                host,
                workers,
                lambda msg: bar.update(task, description=msg),
                workspace=workspace,
                reload=reloaded is not None,
            )
    except (BotError, ValueError) as exc:
        raise fail(exc) from None
    err.print(f"{workers} workers — http://{host}:{port}/docs")
    _say_security(security, host)
    if not run_workers(workers, host, port, metrics_dir, reloaded):
        err.print("[red]error:[/red] a worker could not start (see above); bot serve stopped")
        raise typer.Exit(code=1)


def _say_security(security: SecuritySettings, host: str) -> None:
    err.print(escape(security.describe()), highlight=False)
    for warning in security.warnings(host):
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)


@app.command()
def shell(
    project: ProjectOption = Path("."),
    alias: str | None = typer.Option(
        None, "--alias", help="Talk to what this alias serves (its version); the DRAFT without it."
    ),
) -> None:
    """Chat with the bot in the terminal (/reset, /state, /quit)."""
    from bot.app import build_runtime
    from bot.shell import alias_route, run_shell

    try:
        if alias is None:
            runtime, alias_id = build_runtime(project, store_url="memory://"), "TSTALIASID"
        else:
            route = alias_route(project, alias)
            runtime, alias_id = route.runtime, route.alias_id
            err.print(f"alias {route.name} on version {route.version}", highlight=False)
    except (BotError, ValueError) as exc:
        raise fail(exc) from None
    run_shell(runtime, out, alias_id=alias_id)
