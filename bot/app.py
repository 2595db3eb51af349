"""Assembling a running bot from a project folder: train the model if it is missing or stale,
load it, open the session store, set up the code hooks, the model that assists slot
resolution and the services that answer search intents (Kendra, Bedrock knowledge bases), and
build the runtime facade and the HTTP app.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from bot.assist import assistant_for
from bot.dialog.engine import DialogEngine
from bot.hooks.routing import hooks_for
from bot.nlu.understanding import Understanding
from bot.project.bot_config import DRAFT, AliasSetting
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.search import searcher_for
from bot.sessions import open_store
from bot.sessions.base import SessionStore
from bot.settings import MissedSettings
from bot.training import load_models, train_project

SESSIONS_FILE = "sessions.sqlite"


def default_store_url(root: Path) -> str:
    return f"sqlite:///{(Path(root) / SESSIONS_FILE).resolve()}"


def build_runtime(
    root: Path,
    *,
    store_url: str | None = None,
    clock: Callable[[], float] = time.time,
    rng: random.Random | None = None,
    progress: Callable[[str], None] | None = None,
    code_hooks: bool = True,
    train: bool = True,
) -> BotRuntime:
    """`code_hooks=False` runs the bot as if it had no `codeHook` (tests of the bare dialog);
    `train=False` only loads the models, refusing any that does not match the bot files."""
    if train:
        train_project(root, progress=progress)
    store = open_store(store_url or default_store_url(root))
    runtime = runtime_for(load_models(root), store, clock=clock, rng=rng, code_hooks=code_hooks)
    # The model lives as long as the process: keep the collector from walking it on every pass.
    gc.collect()
    gc.freeze()
    return runtime


def runtime_for(
    models: Mapping[str, tuple[BotProject, Understanding]],
    store: SessionStore,
    *,
    clock: Callable[[], float] = time.time,
    rng: random.Random | None = None,
    code_hooks: bool = True,
    alias: AliasSetting | None = None,
    search_path: Path | None = None,
    version: str = DRAFT,
) -> BotRuntime:
    """The runtime of loaded models (`load_models`) of bot `version`, every locale with its code
    hooks: the version's own, or those `alias` attaches (as Lex attaches a Lambda per alias and
    locale). The hooks' events name `version`."""

    def dialog(locale: BotProject, engine: Understanding) -> DialogEngine:
        hooks = None
        if code_hooks:
            own = alias.code_hook(locale.locale) if alias is not None else None
            hooks = hooks_for(locale, code_hook=own, search_path=search_path, version=version)
        # A locale whose slots ask for assisted resolution gets its model (connected at first use).
        return DialogEngine(
            locale,
            engine,
            hooks=hooks,
            clock=clock,
            rng=rng,
            assistant=assistant_for(locale),
            searcher=searcher_for(locale),
        )

    (project, nlu), *others = models.values()
    return BotRuntime(
        project,
        nlu,
        store,
        clock=clock,
        rng=rng,
        dialog=dialog(project, nlu),
        other_locales={locale.locale: dialog(locale, engine) for locale, engine in others},
        missed=MissedSettings.from_environment(),
    )
