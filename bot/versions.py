"""Numbered bot versions: the bot files and their trained models frozen under
`<project>/versions/<N>/`, as Lex's `CreateBotVersion` freezes the DRAFT. The working files are
`DRAFT`. A version is written whole under a temporary name and then renamed, so a server never
sees half of one; nothing here ever changes or deletes a version once made.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ModelError
from bot.project.loader import BOT_FILE
from bot.project.schema import DRAFT
from bot.training import train_project

VERSIONS_DIR = "versions"
VERSION_FILE = "version.json"
# What a version holds: the bot files and the models trained on them.
FROZEN = (BOT_FILE, "intents", "training_data", "locales", "models")


@dataclass(frozen=True, slots=True)
class BotVersion:
    version: str
    description: str
    created_at: float


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
    number = max((int(v.version) for v in list_versions(project)), default=0) + 1
    folder = project / VERSIONS_DIR
    staging = folder / f".{number}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in FROZEN:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, staging / name)
        elif source.is_file():
            shutil.copy2(source, staging / name)
    made = BotVersion(str(number), description, time.time())
    info = {"version": made.version, "description": description, "createdAt": made.created_at}
    (staging / VERSION_FILE).write_text(json.dumps(info, indent=2) + "\n")
    staging.rename(folder / made.version)
    return made
