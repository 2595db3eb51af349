"""Fixtures shared by all tests: the example bot, copied to a temporary folder and trained once."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.nlu.engine import NLUEngine
from bot.nlu.types import ParseContext
from bot.project.loader import BotProject
from bot.training import load_model, train_project

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# Monday 23 November 2026, mid-morning in London (the example bot's time zone).
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def copy_example_bot(dest: Path) -> Path:
    shutil.copy(ROOT / "bot.yaml", dest / "bot.yaml")
    shutil.copytree(ROOT / "intents", dest / "intents")
    shutil.copytree(ROOT / "training_data", dest / "training_data")
    return dest


@pytest.fixture(scope="session")
def trained_bot(tmp_path_factory: pytest.TempPathFactory) -> tuple[BotProject, NLUEngine, Path]:
    root = copy_example_bot(tmp_path_factory.mktemp("example-bot"))
    train_project(root)
    project, engine = load_model(root)
    return project, engine, root


@pytest.fixture(scope="session")
def engine(trained_bot: tuple[BotProject, NLUEngine, Path]) -> NLUEngine:
    return trained_bot[1]


@pytest.fixture
def ctx() -> ParseContext:
    return ParseContext(now=NOW, time_zone="Europe/London")
