"""Fixtures for the session stores: every shared behaviour runs against each store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sessions import MemorySessionStore, SessionStore, SqliteSessionStore


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SessionStore]:
    opened: SessionStore = (
        MemorySessionStore()
        if request.param == "memory"
        else SqliteSessionStore(tmp_path / "sessions.sqlite")
    )
    yield opened
    opened.close()
