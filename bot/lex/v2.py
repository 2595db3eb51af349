"""The Lex V2 shapes that the runtime API (RecognizeText, GetSession, PutSession) and the V2
code-hook events and answers have in common: slots to and from Lex, the intent, the dialog action
(with `slotElicitationStyle`), active contexts, messages and image response cards with their
limits, and the session state as Lex writes it. Each is written here once; the runtime API and the
hooks add what is theirs alone (interpretations and their confidence, the states a Lambda sees,
the request and answer models and how strict they are) in their own modules.

This module only converts between these shapes and the neutral turn model. It never validates a
whole request or answer, never knows a bot project, HTTP or a Lambda, and never imports
`bot.api`, `bot.hooks` or `bot.dialog`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, Protocol

from pydantic import Field, model_validator

from bot.lex import common
from bot.lex.common import MAX_MESSAGE, LexModel, Text
from bot.nlu.types import Slot, SlotValue, slot_to_lex
from bot.turn import (
    ActiveContext,
    Button,
    ContentType,
    DialogAction,
    DialogActionType,
    ElicitationStyle,
    IntentState,
    Message,
    ResponseCard,
    SessionState,
)

# Image response card limits (Lex V2 `ImageResponseCard`).
MAX_CARD_TEXT = 250  # title, subtitle and imageUrl
MAX_BUTTONS = 5
MAX_BUTTON_TEXT = 50  # a button's text and value alike


# ---------------------------------------------------------------- slots


class SlotValueModel(LexModel):
    # null with candidates in resolvedValues: an ambiguous value; null with nothing: cleared.
    interpretedValue: Text | None = None
    originalValue: Text | None = None
    resolvedValues: list[Text] | None = None


class SlotModel(LexModel):
    shape: Literal["Scalar", "List", "Composite"] | None = None
    value: SlotValueModel | None = None
    values: list[SlotModel | None] | None = None
    subSlots: dict[str, SlotModel | None] | None = None


def slot_out(slot: Slot, *, scalar_shape: bool = False) -> dict[str, Any] | None:
    """A slot in Lex shape. With `scalar_shape`, a single value says `shape: "Scalar"` too, as
    Lambda events do; the runtime API leaves it out."""
    lex = slot_to_lex(slot)
    if scalar_shape and lex is not None and "shape" not in lex:
        lex = {"shape": "Scalar", **lex}
    return lex


def slots_out(
    slots: Mapping[str, Slot], *, scalar_shape: bool = False
) -> dict[str, dict[str, Any] | None]:
    return {name: slot_out(value, scalar_shape=scalar_shape) for name, value in slots.items()}


def slot_in(model: SlotModel | None) -> Slot:
    """A V2 slot as a neutral value: None (null, no value, or a value cleared with
    `interpretedValue: null`), one value, or a list for a List slot. A value with an original
    but no interpreted value is ambiguous and kept as such. Composite slots (`subSlots`) are read
    as one value, their sub-slots' text joined in order: the neutral slot has no sub-slots."""
    if model is None:
        return None
    if model.shape == "Composite" or (model.shape is None and model.subSlots):
        return _composite_in(model)
    if model.shape == "List" or (model.shape is None and model.values):
        items = [_value_in(v.value) if v is not None else None for v in model.values or []]
        values = [v for v in items if v is not None]
        if values:
            return values
        joined = _value_in(model.value)  # some producers send only the joined value
        return [joined] if joined is not None else None
    return _value_in(model.value)


def _value_in(value: SlotValueModel | None) -> SlotValue | None:
    if value is None:
        return None
    interpreted, original = value.interpretedValue, value.originalValue
    if original is None:
        original = interpreted
    if original is None:
        return None
    resolved = value.resolvedValues
    if resolved is None:
        resolved = [interpreted] if interpreted is not None else []
    return SlotValue(original, interpreted, list(resolved))


def _composite_in(model: SlotModel) -> SlotValue | None:
    """A composite slot as one value: its own `value` if it has one, else its sub-slots' text
    joined in the order sent."""
    whole = _value_in(model.value)
    if whole is not None:
        return whole
    parts: list[SlotValue] = []
    for sub in (model.subSlots or {}).values():
        found = slot_in(sub)
        parts.extend(found if isinstance(found, list) else [found] if found else [])
    if not parts:
        return None
    original = " ".join(p.original_value for p in parts)
    interpreted = " ".join(p.interpreted_value or p.original_value for p in parts)
    return SlotValue(original, interpreted, [interpreted])


# ---------------------------------------------------------------- intent and dialog action


def intent_out(
    intent: IntentState, *, state: str | None = None, scalar_shape: bool = False
) -> dict[str, Any]:
    """The intent as Lex writes it; `state` replaces the intent's own where a format shows
    another (a Lambda sees only four states)."""
    return {
        "name": intent.name,
        "slots": slots_out(intent.slots, scalar_shape=scalar_shape),
        "state": intent.state if state is None else state,
        "confirmationState": intent.confirmation_state,
    }


class DialogActionModel(LexModel):
    type: DialogActionType
    slotToElicit: str | None = None
    slotElicitationStyle: ElicitationStyle | None = None


def dialog_action_in(model: DialogActionModel) -> DialogAction:
    return DialogAction(model.type, model.slotToElicit, model.slotElicitationStyle)


def dialog_action_out(action: DialogAction) -> dict[str, Any]:
    """The dialog action as Lex writes it (in runtime answers and code-hook events alike)."""
    out: dict[str, Any] = {"type": action.type}
    if action.slot_to_elicit:
        out["slotToElicit"] = action.slot_to_elicit
    if action.elicitation_style:
        out["slotElicitationStyle"] = action.elicitation_style
    return out


# ---------------------------------------------------------------- active contexts


class SentContext(common.SentContext, Protocol):
    @property
    def contextAttributes(self) -> Mapping[str, str]: ...


def contexts_in(models: Iterable[SentContext]) -> list[ActiveContext]:
    return [common.context_in(c.name, c.timeToLive, c.contextAttributes) for c in models]


def context_out(context: ActiveContext) -> dict[str, Any]:
    return common.context_out(context, "contextAttributes")


# ---------------------------------------------------------------- messages and cards


class ButtonModel(LexModel):
    text: str = Field(min_length=1, max_length=MAX_BUTTON_TEXT)
    value: str = Field(min_length=1, max_length=MAX_BUTTON_TEXT)


class CardModel(LexModel):
    title: str = Field(min_length=1, max_length=MAX_CARD_TEXT)
    subtitle: str | None = Field(default=None, max_length=MAX_CARD_TEXT)
    imageUrl: str | None = Field(default=None, max_length=MAX_CARD_TEXT)
    buttons: list[ButtonModel] = Field(default_factory=list, max_length=MAX_BUTTONS)


class MessageModel(LexModel):
    """A Lex V2 message, the same in runtime requests and in code-hook answers."""

    contentType: ContentType
    content: str | None = Field(default=None, max_length=MAX_MESSAGE)
    imageResponseCard: CardModel | None = None

    @model_validator(mode="after")
    def _body(self) -> MessageModel:
        if self.contentType == "ImageResponseCard":
            if self.imageResponseCard is None:
                raise ValueError("an ImageResponseCard message needs imageResponseCard")
        elif not self.content:
            raise ValueError(f"a {self.contentType} message needs content")
        return self


def messages_in(models: list[MessageModel] | None) -> list[Message]:
    out = []
    for m in models or []:
        card = None
        if m.imageResponseCard is not None:
            c = m.imageResponseCard
            card = ResponseCard(
                c.title, c.subtitle, c.imageUrl, tuple(Button(b.text, b.value) for b in c.buttons)
            )
        out.append(Message(m.contentType, m.content, card))
    return out


def message_out(message: Message) -> dict[str, Any]:
    if message.card is not None:
        card: dict[str, Any] = {"title": message.card.title}
        if message.card.subtitle:
            card["subtitle"] = message.card.subtitle
        if message.card.image_url:
            card["imageUrl"] = message.card.image_url
        card["buttons"] = [{"text": b.text, "value": b.value} for b in message.card.buttons]
        return {"contentType": "ImageResponseCard", "imageResponseCard": card}
    return {"contentType": message.content_type, "content": message.content or ""}


# ---------------------------------------------------------------- session state


def session_state_out(
    state: SessionState,
    *,
    intent: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The session state as Lex writes it. `intent` is the intent as the caller's format shows it
    (default: as it is, slots without `shape: "Scalar"`); active contexts are left out when there
    are none."""
    out: dict[str, Any] = {"sessionAttributes": dict(state.session_attributes)}
    if state.dialog_action is not None:
        out["dialogAction"] = dialog_action_out(state.dialog_action)
    if state.intent is not None:
        out["intent"] = intent if intent is not None else intent_out(state.intent)
    if state.active_contexts:
        out["activeContexts"] = [context_out(c) for c in state.active_contexts]
    if state.originating_request_id:
        out["originatingRequestId"] = state.originating_request_id
    return out
