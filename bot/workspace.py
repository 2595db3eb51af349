"""The bots one server runs, built from their folders and kept current while it serves: every
alias answers from the version bot.yaml names, and when bot.yaml changes (`bot alias set`) the
changed aliases are rebuilt and swapped into the fleet's tables; with `reload`, a change of the
DRAFT's bot files retrains it in the background (`bot.drafts`), and with `reload` or `follow` a
DRAFT model newly trained on disk is loaded and swapped in (the `--workers` of `--reload`
follow what their supervisor trains).

Files are polled (their size and mtime, about every second) on one daemon thread per process, so
each worker watches on its own and no request ever touches the file system. A version that does
not exist or cannot be loaded is refused with the reason in the log, and its alias keeps the
version it had. This module never changes a bot's files.
"""

from __future__ import annotations

import gc
import logging
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from bot.app import default_store_url, runtime_for
from bot.drafts import POLL_SECONDS, DraftTrainer, Poller, file_stamp, published, published_root
from bot.errors import BotError, ConfigurationError
from bot.fleet import AliasRoute, BotRoutes, Fleet
from bot.nlu.understanding import Understanding
from bot.project.aliases import BOT_FILE, routing
from bot.project.bot_config import DRAFT, AliasSetting
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.sessions import open_store
from bot.sessions.base import SessionStore
from bot.training import load_models, train_project
from bot.versions import version_root

log = logging.getLogger("bot.workspace")

Models = Mapping[str, tuple[BotProject, Understanding]]


def find_projects(workspace: Path) -> list[Path]:
    """Every bot folder directly under `workspace` (one with a bot.yaml), by name."""
    folder = Path(workspace)
    if not folder.is_dir():
        raise ConfigurationError(f"workspace {folder} is not a folder")
    found = sorted(p for p in folder.iterdir() if (p / BOT_FILE).is_file())
    if not found:
        raise ConfigurationError(f"no bot under {folder}: each bot is a folder with a {BOT_FILE}")
    return found


class _Bot:
    """One bot folder: its fleet entry and what its routes were built from."""

    def __init__(self, root: Path, models: Models, draft: BotRuntime) -> None:
        self.root = root
        self.draft_models = models
        ident = draft.identity
        self.routes = BotRoutes(ident.name, ident.bot_id, draft)
        self.settings: dict[str, AliasSetting] = {}
        self.versions: dict[str, Models] = {}  # numbered versions loaded so far
        self.runtimes: dict[tuple[str, str], BotRuntime] = {}  # (version, hooks) -> runtime
        self.stamp = file_stamp(root / BOT_FILE)
        self.published = published(root)  # the DRAFT publication loaded, when following


class Workspace:
    def __init__(
        self,
        roots: list[Path],
        store: SessionStore,
        *,
        reload: bool = False,
        follow: bool = False,
        code_hooks: bool = True,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        """Load every bot's DRAFT models and the versions its aliases name (trained already:
        nothing is trained here); a version that cannot be served stops the start."""
        self.store = store
        # With reload the DRAFT is trained and published here; with follow, elsewhere.
        self._trainer = DraftTrainer(roots) if reload else None
        self._follow = reload or follow
        self._code_hooks = code_hooks
        self._clock = clock
        self._rng = rng
        self._bots: list[_Bot] = []
        for root in roots:
            models = load_models(published_root(root) if self._follow else root)
            bot = _Bot(Path(root), models, self._runtime(Path(root), models, None))
            config = next(iter(models.values()))[0].config
            settings = config.alias_settings
            bot.routes.swap([self._route(bot, name, s) for name, s in settings.items()])
            bot.routes.channel_alias = config.channels.alias
            bot.settings = settings
            self._bots.append(bot)
        names = [b.routes.name for b in self._bots]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ConfigurationError(f"two bots are named {twice[0]}: a bot's name must be unique")
        self.fleet = Fleet([b.routes for b in self._bots])
        self._poller = Poller("bot-workspace-watch", self.refresh)

    # ------------------------------------------------------------ building

    def _runtime(
        self, root: Path, models: Models, alias: AliasSetting | None, version: str = DRAFT
    ) -> BotRuntime:
        return runtime_for(
            models,
            self.store,
            clock=self._clock,
            rng=self._rng,
            code_hooks=self._code_hooks,
            alias=alias,
            search_path=root,
            version=version,
        )

    def _route(self, bot: _Bot, name: str, setting: AliasSetting) -> AliasRoute:
        """The route of one alias; a version that cannot be served raises `BotError`."""
        version = setting.botVersion
        hooks = setting.model_dump_json(include={"codeHook", "locales"})
        runtime = bot.runtimes.get((version, hooks))
        if runtime is None:
            if version == DRAFT:
                models = bot.draft_models
            elif version not in bot.versions:
                models = bot.versions[version] = load_models(
                    version_root(bot.root, version), frozen=True
                )
            else:
                models = bot.versions[version]
            own = setting.codeHook is not None or bool(setting.locales)
            if version == DRAFT and not own:
                runtime = bot.routes.draft
            else:
                runtime = self._runtime(bot.root, models, setting if own else None, version)
            bot.runtimes[(version, hooks)] = runtime
        return AliasRoute(setting.botAliasId or name, name, version, runtime)

    # ------------------------------------------------------------ keeping current

    def refresh(self) -> None:
        """Take up what changed in the bots' files since the last look (the watch thread calls
        this; tests may call it directly)."""
        if self._trainer is not None:
            self._trainer.check()
        for bot in self._bots:
            try:
                if self._follow:
                    self._follow_draft(bot)
                self._move_aliases(bot)
            except Exception:  # the watch goes on; serving is never stopped
                log.exception("bot %s: could not take up its changed files", bot.routes.name)

    def _move_aliases(self, bot: _Bot, force: bool = False) -> None:
        stamp = file_stamp(bot.root / BOT_FILE)
        if stamp == bot.stamp and not force:
            return
        bot.stamp = stamp
        try:
            config = routing(bot.root)
        except (OSError, ValueError) as exc:
            log.error("bot %s: bot.yaml not taken up, aliases unchanged: %s", bot.routes.name, exc)
            return
        old = {r.name: r for r in bot.routes.listed()}
        routes = []
        for name, setting in config.alias_settings.items():
            if name in old and bot.settings.get(name) == setting and not force:
                routes.append(old[name])
                continue
            try:
                routes.append(self._route(bot, name, setting))
            except BotError as exc:
                log.error(
                    "bot %s: alias %s refused version %s, it keeps %s: %s",
                    bot.routes.name,
                    name,
                    setting.botVersion,
                    old[name].version if name in old else "no version (not served)",
                    exc,
                )
                if name in old:
                    routes.append(old[name])
                continue
            bot.settings[name] = setting
        bot.routes.swap(routes)
        channel_alias = config.channels.alias
        if channel_alias is None or channel_alias in bot.routes.aliases:
            bot.routes.channel_alias = channel_alias
        else:
            log.error(
                "bot %s: channels stay on %s: alias %s is not served",
                bot.routes.name,
                bot.routes.channel_alias or DRAFT,
                channel_alias,
            )
        # Versions no alias uses any more are let go (their models are freed with them).
        used = {(r.version) for r in routes}
        bot.versions = {v: m for v, m in bot.versions.items() if v in used}
        kept = {id(r.runtime) for r in routes} | {id(bot.routes.draft)}
        bot.runtimes = {k: r for k, r in bot.runtimes.items() if id(r) in kept}
        for route in routes:
            log.info("bot %s: alias %s on version %s", bot.routes.name, route.name, route.version)

    def _follow_draft(self, bot: _Bot) -> None:
        """Swap in the DRAFT published since the last look (`bot.drafts`); one that cannot be
        loaded is tried again at the next look, the old DRAFT serving meanwhile."""
        now = published(bot.root)
        if now is None or now == bot.published:
            return
        try:
            models = load_models(published_root(bot.root))
        except BotError as exc:
            log.warning("bot %s: the DRAFT keeps its old model for now: %s", bot.routes.name, exc)
            return
        bot.published = now
        bot.draft_models = models
        bot.routes.draft = self._runtime(bot.root, models, None)
        bot.runtimes = {k: r for k, r in bot.runtimes.items() if k[0] != DRAFT}
        self._move_aliases(bot, force=True)
        log.info("bot %s: the DRAFT's new model swapped in", bot.routes.name)

    def watch(self, interval: float = POLL_SECONDS) -> None:
        """Poll the bots' files every `interval` seconds on a daemon thread, until `close`."""
        self._poller.start(interval)

    def close(self) -> None:
        self._poller.stop(timeout=30)


def open_workspace(
    roots: list[Path],
    *,
    store_url: str | None = None,
    train: bool = True,
    reload: bool = False,
    follow: bool = False,
    code_hooks: bool = True,
    progress: Callable[[str], None] | None = None,
    default_root: Path | None = None,
) -> Workspace:
    """Train each bot's DRAFT if stale (unless `train=False`), open the store every bot shares
    (by default `<default_root or first bot>/sessions.sqlite`) and load the workspace."""
    for root in roots:
        if train:
            if progress is not None and len(roots) > 1:
                progress(f"training {Path(root).name}")
            train_project(root, progress=progress)
    url = store_url or default_store_url(default_root or roots[0])
    workspace = Workspace(
        [Path(r) for r in roots],
        open_store(url),
        reload=reload,
        follow=follow,
        code_hooks=code_hooks,
    )
    # The models live as long as the process: keep the collector from walking them on every pass.
    gc.collect()
    gc.freeze()
    return workspace
