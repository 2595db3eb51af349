"""AMAZON.Confirmation: Yes / No / Maybe / Don't know with synonyms and fillers."""

from __future__ import annotations

import pytest

from bot.nlu.builtins.confirmation import ConfirmationType
from bot.nlu.types import ParseContext


def _value(text: str, ctx: ParseContext) -> str | None:
    res = ConfirmationType().resolve(text, ctx)
    return None if res is None else res.interpreted_value


@pytest.mark.parametrize(
    "text",
    ["yes", "yeah", "yep", "ok", "sure", "of course", "absolutely", "I agree", "sounds good",
     "definitely", "affirmative", "YES!", "Yes please", "yeah sure", "that's right", "i think so"],
)  # fmt: skip
def test_confirmation_yes_synonyms(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == "Yes"


@pytest.mark.parametrize(
    "text",
    ["no", "nope", "nah", "naw", "negative", "no way", "forget it", "not really", "no thanks",
     "Nope, thank you.", "I don't think so"],
)  # fmt: skip
def test_confirmation_no_synonyms(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == "No"


@pytest.mark.parametrize(
    "text", ["maybe", "perhaps", "it's possible", "possibly", "I might", "sometimes", "well maybe"]
)
def test_confirmation_maybe_synonyms(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == "Maybe"


@pytest.mark.parametrize(
    "text",
    ["dunno", "don't know", "I don't know", "no idea", "not sure", "I'm not sure", "unknown",
     "who knows", "I don\u2019t know"],
)  # fmt: skip
def test_confirmation_dont_know_synonyms(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) == "Don't know"


@pytest.mark.parametrize("text", ["what time is it", "pizza", "yes no", "", "please"])
def test_confirmation_unrecognised_or_contradictory_is_none(text: str, ctx: ParseContext) -> None:
    assert _value(text, ctx) is None


def test_confirmation_find_in_sentence(ctx: ParseContext) -> None:
    text = "yes I'd like that, not sure about the rest"
    found = [
        (m.start, m.end, m.resolution.interpreted_value) for m in ConfirmationType().find(text, ctx)
    ]
    assert found == [(0, 3, "Yes"), (19, 27, "Don't know")]


def test_confirmation_find_skips_ambiguous_words_in_sentences(ctx: ParseContext) -> None:
    assert ConfirmationType().find("turn right at the lights", ctx) == []
