"""Lex V1 Lambda response builders (lex-wire.md §2.4), with the classic blueprint signatures.

`close(session_attributes, fulfillment_state, message)`, `elicit_slot(session_attributes,
intent_name, slots, slot_to_elicit, message)` and friends return the same dicts as the AWS
blueprints (lex-order-flowers-python, MakeAppointment), so blueprint code can switch to them
one call at a time. A message may be given as a plain string. What Lex V1 would reject
(a button label over 15 characters, six buttons, a Close without Fulfilled/Failed) raises
`ResponseError`. `session_attributes=None` leaves the key out, which keeps the attributes Lex
has. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from fulfillment import _checks as check
from fulfillment._messages import MAX_CONTENT, Message, custom_payload, plain_text, ssml
from fulfillment.errors import ResponseError

__all__ = [
    "close", "confirm_intent", "custom_payload", "delegate", "elicit_intent", "elicit_slot",
    "generic_attachment", "plain_text", "response_card", "ssml",
]  # fmt: skip

Response: TypeAlias = dict[str, Any]
Card: TypeAlias = dict[str, Any]

MAX_CARD_TEXT = 80  # title and subTitle
MAX_URL = 2048  # imageUrl and attachmentLinkUrl
MAX_ATTACHMENTS = 10
MAX_BUTTONS = 5
MAX_BUTTON_TEXT = 15
MAX_BUTTON_VALUE = 1000
TEXT_TYPES = ("PlainText", "SSML", "CustomPayload")
CARD_CONTENT_TYPE = "application/vnd.amazonaws.card.generic"


# --- messages and cards ------------------------------------------------------------------


def generic_attachment(
    title: str,
    sub_title: str | None = None,
    image_url: str | None = None,
    attachment_link_url: str | None = None,
    buttons: Iterable[tuple[str, str] | str | Mapping[str, str]] = (),
) -> dict[str, Any]:
    """One card of a response card: title and subTitle ≤ 80 characters, ≤ 5 buttons given as
    `(text, value)` pairs with text ≤ 15 and value ≤ 1000 characters."""
    card: dict[str, Any] = {"title": check.text("card title", title, MAX_CARD_TEXT)}
    if sub_title is not None:
        card["subTitle"] = check.text("card subTitle", sub_title, MAX_CARD_TEXT)
    if image_url is not None:
        card["imageUrl"] = check.text("card imageUrl", image_url, MAX_URL)
    if attachment_link_url is not None:
        card["attachmentLinkUrl"] = check.text("attachmentLinkUrl", attachment_link_url, MAX_URL)
    card["buttons"] = check.buttons(
        buttons, limit=MAX_BUTTONS, text_limit=MAX_BUTTON_TEXT, value_limit=MAX_BUTTON_VALUE
    )
    return card


def response_card(*attachments: Mapping[str, Any], version: int = 1) -> Card:
    """A `responseCard` of up to 10 generic attachments (dicts are re-checked)."""
    cards = [_attachment(a) for a in attachments]
    if not cards:
        raise ResponseError("a response card needs at least one attachment")
    check.at_most("genericAttachments", cards, MAX_ATTACHMENTS)
    return {"version": version, "contentType": CARD_CONTENT_TYPE, "genericAttachments": cards}


# --- dialog actions ----------------------------------------------------------------------


def close(
    session_attributes: Mapping[str, Any] | None,
    fulfillment_state: str,
    message: str | Mapping[str, Any] | None = None,
    response_card: Mapping[str, Any] | None = None,
    *,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
) -> Response:
    """End the intent; `fulfillment_state` is `Fulfilled` or `Failed`."""
    action = {
        "type": "Close",
        "fulfillmentState": check.one_of("fulfillmentState", fulfillment_state, _CLOSE),
    }
    return _response(session_attributes, action, message, response_card, active_contexts)


def elicit_slot(
    session_attributes: Mapping[str, Any] | None,
    intent_name: str,
    slots: Mapping[str, Any],
    slot_to_elicit: str,
    message: str | Mapping[str, Any] | None = None,
    response_card: Mapping[str, Any] | None = None,
    *,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
) -> Response:
    action = {
        "type": "ElicitSlot",
        "intentName": check.text("intentName", intent_name, 100),
        "slots": _slots(slots),
        "slotToElicit": check.text("slotToElicit", slot_to_elicit, 100),
    }
    return _response(session_attributes, action, message, response_card, active_contexts)


def confirm_intent(
    session_attributes: Mapping[str, Any] | None,
    intent_name: str,
    slots: Mapping[str, Any],
    message: str | Mapping[str, Any] | None = None,
    response_card: Mapping[str, Any] | None = None,
    *,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
) -> Response:
    """Ask for a yes/no; without a message Lex uses the intent's confirmation prompt."""
    action = {
        "type": "ConfirmIntent",
        "intentName": check.text("intentName", intent_name, 100),
        "slots": _slots(slots),
    }
    return _response(session_attributes, action, message, response_card, active_contexts)


def delegate(
    session_attributes: Mapping[str, Any] | None,
    slots: Mapping[str, Any],
    *,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
) -> Response:
    """Let Lex choose the next step. (From the fulfilment hook, Lex V1 answers
    DependencyFailedException unless a slot was removed.)"""
    action = {"type": "Delegate", "slots": _slots(slots)}
    return _response(session_attributes, action, None, None, active_contexts)


def elicit_intent(
    session_attributes: Mapping[str, Any] | None,
    message: str | Mapping[str, Any] | None = None,
    response_card: Mapping[str, Any] | None = None,
    *,
    active_contexts: Iterable[Mapping[str, Any]] | None = None,
) -> Response:
    """Ask what the user wants (the bot's clarification prompt when no message is given)."""
    action = {"type": "ElicitIntent"}
    return _response(session_attributes, action, message, response_card, active_contexts)


# --- assembly ----------------------------------------------------------------------------

_CLOSE = ("Fulfilled", "Failed")


def _response(
    session_attributes: Mapping[str, Any] | None,
    action: dict[str, Any],
    message: str | Mapping[str, Any] | None,
    card: Mapping[str, Any] | None,
    active_contexts: Iterable[Mapping[str, Any]] | None,
) -> Response:
    if message is not None:
        action["message"] = _message(message)
    if card is not None:
        action["responseCard"] = _card(card)
    response: Response = {}
    if session_attributes is not None:
        if not isinstance(session_attributes, Mapping):
            raise ResponseError("sessionAttributes must be a map")
        response["sessionAttributes"] = dict(session_attributes)
    if active_contexts is not None:
        response["activeContexts"] = [dict(c) for c in active_contexts]
    response["dialogAction"] = action
    return response


def _slots(slots: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(slots, Mapping):
        raise ResponseError(f"slots must be a map of slot name to value, not {slots!r}")
    return dict(slots)


def _message(message: str | Mapping[str, Any]) -> Message:
    if isinstance(message, str):
        return plain_text(message)
    if not isinstance(message, Mapping):
        raise ResponseError(f"a message is a string or a dict, not {message!r}")
    kind = check.one_of("contentType", message.get("contentType"), TEXT_TYPES)
    content = check.text("message content", message.get("content"), MAX_CONTENT)
    return {"contentType": kind, "content": content}


def _card(card: Mapping[str, Any]) -> Card:
    if not isinstance(card, Mapping) or card.get("contentType") != CARD_CONTENT_TYPE:
        raise ResponseError(f"a responseCard has contentType {CARD_CONTENT_TYPE}")
    version = card.get("version", 1)
    return response_card(*(card.get("genericAttachments") or ()), version=version)


def _attachment(attachment: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(attachment, Mapping):
        raise ResponseError(f"a generic attachment is a dict, not {attachment!r}")
    return generic_attachment(
        attachment.get("title"),  # type: ignore[arg-type]  # checked inside
        attachment.get("subTitle"),
        attachment.get("imageUrl"),
        attachment.get("attachmentLinkUrl"),
        attachment.get("buttons") or (),
    )
