"""The held-out test utterances in tests/data/ fit the example bot and are not training data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.nlu.types import Domain
from bot.project import load_project

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def read(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


@pytest.fixture(scope="module")
def domain() -> Domain:
    return load_project(ROOT).domain()


@pytest.mark.parametrize("name", ["in_scope.jsonl", "oos.jsonl"])
def test_test_utterances_are_not_training_examples(name: str, domain: Domain) -> None:
    trained = {normalised(e.text) for e in domain.examples}
    rows = read(name)
    assert len(rows) >= 60
    assert not [r["text"] for r in rows if normalised(r["text"]) in trained]
    assert len({normalised(r["text"]) for r in rows}) == len(rows)


def test_oos_utterances_are_labelled_oos_without_entities() -> None:
    assert all(r["intent"] == "oos" and r["entities"] == [] for r in read("oos.jsonl"))


def test_in_scope_utterances_cover_every_intent_but_fallback(domain: Domain) -> None:
    # Intents with input contexts are recognised only inside a conversation (tests/dialog).
    contextual = {name for name, spec in domain.intents.items() if spec.input_contexts}
    intents = {r["intent"] for r in read("in_scope.jsonl")}
    assert intents == set(domain.intents) - {"FallbackIntent"} - contextual


def test_in_scope_entities_are_slots_with_correct_offsets(domain: Domain) -> None:
    for row in read("in_scope.jsonl"):
        for e in row["entities"]:
            assert row["text"][e["start"] : e["end"]] == e["value"]
            assert e["entity"] in domain.intents[row["intent"]].slots
