"""The seam between the dialog engine and assisted slot resolution (Lex's `EnhancedFallback`).

When the NLU cannot read the answer to a slot prompt, the engine may hand a neutral
`SlotQuestion` to a `SlotAssistant` and get back the value the assistant reads in the answer, as
text; the engine then resolves that text with the slot type's own resolver, so an assistant can
never fill a slot with a value its type does not allow. Which model is asked, how, and over which
wire is the job of an implementation outside `bot/dialog` (`bot.assist`): nothing here knows
Amazon Bedrock or imports an AWS SDK.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.errors import BotError
from bot.nlu.types import SlotTypeValue


@dataclass(frozen=True, slots=True)
class SlotQuestion:
    """What the assistant needs to read one answer: the slot, its type (a built-in's V2 name or
    a custom type's name), what the bot said and what the user answered. `values` lists a custom
    type's values with their synonyms (empty for built-ins and regex types); `today` is the
    user's date (ISO), for answers such as "the 1st of next month"."""

    locale: str
    intent: str
    slot: str
    slot_type: str
    prompt: str
    answer: str
    today: str
    values: tuple[SlotTypeValue, ...] = ()
    multi_valued: bool = False


class SlotAssistFailed(BotError):
    """The assistant could not be asked or did not answer in time (the attempt just fails)."""


class SlotAssistant(Protocol):
    def resolve(self, question: SlotQuestion) -> str | None:
        """The slot value read in `question.answer`, as text, or None when there is none.
        Raises `SlotAssistFailed` when the assistant cannot be reached or fails."""
        ...
