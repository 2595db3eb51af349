"""Language packages are optional extras: an English bot never loads them, a locale that needs a
missing one fails with the extra's name, and an optional locale is left out with a warning."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.nlu import languages
from bot.nlu.engine import NLUEngine
from bot.nlu.languages import LanguageUnavailable
from bot.nlu.types import Domain, Example, IntentSpec
from bot.project.loader import load_project

ROOT = Path(__file__).resolve().parents[2]


def _example_bot(dest: Path) -> Path:
    shutil.copy(ROOT / "bot.yaml", dest / "bot.yaml")
    for folder in ("intents", "training_data", "locales"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def test_an_english_bot_imports_no_language_package(tmp_path: Path) -> None:
    code = (
        "import sys; from bot.nlu.engine import NLUEngine; from bot.nlu.types import *\n"
        "d = Domain({'A': IntentSpec('A'), 'B': IntentSpec('B')}, {},"
        " tuple(Example(t, i) for t, i in [('hello there', 'A'), ('hi', 'A'),"
        " ('book a table', 'B'), ('reserve a table', 'B')]))\n"
        "e = NLUEngine.fit(d, workers=1); e.parse('book a table for tomorrow')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sudachipy', 'mecab_ko')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_locale_without_its_extra_fails_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(languages, "available", lambda locale: False)
    domain = Domain({"A": IntentSpec("A")}, {}, (Example("こんにちは", "A"),))
    with pytest.raises(LanguageUnavailable, match=r"pip install 'lexbot\[ja\]'"):
        NLUEngine.fit(domain, locale="ja_JP")


def test_the_example_bot_leaves_japanese_out_without_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.project import loader

    monkeypatch.setattr(loader, "available", lambda locale: not locale.startswith("ja"))
    project = load_project(_example_bot(tmp_path))
    assert project.config.locale_ids == ["en_US"]
    assert any("lexbot[ja]" in w.message for w in project.warnings)


def test_an_optional_locale_without_its_folder_is_left_out(tmp_path: Path) -> None:
    shutil.copy(ROOT / "bot.yaml", tmp_path / "bot.yaml")
    for folder in ("intents", "training_data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    project = load_project(tmp_path)
    assert project.config.locale_ids == ["en_US"]


def test_the_example_bot_has_japanese_when_the_extra_is_installed(tmp_path: Path) -> None:
    assert languages.available("ja_JP"), "the test extra installs lexbot[ja]"
    project = load_project(_example_bot(tmp_path))
    assert project.config.locale_ids == ["en_US", "ja_JP"]
