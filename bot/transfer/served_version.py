"""After an import is written: freeze the version its aliases served and point them at it.

A source's alias on a frozen version served the DRAFT as deployed, which is what the import
wrote; freezing that DRAFT (`bot.versions.create_version`, which trains it) and moving those
aliases onto it makes the project answer as the deployed aliases did. This module only acts on
a folder that an import has just written; it never changes an existing version.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.errors import BotError
from bot.project.bot_config import DRAFT
from bot.transfer.bot_files import TransferError
from bot.transfer.report import ImportReport


def freeze_served_version(
    project: Path, report: ImportReport, progress: Callable[[str], None] | None = None
) -> str | None:
    """Freeze the imported DRAFT for the aliases in `report.served_version` and point them at
    it; the version made (its number also in the report), or None when none was served."""
    from bot.project.aliases import set_alias_version
    from bot.versions import create_version

    served = report.served_version
    if served is None:
        return None
    try:
        made = create_version(Path(project), served.description, progress=progress)
    except BotError as exc:
        names = ", ".join(served.aliases)
        raise TransferError(
            f"bot files written to {project}, but the version {names} served could not be "
            f"frozen, so they stay on DRAFT: {exc}"
        ) from exc
    for name in served.aliases:
        set_alias_version(Path(project), name, made.version)
        report.aliases[name] = made.version
    served.version = made.version
    return made.version


def alias_summary(report: ImportReport, project: Path) -> list[str]:
    """One line per imported alias, and how to freeze the served version when it was not."""
    served = report.served_version
    lines = []
    for name, version in report.aliases.items():
        if served is not None and served.version and name in served.aliases:
            line = f"alias {name} → version {version} (the imported DRAFT, frozen)"
        else:
            line = f"alias {name} → {'DRAFT' if version == DRAFT else 'version ' + version}"
        off = report.no_code_hook.get(name)
        if off:
            line += f"; no Lambda in {', '.join(off)}: calls no code hook there, not the bot's"
        lines.append(line)
    if served is not None and not served.version:
        from bot.versions import VERSIONS_DIR

        # A folder that held versions gives the next one a number only `bot version create` knows.
        fresh = not (Path(project) / VERSIONS_DIR).exists()
        number = "1" if fresh else "N"
        moves = " and ".join(f"`bot alias set {a} {number} -p {project}`" for a in served.aliases)
        lines.append(
            f"{', '.join(served.aliases)} served a frozen version of the bot; left on DRAFT: "
            f"freeze it with `bot version create -p {project}`, then {moves}"
            + ("" if fresh else " (N: the number it prints)")
        )
    return lines
