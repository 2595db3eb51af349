"""What every command shares: the Typer app, the two consoles, the project option and the
one way a command fails (a red one-line error, exit status 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

app = typer.Typer(add_completion=False, no_args_is_help=True, help="A self-hosted Lex-style bot.")
out = Console()
err = Console(stderr=True)

ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="Bot project folder (bot.yaml, intents/, …).")
]


def fail(exc: Exception) -> typer.Exit:
    """Say why on stderr, on one line however narrow the terminal (logs, CI), and exit 1."""
    said = " ".join(str(exc).split())  # pydantic's errors come on several lines
    err.print(f"[red]error:[/red] {escape(said)}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


def spinner() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err
    )
