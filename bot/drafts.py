"""Live reload for authors: watch each bot's DRAFT files, retrain it when they change, and
publish what served processes load.

A training that succeeds is published: the bot files and their model copied whole under
`<project>/.serving/<n>/`, then the link `.serving/current` moved to it in one step. Processes
that serve with `--reload` load the DRAFT from `current` and take up a new one when the link
moves (`bot.workspace`), so `bot serve --reload` trains in one place — the process itself, or
the supervisor of `--workers` — and a worker that starts (or restarts) mid-edit still finds a
DRAFT whose files and model belong together. A training that fails publishes nothing and logs
the problems as `bot check` lists them. Files are polled (size and mtime), never watched
through the OS.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from bot.errors import BotError
from bot.project.aliases import BOT_FILE
from bot.training import is_current, train_project
from bot.versions import copy_bot

log = logging.getLogger("bot.workspace")
SERVING_DIR = ".serving"
KEEP_PUBLISHED = 3  # a process may still be loading the one before the current one
PUBLISH_ATTEMPTS = 20

POLL_SECONDS = 1.0
DRAFT_FOLDERS = ("intents", "training_data", "locales")
Stamp = tuple[tuple[str, int, int], ...]


def file_stamp(path: Path) -> tuple[int, int]:
    """A file's mtime and size; (0, 0) when it is missing."""
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def _stamp(files: list[Path]) -> Stamp:
    return tuple((str(p), *file_stamp(p)) for p in sorted(files))


def draft_stamp(root: Path) -> Stamp:
    """The DRAFT's bot files as they are now."""
    files = [root / BOT_FILE]
    for name in DRAFT_FOLDERS:
        files += [p for p in (root / name).rglob("*") if p.is_file()]
    return _stamp(files)


def publish(root: Path) -> Path | None:
    """Copy the DRAFT's bot files and models under `.serving/` and point `current` at them;
    None (nothing published) when the files were edited after the model was trained."""
    folder = Path(root) / SERVING_DIR
    folder.mkdir(exist_ok=True)
    # Named by process and thread: two servers reloading one project never share a staging.
    staging = folder / f".{os.getpid()}.{threading.get_ident()}.partial"
    copy_bot(root, staging)
    if not is_current(staging):  # edited while copied: the next training publishes
        shutil.rmtree(staging, ignore_errors=True)
        return None
    made = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]
    number = max(made, default=0) + 1
    for attempt in range(PUBLISH_ATTEMPTS):
        try:
            staging.rename(folder / str(number))  # refused when another publisher took it
            break
        except OSError:
            if attempt == PUBLISH_ATTEMPTS - 1:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            made.append(number)
            number += 1
    link = folder / f".current.{os.getpid()}.{threading.get_ident()}"
    link.unlink(missing_ok=True)
    link.symlink_to(str(number))
    os.replace(link, folder / "current")  # readers see the old DRAFT or the new, never neither
    for old in sorted(made)[: max(0, len(made) + 1 - KEEP_PUBLISHED)]:
        shutil.rmtree(folder / str(old), ignore_errors=True)
    return folder / str(number)


def _models(root: Path) -> list[bytes]:
    """Each locale's model manifest (it names the model's fingerprint)."""
    return [p.read_bytes() for p in sorted((Path(root) / "models").rglob("manifest.json"))]


def published(root: Path) -> str | None:
    """Which publication `current` names now (None before the first)."""
    try:
        return os.readlink(Path(root) / SERVING_DIR / "current")
    except OSError:
        return None


def published_root(root: Path) -> Path:
    """Where the published DRAFT's files are; the project itself before the first."""
    name = published(root)
    return Path(root) if name is None else Path(root) / SERVING_DIR / name


class Poller:
    """Calls `action` every `interval` seconds on a daemon thread, from `start` until `stop`."""

    def __init__(self, name: str, action: Callable[[], None]) -> None:
        self._name = name
        self._action = action
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, interval: float = POLL_SECONDS) -> None:
        if self._thread is not None:
            return

        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    self._action()
                except Exception:  # a folder gone mid-walk (a git checkout): look again later
                    log.exception(
                        "%s: this look failed; the next one comes in %s s", self._name, interval
                    )

        self._thread = threading.Thread(target=loop, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 60) -> None:
        """Stop polling; waits for a call in progress at most `timeout` seconds."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
            self._thread = None


class DraftTrainer:
    """Retrains a bot's DRAFT whenever its files changed since the last look."""

    def __init__(self, roots: list[Path]) -> None:
        self._seen = {Path(r): draft_stamp(Path(r)) for r in roots}
        self._poller = Poller("bot-draft-trainer", self.check)
        for root in self._seen:
            publish(root)  # what the files hold now: trained before the trainer starts

    def check(self) -> None:
        """Train every DRAFT whose files changed (tests call this; `watch` polls it)."""
        for root, seen in self._seen.items():
            stamp = draft_stamp(root)
            if stamp == seen:
                continue
            self._seen[root] = stamp
            try:
                _, trained = train_project(root)
                if trained or _models(root) != _models(published_root(root)):
                    publish(root)  # also a model trained meanwhile by `bot train`
            except BotError as exc:
                log.error("bot %s: the DRAFT keeps its old model: %s", root.name, exc)
                continue
            except Exception:  # the watch goes on; serving is never stopped
                log.exception("bot %s: training the DRAFT failed", root.name)
                continue
            log.info("bot %s: DRAFT %s", root.name, "retrained" if trained else "checked")

    def watch(self, interval: float = POLL_SECONDS) -> None:
        """Poll on a daemon thread every `interval` seconds, until `close`."""
        self._poller.start(interval)

    def close(self) -> None:
        self._poller.stop()
