"""What the dialog needs of an NLU: the intents and slot types it knows, a resolver for slot
values, a parse of one input, and whether it can answer now. Our `NLUEngine` is one; a bot may
use a Rasa server instead (`bot.rasa.engine`). Nothing here may know of a particular engine.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Protocol

from bot.nlu.resolution import SlotResolver
from bot.nlu.types import IntentSpec, ParseContext, ParseResult

if TYPE_CHECKING:
    from bot.nlu.engine import ElicitedSlot


class Understanding(Protocol):
    intents: dict[str, IntentSpec]
    resolver: SlotResolver
    locale: str
    calls_out: bool  # parsing may wait on another service (servers then parse off-loop)

    def parse(
        self,
        text: str,
        ctx: ParseContext | None = None,
        *,
        elicited: ElicitedSlot | None = None,
        active_contexts: Collection[str] = (),
        threshold: float = ...,
    ) -> ParseResult: ...

    def problem(self) -> str | None:
        """Why parsing cannot work now (safe to show), or None when it can."""
        ...
