"""Lex V2 Lambda response builders (lex-wire.md §2.2). They return plain dicts.

Each builder takes the event (a `LexV2Event` or the raw dict) and answers from its session
state: session attributes and the current intent are kept unless overridden with
`session_attributes=`, `intent=` (a dict, or an intent name to switch to) or `slots=` (updates
merged into the intent's slots; None clears a slot, a string fills a Scalar slot). The builders
set the intent state the way Lex expects (Close → Fulfilled/Failed, ElicitSlot and
ConfirmIntent → InProgress), never alter the event, and raise `ResponseError` for anything Lex
would reject. Active contexts and request attributes are only sent when given, so Lex keeps its
own otherwise. Standard library only.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from fulfillment import _checks as check
from fulfillment._messages import MAX_CONTENT, Message, custom_payload, plain_text, ssml
from fulfillment.errors import ResponseError
from fulfillment.events import LexV2Event
from fulfillment.slots import as_slot, list_slot, scalar_slot

__all__ = [
    "close", "confirm_intent", "custom_payload", "delegate", "elicit_intent", "elicit_slot",
    "image_response_card", "list_slot", "plain_text", "scalar_slot", "ssml",
]  # fmt: skip

Response: TypeAlias = dict[str, Any]
Event: TypeAlias = "LexV2Event | Mapping[str, Any]"
# A message list: a string (plain text), a message dict, or a sequence of either.
Messages: TypeAlias = "str | Mapping[str, Any] | Iterable[str | Mapping[str, Any]] | None"

MAX_MESSAGES = 10
MAX_CARD_TEXT = 250  # title, subtitle and imageUrl
MAX_BUTTONS = 5
MAX_BUTTON_TEXT = 50  # text and value alike
TEXT_TYPES = ("PlainText", "SSML", "CustomPayload")
CLOSE_STATES = ("Fulfilled", "Failed")
ELICITATION_STYLES = ("Default", "SpellByLetter", "SpellByWord")


# --- messages ----------------------------------------------------------------------------


def image_response_card(
    title: str,
    subtitle: str | None = None,
    image_url: str | None = None,
    buttons: Iterable[tuple[str, str] | str | Mapping[str, str]] = (),
) -> Message:
    """An `ImageResponseCard` message; buttons as `(text, value)` pairs (or one string for
    both). Title, subtitle and image URL ≤ 250 characters; ≤ 5 buttons of ≤ 50 each."""
    card: dict[str, Any] = {"title": check.text("card title", title, MAX_CARD_TEXT)}
    if subtitle is not None:
        card["subtitle"] = check.text("card subtitle", subtitle, MAX_CARD_TEXT)
    if image_url is not None:
        card["imageUrl"] = check.text("card imageUrl", image_url, MAX_CARD_TEXT)
    card["buttons"] = check.buttons(
        buttons, limit=MAX_BUTTONS, text_limit=MAX_BUTTON_TEXT, value_limit=MAX_BUTTON_TEXT
    )
    return {"contentType": "ImageResponseCard", "imageResponseCard": card}


# --- dialog actions ----------------------------------------------------------------------


def close(
    event: Event,
    state: str = "Fulfilled",
    messages: Messages = None,
    *,
    session_attributes: Mapping[str, str] | None = None,
    intent: Mapping[str, Any] | str | None = None,
    slots: Mapping[str, Any] | None = None,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
    request_attributes: Mapping[str, str] | None = None,
) -> Response:
    """End the intent as `Fulfilled` or `Failed`. Without messages, Lex says the bot's
    configured response (the closing or post-fulfilment response)."""
    state = check.one_of("close state", state, CLOSE_STATES)
    return _response(
        event,
        {"type": "Close"},
        _intent(event, intent, slots, state),
        messages,
        session_attributes,
        active_contexts,
        request_attributes,
    )


def elicit_slot(
    event: Event,
    slot: str,
    messages: Messages = None,
    *,
    style: str | None = None,
    session_attributes: Mapping[str, str] | None = None,
    intent: Mapping[str, Any] | str | None = None,
    slots: Mapping[str, Any] | None = None,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
    request_attributes: Mapping[str, str] | None = None,
) -> Response:
    """Ask for `slot` next (with the slot's configured prompt when no messages are given).
    `style` is the slot elicitation style: Default, SpellByLetter or SpellByWord."""
    action = {"type": "ElicitSlot", "slotToElicit": check.text("slotToElicit", slot, 100)}
    if style is not None:
        action["slotElicitationStyle"] = check.one_of("style", style, ELICITATION_STYLES)
    return _response(
        event,
        action,
        _intent(event, intent, slots, "InProgress"),
        messages,
        session_attributes,
        active_contexts,
        request_attributes,
    )


def confirm_intent(
    event: Event,
    messages: Messages,
    *,
    session_attributes: Mapping[str, str] | None = None,
    intent: Mapping[str, Any] | str | None = None,
    slots: Mapping[str, Any] | None = None,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
    request_attributes: Mapping[str, str] | None = None,
) -> Response:
    """Ask the user to confirm the intent; Lex V2 requires the messages."""
    return _response(
        event,
        {"type": "ConfirmIntent"},
        _intent(event, intent, slots, "InProgress"),
        _required(messages, "ConfirmIntent"),
        session_attributes,
        active_contexts,
        request_attributes,
    )


def delegate(
    event: Event,
    *,
    session_attributes: Mapping[str, str] | None = None,
    intent: Mapping[str, Any] | str | None = None,
    slots: Mapping[str, Any] | None = None,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
    request_attributes: Mapping[str, str] | None = None,
) -> Response:
    """Let Lex carry on with its own flow (what `proposedNextState` describes). Delegate
    carries no messages; the intent's state is left as the event had it."""
    return _response(
        event,
        {"type": "Delegate"},
        _intent(event, intent, slots, None),
        None,
        session_attributes,
        active_contexts,
        request_attributes,
    )


def elicit_intent(
    event: Event,
    messages: Messages,
    *,
    session_attributes: Mapping[str, str] | None = None,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
    request_attributes: Mapping[str, str] | None = None,
) -> Response:
    """Ask what the user wants next; the current intent is dropped. Messages are required."""
    return _response(
        event,
        {"type": "ElicitIntent"},
        None,
        _required(messages, "ElicitIntent"),
        session_attributes,
        active_contexts,
        request_attributes,
    )


# --- assembly ----------------------------------------------------------------------------


def _session_state(event: Event) -> Mapping[str, Any]:
    raw = event.raw if isinstance(event, LexV2Event) else event
    state = raw.get("sessionState") if isinstance(raw, Mapping) else None
    return state if isinstance(state, Mapping) else {}


def _intent(
    event: Event,
    intent: Mapping[str, Any] | str | None,
    slots: Mapping[str, Any] | None,
    state: str | None,
) -> dict[str, Any] | None:
    if isinstance(intent, str):  # switching to another intent: it starts with no slots
        new: dict[str, Any] | None = {"name": intent, "slots": {}, "confirmationState": "None"}
    else:
        source = intent if intent is not None else _session_state(event).get("intent")
        # A deep copy, so editing the response never reaches back into the event.
        new = copy.deepcopy(dict(source)) if isinstance(source, Mapping) else None
    if new is None:
        if slots:
            raise ResponseError("slots= needs an intent, and the event has none")
        return None
    check.text("intent name", new.get("name"), 100)
    if slots:
        new["slots"] = {**(new.get("slots") or {}), **{k: as_slot(v) for k, v in slots.items()}}
    if state is not None:
        new["state"] = state
    return new


def _response(
    event: Event,
    action: dict[str, Any],
    intent: dict[str, Any] | None,
    messages: Messages,
    session_attributes: Mapping[str, str] | None,
    active_contexts: Iterable[Mapping[str, Any]] | None,
    request_attributes: Mapping[str, str] | None,
) -> Response:
    current = _session_state(event)
    attributes = current.get("sessionAttributes") or {}
    if session_attributes is not None:
        attributes = session_attributes
    state: dict[str, Any] = {
        "sessionAttributes": check.string_map("sessionAttributes", attributes),
        "dialogAction": action,
    }
    if intent is not None:
        state["intent"] = intent
    if active_contexts is not None:
        state["activeContexts"] = [copy.deepcopy(dict(c)) for c in active_contexts]
    response: Response = {"sessionState": state}
    built = _messages(messages)
    if built:
        response["messages"] = built
    if request_attributes is not None:
        response["requestAttributes"] = check.string_map("requestAttributes", request_attributes)
    return response


def _required(messages: Messages, action: str) -> list[Message]:
    built = _messages(messages)
    if not built:
        raise ResponseError(f"Lex V2 requires messages for {action}")
    return built


def _messages(messages: Messages) -> list[Message]:
    if messages is None:
        return []
    items = [messages] if isinstance(messages, str | Mapping) else list(messages)
    built = [plain_text(m) if isinstance(m, str) else _message(m) for m in items]
    check.at_most("messages", built, MAX_MESSAGES)
    return built


def _message(message: Mapping[str, Any]) -> Message:
    """Re-check a hand-built message dict; the builders above always give valid ones."""
    if not isinstance(message, Mapping):
        raise ResponseError(f"a message is a string or a dict, not {message!r}")
    kind = check.one_of(
        "contentType", message.get("contentType"), (*TEXT_TYPES, "ImageResponseCard")
    )
    if kind != "ImageResponseCard":
        return {
            "contentType": kind,
            "content": check.text("message content", message.get("content"), MAX_CONTENT),
        }
    card = message.get("imageResponseCard")
    if not isinstance(card, Mapping):
        raise ResponseError("an ImageResponseCard message needs an imageResponseCard")
    return image_response_card(
        card.get("title"),  # type: ignore[arg-type]  # checked inside
        card.get("subtitle"),
        card.get("imageUrl"),
        card.get("buttons") or (),
    )
