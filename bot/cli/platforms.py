"""Commands for where the bot runs: DynamoDB session tables, the Lambda package, Rasa."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from bot.cli.common import ProjectOption, app, err, fail, out, spinner
from bot.errors import BotError

sessions_app = typer.Typer(no_args_is_help=True, help="Set up session stores.")
app.add_typer(sessions_app, name="sessions")


@sessions_app.command("create-table")
def create_table(
    sessions: Annotated[
        str | None,
        typer.Option(
            "--sessions",
            envvar="BOT_SESSIONS",
            help="dynamodb://TABLE[?region=…] (or BOT_SESSIONS).",
        ),
    ] = None,
) -> None:
    """Create the DynamoDB table of a dynamodb:// store (on demand, TTL on expires_at).

    A table that exists already is left as it is."""
    from bot.sessions import DYNAMODB_PREFIX
    from bot.sessions.dynamodb_table import create_table as ensure_table

    if not sessions or not sessions.startswith(DYNAMODB_PREFIX):
        # Never echo the URL: another store's may hold a password.
        problem = "no session store named" if not sessions else "not a dynamodb:// store"
        err.print(
            f"[red]error:[/red] {problem}: give --sessions dynamodb://TABLE (or BOT_SESSIONS); "
            "the other stores need no table",
            highlight=False,
        )
        raise typer.Exit(code=1)
    try:
        setup = ensure_table(sessions)
    except (BotError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(code=1) from None
    out.print(escape(setup.describe()), highlight=False)


package_app = typer.Typer(no_args_is_help=True, help="Package the bot for a platform.")
app.add_typer(package_app, name="package")


@package_app.command("lambda")
def package_lambda(
    project: ProjectOption = Path("."),
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for function.zip and template.yaml.")
    ] = Path("build/lambda"),
) -> None:
    """Build the AWS Lambda function (handler bot_lambda.handler) and its SAM template.

    The zip carries the trained model and the wheels installed here: run it with the Python
    (3.11+) and on the architecture the function will use."""
    from bot.aws_lambda.package import build_package

    try:
        with spinner() as bar:
            task = bar.add_task("packaging", total=None)
            built = build_package(
                project, out_dir, progress=lambda msg: bar.update(task, description=msg)
            )
    except (BotError, ValueError) as exc:
        raise fail(exc) from None
    out.print(escape(built.describe()), highlight=False)


rasa_app = typer.Typer(no_args_is_help=True, help="Use a Rasa server as the bot's NLU.")
app.add_typer(rasa_app, name="rasa")
RasaOption = Annotated[
    str | None,
    typer.Option("--rasa", help="The Rasa 3.6 executable (default: `rasa` on PATH)."),
]


@rasa_app.command("train")
def rasa_train(
    project: ProjectOption = Path("."),
    rasa: RasaOption = None,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="DIETClassifier epochs.")] = 100,
    force: bool = typer.Option(False, "--force"),
) -> None:
    """Write the bot's Rasa project in models/rasa/ and train its NLU model there (skipped
    when the bot files and pipeline did not change)."""
    from bot.rasa.project import train as train_rasa

    try:
        train_rasa(project, rasa, epochs=epochs, force=force, say=err.print)
    except BotError as exc:
        raise fail(exc) from None


@rasa_app.command("serve")
def rasa_serve(
    project: ProjectOption = Path("."),
    rasa: RasaOption = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 5005,
) -> None:
    """Serve the trained Rasa model's /model/parse on 127.0.0.1 until stopped."""
    from bot.rasa.project import serve as serve_rasa

    try:
        serve_rasa(project, rasa, port=port)
    except (BotError, OSError) as exc:
        raise fail(exc) from None
