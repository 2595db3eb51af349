"""A project's trained models, one per locale: train them when missing or stale, load them only
when they match the bot files. The first locale's model lives in `<project>/models/nlu`, each
other locale's in `<project>/models/locales/<localeId>/nlu`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from bot.errors import ModelError
from bot.nlu.engine import FORMAT_VERSION, TRAINING_RECIPE, NLUEngine
from bot.nlu.model_files import read_manifest
from bot.nlu.understanding import Understanding
from bot.project.loader import BotProject, load_project, project_fingerprint

_RECIPE = int(TRAINING_RECIPE)

MODEL_DIR = Path("models") / "nlu"


def model_dir(root: Path, locale: str | None = None) -> Path:
    """Where a locale's model lives (the first locale's when `locale` is None)."""
    if locale is None:
        return Path(root) / MODEL_DIR
    return Path(root) / "models" / "locales" / locale / "nlu"


def _model_dir(project: BotProject) -> Path:
    first = project.locale == project.config.locale_ids[0]
    return model_dir(project.root, None if first else project.locale)


def model_fingerprint(bot_files_fingerprint: str, recipe: str = TRAINING_RECIPE) -> str:
    """What a model must have been trained on: these bot files, with this training recipe."""
    made = f"{FORMAT_VERSION}:{recipe}:{bot_files_fingerprint}"
    return hashlib.sha256(made.encode()).hexdigest()


def _any_recipe(bot_files_fingerprint: str) -> list[str]:
    """The fingerprints of these bot files under every recipe so far: a frozen version keeps the
    model it was made with (it can never be retrained), whatever the recipe is now."""
    return [model_fingerprint(bot_files_fingerprint, str(r)) for r in range(1, _RECIPE + 1)]


def is_current(root: Path) -> bool:
    """True when the first locale's model matches the bot files."""
    try:
        manifest = read_manifest(model_dir(root))
    except ModelError:
        return False
    return manifest.get("fingerprint") == model_fingerprint(project_fingerprint(root))


def _current(project: BotProject) -> bool:
    try:
        manifest = read_manifest(_model_dir(project))
    except ModelError:
        return False
    return manifest.get("fingerprint") == model_fingerprint(project.fingerprint)


def train_project(
    root: Path, *, force: bool = False, progress: Callable[[str], None] | None = None
) -> tuple[BotProject, bool]:
    """Load and check the bot files, train every locale whose model is not current; True when
    any was trained."""
    project = load_project(root)
    trained = False
    for locale in project.locales().values():
        if _reads_with_rasa(locale) or (not force and _current(locale)):
            continue  # a Rasa locale's model is Rasa's (`bot rasa train`)
        if progress is not None and len(project.config.locales) > 1:
            progress(f"training {locale.locale}")
        fingerprint = model_fingerprint(locale.fingerprint)
        engine = NLUEngine.fit(
            locale.domain(),
            fingerprint=fingerprint,
            progress=progress,
            locale=locale.locale,
            pipeline=locale.config.nlu_setting(locale.locale).pipeline,
        )
        engine.persist(_model_dir(locale))
        trained = True
    return project, trained


def load_model(root: Path) -> tuple[BotProject, NLUEngine]:
    """The project and its first locale's model; a model trained on other bot files is refused."""
    project = load_project(root)
    return project, _load(project)


def load_understanding(root: Path) -> tuple[BotProject, Understanding]:
    """The project and its first locale's NLU (ours, or its Rasa server's client)."""
    project = load_project(root)
    return project, _understanding(project)


def load_models(root: Path, *, frozen: bool = False) -> dict[str, tuple[BotProject, Understanding]]:
    """Every locale's project and NLU, the first locale first: our model, or a client of the
    Rasa server the locale's `nlu` setting names. A `frozen` version's model may come from an
    older training recipe (the DRAFT's must be of the current one)."""
    project = load_project(root)
    return {
        name: (locale, _understanding(locale, frozen)) for name, locale in project.locales().items()
    }


def _reads_with_rasa(project: BotProject) -> bool:
    return project.config.nlu_setting(project.locale).engine == "rasa"


def _understanding(project: BotProject, frozen: bool = False) -> Understanding:
    if _reads_with_rasa(project):
        from bot.rasa.engine import RasaNLU  # only bots that use Rasa load its client

        return RasaNLU(project, project.config.nlu_setting(project.locale))
    return _load(project, frozen)


def _load(project: BotProject, frozen: bool = False) -> NLUEngine:
    fingerprint = project.fingerprint
    expected = _any_recipe(fingerprint) if frozen else model_fingerprint(fingerprint)
    return NLUEngine.load(_model_dir(project), expected_fingerprint=expected)
