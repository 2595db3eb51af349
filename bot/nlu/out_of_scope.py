"""Built-in out-of-scope examples: every bot learns FallbackIntent from a shipped list of generic
unrelated requests (trivia, chit-chat, smart-home, shopping …) besides its own `oos` examples,
so unrelated input falls back out of the box, as it does in Lex.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from bot.nlu.tokens import normalized_key
from bot.nlu.types import FALLBACK_INTENT, Example


@cache
def _shipped() -> tuple[str, ...]:
    text = resources.files("bot.nlu").joinpath("data/out_of_scope.txt").read_text("utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def fallback_examples(examples: Sequence[Example]) -> list[Example]:
    """The shipped examples, minus any the bot itself uses for an intent of its own."""
    taken = {normalized_key(e.text) for e in examples if e.intent != FALLBACK_INTENT}
    return [Example(t, FALLBACK_INTENT) for t in _shipped() if normalized_key(t) not in taken]
