"""Live reload for authors: watch each bot's DRAFT files and retrain it when they change.

The trainer only writes models (atomically, as `bot train` does); the processes that serve take
a new model up when they see it on disk (`bot.workspace`). So `bot serve --reload` trains in one
place — the process itself, or the supervisor of `--workers` — and every worker follows. A
training that fails leaves the old model where it is and logs the problems as `bot check` lists
them. Files are polled (size and mtime), never watched through the OS.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from bot.errors import BotError
from bot.project.aliases import BOT_FILE
from bot.training import train_project

log = logging.getLogger("bot.workspace")

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


def model_stamp(root: Path) -> Stamp:
    """The DRAFT's trained models as they are now (each locale's manifest is written last)."""
    return _stamp(list((root / "models").rglob("manifest.json")))


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
                self._action()

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

    def check(self) -> None:
        """Train every DRAFT whose files changed (tests call this; `watch` polls it)."""
        for root, seen in self._seen.items():
            stamp = draft_stamp(root)
            if stamp == seen:
                continue
            self._seen[root] = stamp
            try:
                _, trained = train_project(root)
            except BotError as exc:
                log.error("bot %s: the DRAFT keeps its old model: %s", root.name, exc)
                continue
            except Exception:  # the watch goes on; serving is never stopped
                log.exception("bot %s: training the DRAFT failed", root.name)
                continue
            if trained:
                log.info("bot %s: DRAFT retrained", root.name)

    def watch(self, interval: float = POLL_SECONDS) -> None:
        """Poll on a daemon thread every `interval` seconds, until `close`."""
        self._poller.start(interval)

    def close(self) -> None:
        self._poller.stop()
