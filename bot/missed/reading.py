"""Reading a project's missed utterances from its session store, as `bot missed` does."""

from __future__ import annotations

from pathlib import Path

from bot.missed.groups import MissedGroup, group_missed
from bot.missed.recording import MissedRecorder
from bot.project.loader import load_project
from bot.runtime import bot_id_for
from bot.sessions import open_store
from bot.settings import MissedSettings


def project_missed(root: Path, store_url: str, *, since: float, now: float) -> list[MissedGroup]:
    """The project's missed utterances since `since` in the store at `store_url`, grouped."""
    name = load_project(root).config.name
    store = open_store(store_url)
    try:
        recorder = MissedRecorder(store, name, MissedSettings.from_environment())
        return group_missed(recorder.entries(bot_id_for(name), since=since, now=now))
    finally:
        store.close()
