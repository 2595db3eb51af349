"""A project's trained model: train it when missing or stale, load it only when it matches the
bot files. The model lives in `<project>/models/nlu`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.errors import ModelError
from bot.nlu.engine import NLUEngine, read_manifest
from bot.project.loader import BotProject, load_project, project_fingerprint

MODEL_DIR = Path("models") / "nlu"


def model_dir(root: Path) -> Path:
    return Path(root) / MODEL_DIR


def is_current(root: Path) -> bool:
    try:
        manifest = read_manifest(model_dir(root))
    except ModelError:
        return False
    return manifest.get("fingerprint") == project_fingerprint(root)


def train_project(
    root: Path, *, force: bool = False, progress: Callable[[str], None] | None = None
) -> tuple[BotProject, bool]:
    """Load and check the bot files, train unless the model is current; True when it trained."""
    project = load_project(root)
    if not force and is_current(root):
        return project, False
    engine = NLUEngine.fit(project.domain(), fingerprint=project.fingerprint, progress=progress)
    engine.persist(model_dir(root))
    return project, True


def load_model(root: Path) -> tuple[BotProject, NLUEngine]:
    """The project and its model; a model trained on other bot files is refused."""
    project = load_project(root)
    engine = NLUEngine.load(model_dir(root), expected_fingerprint=project.fingerprint)
    return project, engine
