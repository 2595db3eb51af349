"""Lex V1 exports for the import/export tests: where they are, importing one into a folder and
loading it as `bot check` does, and the texts of a message group."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.project.loader import load_project
from bot.transfer import import_bot
from bot.transfer.bot_files import BotFiles
from bot.transfer.report import ImportReport

V1_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "v1"


def imported(tmp_path: Path, fixture: str, **kwargs: Any) -> tuple[BotFiles, ImportReport, Any]:
    files, report = import_bot(V1_FIXTURES / fixture, **kwargs)
    out = tmp_path / "bot"
    files.write(out)
    return files, report, load_project(out)


def texts(group: Any) -> list[str]:
    return [
        (m.plainTextMessage or m.ssmlMessage or m.customPayload).value for m in group.all_messages()
    ]
