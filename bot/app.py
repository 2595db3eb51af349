"""Assembling a running bot from a project folder: train the model if it is missing or stale,
load it, open the session store, set up the code hooks, the model that assists slot
resolution and the services that answer search intents (Kendra, Bedrock knowledge bases), and
build the runtime facade and the HTTP app.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from pathlib import Path

from bot.assist import assistant_for
from bot.dialog.engine import DialogEngine
from bot.hooks.routing import hooks_for
from bot.runtime import BotRuntime
from bot.search import searcher_for
from bot.sessions import open_store
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
    (project, nlu), *others = load_models(root).values()
    store = open_store(store_url or default_store_url(root))
    hooks = hooks_for(project) if code_hooks else None
    other_locales = {
        locale.locale: DialogEngine(
            locale,
            engine,
            hooks=hooks_for(locale) if code_hooks else None,
            clock=clock,
            rng=rng,
            assistant=assistant_for(locale),
            searcher=searcher_for(locale),
        )
        for locale, engine in others
    }
    # A locale whose slots ask for assisted resolution gets its model (connected at first use).
    dialog = DialogEngine(
        project,
        nlu,
        hooks=hooks,
        clock=clock,
        rng=rng,
        assistant=assistant_for(project),
        searcher=searcher_for(project),
    )
    runtime = BotRuntime(
        project,
        nlu,
        store,
        clock=clock,
        rng=rng,
        dialog=dialog,
        other_locales=other_locales,
        missed=MissedSettings.from_environment(),
    )
    # The model lives as long as the process: keep the collector from walking it on every pass.
    gc.collect()
    gc.freeze()
    return runtime
