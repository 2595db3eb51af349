"""The Lex V1 shapes that the V1 runtime API (PostText, GetSession, PutSession) and the V1
code-hook events and answers have in common: intents by their V1 names, slots as plain strings
with their `slotDetails`, generic-attachment response cards with their limits, and active contexts
with `parameters`. Each is written here once; what only one side has (the PostText composite
message and dialog state, the hook answer models and their rules) stays in its own module.

This module only converts between these shapes and the neutral turn model. It never validates a
whole request or answer, never imports a bot project (it asks only for the two things a V1 name
needs), HTTP or a Lambda, and never imports `bot.api`, `bot.hooks` or `bot.dialog`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, Protocol

from pydantic import Field

from bot.lex import common
from bot.lex.common import LexModel
from bot.nlu.types import Slot, SlotValue
from bot.turn import ActiveContext, Button, Message, ResponseCard

# Generic attachment (response card) limits.
MAX_ATTACHMENTS = 10
MAX_CARD_TEXT = 80  # title and subTitle
MAX_URL = 2048  # imageUrl and attachmentLinkUrl
MAX_BUTTONS = 5
MAX_BUTTON_TEXT = 15
MAX_BUTTON_VALUE = 1000
CARD_CONTENT_TYPE = "application/vnd.amazonaws.card.generic"
MAX_RESOLUTIONS = 5  # candidates listed in a slot's `slotDetails`


# ---------------------------------------------------------------- intent names


class IntentNames(Protocol):
    """What a V1 intent name needs of a bot: its intents and their V1 names."""

    @property
    def intents(self) -> Mapping[str, object]: ...

    def v1_intent_name(self, name: str) -> str: ...


def intent_name(names: IntentNames, name: str) -> str:
    """Built-ins by their signature (`AMAZON.FallbackIntent`), others by their own name."""
    return names.v1_intent_name(name) if name in names.intents else name


# ---------------------------------------------------------------- slots


def slot_text(slot: Slot, *, ambiguous_as_said: bool = False) -> str | None:
    """A V1 slot is one string: the interpreted value, a list's values joined with ", " (V1 has
    no multi-valued slots), or null. A value with no interpreted value (ambiguous) is null, its
    candidates going in `slotDetails`, or with `ambiguous_as_said` the words the user said (the
    runtime API, which has no `slotDetails`)."""
    if slot is None:
        return None
    if isinstance(slot, list):
        return ", ".join(v.interpreted_value or v.original_value for v in slot) or None
    if slot.interpreted_value is None and ambiguous_as_said:
        return slot.original_value
    return slot.interpreted_value


def slots_out(
    slots: Mapping[str, Slot], *, ambiguous_as_said: bool = False
) -> dict[str, str | None]:
    return {
        name: slot_text(value, ambiguous_as_said=ambiguous_as_said) for name, value in slots.items()
    }


def slot_details(slot: Slot) -> dict[str, Any] | None:
    """A slot's `slotDetails` entry: its resolutions (the candidates of an ambiguous value) and
    the words said; null for an empty slot."""
    if slot is None or slot == []:
        return None
    text = slot_text(slot)
    values = slot if isinstance(slot, list) else [slot]
    resolved = [r for v in values for r in v.resolved_values] or ([text] if text else [])
    return {
        "resolutions": [{"value": r} for r in resolved[:MAX_RESOLUTIONS]],
        "originalValue": " ".join(v.original_value for v in values),
    }


def slot_in(text: str | None) -> Slot:
    """A V1 slot string as a neutral value: the text is what was said and what it means."""
    return SlotValue(text, text, [text]) if text is not None else None


# ---------------------------------------------------------------- response cards


class ButtonModel(LexModel):
    text: str = Field(min_length=1, max_length=MAX_BUTTON_TEXT)
    value: str = Field(min_length=1, max_length=MAX_BUTTON_VALUE)


class AttachmentModel(LexModel):
    title: str = Field(min_length=1, max_length=MAX_CARD_TEXT)
    subTitle: str | None = Field(default=None, max_length=MAX_CARD_TEXT)
    imageUrl: str | None = Field(default=None, max_length=MAX_URL)
    attachmentLinkUrl: str | None = Field(default=None, max_length=MAX_URL)
    buttons: list[ButtonModel] = Field(default_factory=list, max_length=MAX_BUTTONS)


class ResponseCardModel(LexModel):
    version: int | str | None = None
    contentType: Literal["application/vnd.amazonaws.card.generic"]
    genericAttachments: list[AttachmentModel] = Field(min_length=1, max_length=MAX_ATTACHMENTS)


def cards_in(model: ResponseCardModel) -> list[Message]:
    """Each generic attachment as one image-response-card message."""
    out = []
    for card in model.genericAttachments:
        buttons = tuple(Button(b.text, b.value) for b in card.buttons)
        out.append(
            Message(
                "ImageResponseCard",
                None,
                ResponseCard(card.title, card.subTitle, card.imageUrl, buttons),
            )
        )
    return out


def response_card_out(messages: list[Message]) -> dict[str, Any] | None:
    """The cards among `messages` as one V1 response card, cut to V1's limits (V2 cards allow
    longer titles and button texts); None when there are none."""
    cards = [m.card for m in messages if m.card is not None]
    if not cards:
        return None
    attachments = []
    for card in cards[:MAX_ATTACHMENTS]:
        attachment: dict[str, Any] = {"title": card.title[:MAX_CARD_TEXT]}
        if card.subtitle:
            attachment["subTitle"] = card.subtitle[:MAX_CARD_TEXT]
        if card.image_url:
            attachment["imageUrl"] = card.image_url
        attachment["buttons"] = [
            {"text": b.text[:MAX_BUTTON_TEXT], "value": b.value} for b in card.buttons[:MAX_BUTTONS]
        ]
        attachments.append(attachment)
    return {"version": "1", "contentType": CARD_CONTENT_TYPE, "genericAttachments": attachments}


# ---------------------------------------------------------------- active contexts


class SentContext(common.SentContext, Protocol):
    @property
    def parameters(self) -> Mapping[str, str]: ...


def contexts_in(models: Iterable[SentContext]) -> list[ActiveContext]:
    return [common.context_in(c.name, c.timeToLive, c.parameters) for c in models]


def context_out(context: ActiveContext) -> dict[str, Any]:
    return common.context_out(context, "parameters")


def contexts_out(contexts: Iterable[ActiveContext]) -> list[dict[str, Any]]:
    return [context_out(c) for c in contexts]
