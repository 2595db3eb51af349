"""Choosing a store from a URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sessions import MemorySessionStore, SqliteSessionStore, open_store


def test_open_store_memory_url_gives_a_memory_store() -> None:
    store = open_store("memory://")
    assert isinstance(store, MemorySessionStore)
    store.close()


def test_open_store_sqlite_url_with_an_absolute_path(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    store = open_store(f"sqlite:///{path}")  # four slashes: sqlite:////tmp/...
    assert isinstance(store, SqliteSessionStore) and store.path == path
    store.close()
    assert path.exists()


def test_open_store_sqlite_url_with_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = open_store("sqlite:///data/sessions.sqlite")
    store.close()
    assert (tmp_path / "data" / "sessions.sqlite").exists()


@pytest.mark.parametrize("url", ["mongodb://localhost:27017/0", "sqlite://sessions.sqlite", ""])
def test_open_store_rejects_an_unknown_url_naming_the_accepted_forms(url: str) -> None:
    with pytest.raises(ValueError, match="memory://.*sqlite:///"):
        open_store(url)


def test_open_store_rejects_a_sqlite_url_without_a_path() -> None:
    with pytest.raises(ValueError, match="no file path"):
        open_store("sqlite:///")
