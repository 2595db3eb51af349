"""`bot import` and `bot export`: Lex and Rasa bots in, Lex and Rasa bots out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from bot.cli.common import ProjectOption, app, err, fail, out, spinner
from bot.errors import BotError


@app.command("import")
def import_(
    source: Annotated[
        Path,
        typer.Argument(
            help="Lex V2 export (.zip or folder), Lex V1 export "
            "(.json or .zip), CloudFormation template, Rasa project."
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the new bot files.")],
    code_hook: str | None = typer.Option(
        None, "--code-hook", help="codeHook.uri of the new bot (python:…, lambda:…, https://…)."
    ),
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Write the report as JSON.")
    ] = None,
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when anything is unsupported."),
    replace: bool = typer.Option(False, "--replace", help="Replace bot files already in --out."),
    no_version: bool = typer.Option(
        False, "--no-version", help="Leave aliases that served a frozen version on DRAFT."
    ),
) -> None:
    """Turn a Lex or Rasa bot into bot files (and say what could not be carried over); aliases
    that served a frozen version get the imported DRAFT frozen as a version."""
    from bot.project.loader import load_project
    from bot.transfer import import_bot
    from bot.transfer.served_version import alias_summary, freeze_served_version

    try:
        files, report = import_bot(source, code_hook=code_hook)
        files.write(out_dir, replace=replace)
    except (BotError, OSError, ValueError) as exc:
        raise fail(exc) from None
    table = Table("locale", "intents", "slot types", title=f"{report.bot} ({report.format})")
    for locale in report.locales:
        table.add_row(locale, str(len(report.intents[locale])), str(len(report.slot_types[locale])))
    out.print(table)
    for note in report.unsupported:
        err.print(f"[red]unsupported:[/red] {escape(note.path)}: {escape(note.reason)}")
    for note in report.deployment:
        err.print(f"[yellow]to give:[/yellow] {escape(note.path)}: {escape(note.reason)}")
    # Freezing trains: whatever stops it, the notes above (and the report) are what explain it.
    not_frozen: Exception | None = None
    if report.served_version and not no_version:
        try:
            with spinner() as bar:
                task = bar.add_task("freezing the imported version", total=None)
                freeze_served_version(
                    out_dir, report, progress=lambda msg: bar.update(task, description=msg)
                )
        except (BotError, OSError, ValueError) as exc:
            not_frozen = exc
    if report_file:
        report_file.write_text(json.dumps(report.to_json(), indent=2) + "\n")
    if not_frozen is not None:
        raise fail(not_frozen)
    for line in alias_summary(report, out_dir):
        out.print(escape(line), highlight=False)
    out.print(
        f"{len(report.unsupported)} unsupported, {len(report.deployment)} left to deployment, "
        f"{len(report.ignored)} ignored (not part of a text conversation) — bot files in {out_dir}"
    )
    try:
        load_project(out_dir)
    except BotError as exc:
        raise fail(exc) from None
    if strict and report.unsupported:
        raise typer.Exit(code=1)


@app.command("export")
def export(
    kind: Annotated[
        str, typer.Argument(help="lex-v2 (a .zip), lex-v1 (a .json) or rasa (a folder).")
    ],
    target: Annotated[Path, typer.Argument(help="Where to write the export.")],
    project: ProjectOption = Path("."),
) -> None:
    """Write the bot as a Lex V2 or Lex V1 export, or as a Rasa project."""
    from bot.transfer import export_bot

    if kind not in ("lex-v2", "lex-v1", "rasa"):
        raise fail(ValueError(f"unknown format {kind!r}: lex-v2, lex-v1 or rasa"))
    try:
        export_bot(project, kind, target)  # type: ignore[arg-type]
    except (BotError, OSError, ValueError) as exc:
        raise fail(exc) from None
    out.print(f"{kind} export written to {target}")
