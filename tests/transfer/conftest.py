"""Fixtures of the import/export tests: the hand-written exports and templates, a zip made from
one of them, and a helper that imports a source, writes it and loads it as `bot check` does."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.project.loader import BotProject, load_project
from bot.transfer import BotFiles, ImportReport, import_bot
from bot.transfer.bot_files import read_bot_files
from tests.transfer.v1_fixtures import imported as imported_v1

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLOW_BOT = FIXTURES / "v2" / "FlowBot"
PIZZA_SHOP = FIXTURES / "v2" / "PizzaShop"
HOTEL_TEMPLATE = FIXTURES / "cfn" / "hotel_two_locales.yaml"
FAQ_TEMPLATE = FIXTURES / "cfn" / "faq_simple.template.json"


@dataclass
class Imported:
    files: BotFiles  # as read back from the written folder
    report: ImportReport
    project: BotProject
    root: Path

    def intent(self, name: str, locale: int = 0) -> dict:
        return self.files.locales[locale].intents[name]

    def notes(self, kind: str = "unsupported") -> dict[str, str]:
        return {n.path: n.reason for n in getattr(self.report, kind)}


def import_and_check(source: Path, out: Path, code_hook: str | None = None) -> Imported:
    files, report = import_bot(source, code_hook=code_hook)
    files.write(out)
    project = load_project(out)
    return Imported(read_bot_files(out), report, project, out)


def zip_folder(folder: Path, target: Path, *, junk: bool = True) -> Path:
    """A zip of an export folder, as the console and macOS make them."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
        if junk:
            archive.writestr("__MACOSX/._manifest.json", b"\x00\x05\x16\x07")
            archive.writestr(".DS_Store", b"\x00")
    return target


@pytest.fixture
def pizza_zip(tmp_path: Path) -> Path:
    return zip_folder(PIZZA_SHOP, tmp_path / "PizzaShop_DRAFT_LexJson.zip")


@pytest.fixture
def flowers(tmp_path: Path) -> tuple[BotFiles, ImportReport, Any]:
    """The OrderFlowers Lex V1 export, imported and loaded."""
    return imported_v1(tmp_path, "OrderFlowersBot.json")
