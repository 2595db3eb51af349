"""A project's trained model: train it when missing or stale, load it only when it matches the
bot files. The model lives in `<project>/models/nlu`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from bot.errors import ModelError
from bot.nlu.engine import FORMAT_VERSION, TRAINING_RECIPE, NLUEngine
from bot.nlu.model_files import read_manifest
from bot.project.loader import BotProject, load_project, project_fingerprint

MODEL_DIR = Path("models") / "nlu"


def model_dir(root: Path) -> Path:
    return Path(root) / MODEL_DIR


def model_fingerprint(bot_files_fingerprint: str) -> str:
    """What a model must have been trained on: these bot files, with this training recipe."""
    recipe = f"{FORMAT_VERSION}:{TRAINING_RECIPE}:{bot_files_fingerprint}"
    return hashlib.sha256(recipe.encode()).hexdigest()


def is_current(root: Path) -> bool:
    try:
        manifest = read_manifest(model_dir(root))
    except ModelError:
        return False
    return manifest.get("fingerprint") == model_fingerprint(project_fingerprint(root))


def train_project(
    root: Path, *, force: bool = False, progress: Callable[[str], None] | None = None
) -> tuple[BotProject, bool]:
    """Load and check the bot files, train unless the model is current; True when it trained."""
    project = load_project(root)
    if not force and is_current(root):
        return project, False
    fingerprint = model_fingerprint(project.fingerprint)
    engine = NLUEngine.fit(project.domain(), fingerprint=fingerprint, progress=progress)
    engine.persist(model_dir(root))
    return project, True


def load_model(root: Path) -> tuple[BotProject, NLUEngine]:
    """The project and its model; a model trained on other bot files is refused."""
    project = load_project(root)
    expected = model_fingerprint(project.fingerprint)
    engine = NLUEngine.load(model_dir(root), expected_fingerprint=expected)
    return project, engine
