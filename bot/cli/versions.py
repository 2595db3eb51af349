"""`bot version` and `bot alias`: frozen versions and the aliases that point at them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from bot.cli.common import ProjectOption, app, fail, out, spinner
from bot.errors import BotError

version_app = typer.Typer(no_args_is_help=True, help="Numbered, frozen versions of the bot.")
app.add_typer(version_app, name="version")
alias_app = typer.Typer(no_args_is_help=True, help="Point the bot's aliases at versions.")
app.add_typer(alias_app, name="alias")


@version_app.command("create")
def version_create(
    project: ProjectOption = Path("."),
    description: str = typer.Option("", "--description", help="What this version changes."),
) -> None:
    """Freeze the bot files and their trained model (DRAFT) as the next numbered version."""
    from bot.versions import create_version

    try:
        with spinner() as bar:
            task = bar.add_task("checking bot files", total=None)
            made = create_version(
                project, description, progress=lambda msg: bar.update(task, description=msg)
            )
    except BotError as exc:
        raise fail(exc) from None
    out.print(made.version)


@version_app.command("list")
def version_list(project: ProjectOption = Path(".")) -> None:
    """The bot's numbered versions and the aliases on each."""
    from bot.project.aliases import alias_settings
    from bot.versions import list_versions

    try:
        aliases = alias_settings(project)
    except (OSError, ValueError) as exc:
        raise fail(exc) from None
    table = Table("version", "created", "aliases", "description")
    for version in [None, *list_versions(project)]:
        name = "DRAFT" if version is None else version.version
        on = ", ".join(a for a, s in aliases.items() if s.botVersion == name)
        created = "" if version is None else datetime.fromtimestamp(version.created_at, UTC)
        table.add_row(name, str(created)[:19], on, "" if version is None else version.description)
    out.print(table)


@version_app.command("delete")
def version_delete(
    version: str = typer.Argument(..., help="The version number."),
    project: ProjectOption = Path("."),
) -> None:
    """Delete a version no alias uses (its number is never given again)."""
    from bot.versions import delete_version

    try:
        delete_version(project, version)
    except (BotError, OSError, ValueError) as exc:
        raise fail(exc) from None
    out.print(f"version {escape(version)} deleted")


@alias_app.command("set")
def alias_set(
    name: str = typer.Argument(..., help="The alias (created when it is new)."),
    version: str = typer.Argument(..., help="A version number, or DRAFT."),
    project: ProjectOption = Path("."),
) -> None:
    """Point an alias at a version; a running server takes it up within seconds."""
    from bot.project.aliases import set_alias_version
    from bot.training import load_models
    from bot.versions import version_root

    try:
        if version != "DRAFT":
            load_models(version_root(project, version), frozen=True)  # refused here, not later
        set_alias_version(project, name, version)
    except (BotError, ValueError) as exc:
        raise fail(exc) from None
    out.print(f"alias {name} → version {version}")
