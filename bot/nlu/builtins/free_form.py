"""AMAZON.FreeFormInput: whatever the user said, taken whole.

Lex only fills a FreeFormInput slot as the answer to its elicitation prompt, so `resolve` returns
the stripped text and `find` never picks anything out of a sentence.
"""

from __future__ import annotations

from bot.nlu.builtins._common import single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext


class FreeFormInputType:
    name = "AMAZON.FreeFormInput"
    samples = (
        "I'd like to leave some feedback about my last order",
        "the package arrived damaged",
        "please call me back after 5pm",
        "nothing else, thanks",
        "the blue one on the left",
        "can you add a note that the doorbell is broken",
        "it was great, thank you!",
        "I need help with my account",
        "leave it at the front door",
        "no special requests",
    )

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = text.strip()
        return single(text) if text else None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        return []
