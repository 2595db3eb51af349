"""Spelled answers (slotElicitationStyle SpellByLetter / SpellByWord)."""

from __future__ import annotations

import pytest

from bot.nlu.spelling import spelled


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("x i u l a n", "SpellByLetter", "xiulan"),
        ("s as in sugar, w as in water", "SpellByWord", "sw"),
        ("a for apple and b like boy", "SpellByWord", "ab"),
        ("b as in boy o b", "SpellByWord", "bob"),
        ("j o 1 2", "SpellByLetter", "jo12"),
        ("S W", "SpellByLetter", "sw"),
    ],
)
def test_spelled_answers_are_joined(text: str, style: str, expected: str) -> None:
    assert spelled(text, style) == expected


def test_default_style_keeps_the_text() -> None:
    assert spelled("x i u", "Default") == "x i u"
    assert spelled("x i u", None) == "x i u"


def test_text_that_spells_nothing_is_kept() -> None:
    assert spelled("my name is Maria", "SpellByLetter") == "my name is Maria"
