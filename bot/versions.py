"""Numbered bot versions: the bot files and their trained models frozen under
`<project>/versions/<N>/`, as Lex's `CreateBotVersion` freezes the DRAFT. The working files are
`DRAFT`. A version is written whole under a temporary name and then renamed, so a server never
sees half of one; it is never changed afterwards, only deleted whole when no alias names it, and
its number is never given again (`versions/.last` remembers the highest one made).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ConfigurationError, ModelError
from bot.project.aliases import alias_settings
from bot.project.bot_config import DRAFT
from bot.project.loader import BOT_FILE
from bot.training import train_project

VERSIONS_DIR = "versions"
VERSION_FILE = "version.json"
LAST_FILE = ".last"
# What a version holds: the bot files and the models trained on them.
FROZEN = (BOT_FILE, "intents", "training_data", "locales", "models")


@dataclass(frozen=True, slots=True)
class BotVersion:
    version: str
    description: str
    created_at: float


def copy_bot(project: Path, staging: Path) -> None:
    """Copy the DRAFT's bot files and models into `staging`, made afresh (a frozen copy)."""
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in FROZEN:
        source = Path(project) / name
        if source.is_dir():
            shutil.copytree(source, staging / name)
        elif source.is_file():
            shutil.copy2(source, staging / name)


def version_root(project: Path, version: str) -> Path:
    """Where a version's bot files are (the project itself for DRAFT); a version that was never
    made is a `ModelError` naming the ones that exist."""
    if version == DRAFT:
        return Path(project)
    folder = Path(project) / VERSIONS_DIR / version
    if not version.isdigit() or not (folder / VERSION_FILE).is_file():
        made = ", ".join(v.version for v in list_versions(project)) or "none yet"
        raise ModelError(f"bot version {version} does not exist (versions: {made})")
    return folder


def list_versions(project: Path) -> list[BotVersion]:
    """Every numbered version, oldest first."""
    folder = Path(project) / VERSIONS_DIR
    found = []
    for path in folder.glob(f"*/{VERSION_FILE}") if folder.is_dir() else ():
        if not path.parent.name.isdigit():
            continue
        data = json.loads(path.read_text())
        found.append(
            BotVersion(path.parent.name, data.get("description", ""), data.get("createdAt", 0))
        )
    return sorted(found, key=lambda v: int(v.version))


def create_version(
    project: Path, description: str = "", progress: Callable[[str], None] | None = None
) -> BotVersion:
    """Freeze the DRAFT (trained first if its model is stale) as the next numbered version."""
    project = Path(project)
    train_project(project, progress=progress)
    folder = project / VERSIONS_DIR
    number = max([_last_made(folder), *(int(v.version) for v in list_versions(project))]) + 1
    staging = folder / f".{number}.partial"
    copy_bot(project, staging)
    made = BotVersion(str(number), description, time.time())
    info = {"version": made.version, "description": description, "createdAt": made.created_at}
    (staging / VERSION_FILE).write_text(json.dumps(info, indent=2) + "\n")
    staging.rename(folder / made.version)
    (folder / LAST_FILE).write_text(f"{number}\n")
    return made


def delete_version(project: Path, version: str) -> None:
    """Delete a numbered version, as Lex's `DeleteBotVersion`: refused (`ConfigurationError`)
    while an alias in bot.yaml names it; a server that loaded it keeps it in memory."""
    project = Path(project)
    if version == DRAFT:
        raise ConfigurationError("the DRAFT cannot be deleted")
    folder = version_root(project, version)
    users = [name for name, s in alias_settings(project).items() if s.botVersion == version]
    if users:
        raise ConfigurationError(
            f"bot version {version} is in use by alias {', '.join(users)}: "
            "point it elsewhere first (bot alias set)"
        )
    last = project / VERSIONS_DIR / LAST_FILE
    if not last.is_file():  # versions made before `.last` existed
        last.write_text(f"{max(int(v.version) for v in list_versions(project))}\n")
    gone = folder.with_name(f".{version}.deleted")
    shutil.rmtree(gone, ignore_errors=True)  # left by a delete that was interrupted
    folder.rename(gone)  # a server never sees half a version
    shutil.rmtree(gone)


def _last_made(folder: Path) -> int:
    try:
        return int((folder / LAST_FILE).read_text().strip() or 0)
    except (OSError, ValueError):
        return 0
