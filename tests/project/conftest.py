"""Helpers for writing small bot projects into a temporary directory."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import BotDefinitionError, Problem
from bot.project import load_project

MINIMAL_BOT = "name: TestBot\n"

BOOK_INTENT = """\
name: BookRoom
sampleUtterances:
  - book a room
  - book a room in {City}
slots:
  - name: City
    slotTypeName: CityName
    valueElicitationSetting:
      slotConstraint: Required
      promptSpecification: Which city?
"""

CITY_TYPE = """\
name: CityName
slotTypeValues:
  - sampleValue: {value: London}
    synonyms: [{value: LDN}]
  - sampleValue: {value: Paris}
"""

ProjectWriter = Callable[..., Path]


@pytest.fixture
def write_project(tmp_path: Path) -> ProjectWriter:
    """Write a project: the minimal valid bot plus `files` (relative path -> YAML text)."""

    def write(files: dict[str, str] | None = None, *, minimal: bool = True) -> Path:
        base: dict[str, str] = {}
        if minimal:
            base = {
                "bot.yaml": MINIMAL_BOT,
                "intents/BookRoom.yaml": BOOK_INTENT,
                "training_data/slot_types/CityName.yaml": CITY_TYPE,
            }
        for rel, text in (base | (files or {})).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write


def problems_of(root: Path) -> list[Problem]:
    """The problems load_project reports for `root` (fails if it loads)."""
    with pytest.raises(BotDefinitionError) as info:
        load_project(root)
    return info.value.problems


def only_problem(root: Path) -> Problem:
    problems = problems_of(root)
    assert len(problems) == 1, problems
    return problems[0]
