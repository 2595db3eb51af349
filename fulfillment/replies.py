"""Version-neutral replies: one call answers a V2 event with the V2 builders and a V1 event
with the V1 ones, so a handler written once runs behind a Lex V2 bot and a Lex V1 bot.

Texts are plain strings (V1 carries one message, so several texts are joined with a space);
a `Card` becomes a V2 `ImageResponseCard` or a V1 generic attachment — mind the stricter V1
limits (button text ≤ 15 characters). Slot updates are plain strings (None clears a slot).
For anything finer, use `lexv2` and `lexv1` directly. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias

from fulfillment import lexv1, lexv2
from fulfillment.events import LexEvent, LexV1Event

__all__ = ["Card", "close", "confirm_intent", "delegate", "elicit_intent", "elicit_slot"]

Text: TypeAlias = "str | Sequence[str] | None"


class Card(NamedTuple):
    """A card with a title, an optional subtitle and image, and (text, value) buttons."""

    title: str
    subtitle: str | None = None
    image_url: str | None = None
    buttons: tuple[tuple[str, str], ...] = ()


def close(
    event: LexEvent,
    text: Text = None,
    *,
    card: Card | None = None,
    state: str = "Fulfilled",
    session_attributes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """End the intent as Fulfilled (or Failed)."""
    if isinstance(event, LexV1Event):
        attributes = _v1_attributes(event, session_attributes)
        return lexv1.close(attributes, state, _v1_text(text), _v1_card(card))
    messages = _v2_messages(text, card)
    return lexv2.close(event, state, messages, session_attributes=session_attributes)


def elicit_slot(
    event: LexEvent,
    slot: str,
    text: Text = None,
    *,
    card: Card | None = None,
    slots: Mapping[str, str | None] | None = None,
    session_attributes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Ask for `slot` next, after applying the `slots` updates."""
    if isinstance(event, LexV1Event):
        attributes = _v1_attributes(event, session_attributes)
        name = event.intent_name or ""
        message, response_card = _v1_text(text), _v1_card(card)
        return lexv1.elicit_slot(
            attributes, name, _v1_slots(event, slots), slot, message, response_card
        )
    messages = _v2_messages(text, card)
    return lexv2.elicit_slot(
        event, slot, messages, slots=slots, session_attributes=session_attributes
    )


def confirm_intent(
    event: LexEvent,
    text: Text,
    *,
    card: Card | None = None,
    slots: Mapping[str, str | None] | None = None,
    session_attributes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Ask the user to confirm (the text is required, as Lex V2 requires it)."""
    if isinstance(event, LexV1Event):
        attributes = _v1_attributes(event, session_attributes)
        name = event.intent_name or ""
        message, response_card = _v1_text(text), _v1_card(card)
        return lexv1.confirm_intent(
            attributes, name, _v1_slots(event, slots), message, response_card
        )
    messages = _v2_messages(text, card)
    return lexv2.confirm_intent(event, messages, slots=slots, session_attributes=session_attributes)


def delegate(
    event: LexEvent,
    *,
    slots: Mapping[str, str | None] | None = None,
    session_attributes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Let Lex carry on with its own flow."""
    if isinstance(event, LexV1Event):
        attributes = _v1_attributes(event, session_attributes)
        return lexv1.delegate(attributes, _v1_slots(event, slots))
    return lexv2.delegate(event, slots=slots, session_attributes=session_attributes)


def elicit_intent(
    event: LexEvent,
    text: Text,
    *,
    card: Card | None = None,
    session_attributes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Drop the current intent and ask what the user wants next."""
    if isinstance(event, LexV1Event):
        attributes = _v1_attributes(event, session_attributes)
        return lexv1.elicit_intent(attributes, _v1_text(text), _v1_card(card))
    messages = _v2_messages(text, card)
    return lexv2.elicit_intent(event, messages, session_attributes=session_attributes)


def _texts(text: Text) -> list[str]:
    if text is None:
        return []
    return [text] if isinstance(text, str) else list(text)


def _v2_messages(text: Text, card: Card | None) -> list[dict[str, Any]]:
    messages = [lexv2.plain_text(t) for t in _texts(text)]
    if card is not None:
        messages.append(
            lexv2.image_response_card(card.title, card.subtitle, card.image_url, card.buttons)
        )
    return messages


def _v1_text(text: Text) -> str | None:
    return " ".join(_texts(text)) or None


def _v1_card(card: Card | None) -> dict[str, Any] | None:
    if card is None:
        return None
    attachment = lexv1.generic_attachment(
        card.title, card.subtitle, card.image_url, buttons=card.buttons
    )
    return lexv1.response_card(attachment)


def _v1_attributes(
    event: LexV1Event, session_attributes: Mapping[str, str] | None
) -> dict[str, Any]:
    return dict(event.session_attributes if session_attributes is None else session_attributes)


def _v1_slots(event: LexV1Event, updates: Mapping[str, str | None] | None) -> dict[str, Any]:
    return {**event.current_intent.slots, **(updates or {})}
