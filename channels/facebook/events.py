"""Messenger webhook payloads (`object: page`, `entry[].messaging[]`) read into utterances.

A typed message, a tapped quick reply (its payload, not its title) and a postback become one
`Utterance` each. Echoes of the Page's own sends, deliveries, reads and anything this adapter does
not understand are skipped item by item, never failing the whole batch: Meta resends a batch
that is not acknowledged with 200, so one odd item must not block the others. Pure functions.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

log = logging.getLogger("channels.facebook")


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class Party(_Wire):
    id: str


class QuickReply(_Wire):
    payload: str


class MessageEvent(_Wire):
    mid: str
    text: str | None = None
    quick_reply: QuickReply | None = None
    is_echo: bool = False


class PostbackEvent(_Wire):
    mid: str | None = None
    title: str | None = None
    payload: str | None = None


class MessagingItem(_Wire):
    sender: Party
    recipient: Party
    timestamp: int | None = None
    message: MessageEvent | None = None
    postback: PostbackEvent | None = None


class Entry(_Wire):
    id: str
    messaging: list[Any] = []


class WebhookPayload(_Wire):
    object: str
    entry: list[Entry] = []


class MalformedPayload(ValueError):
    """The body is not a Messenger webhook payload at all (not JSON, no `object`/`entry`)."""


@dataclass(frozen=True, slots=True)
class Utterance:
    page_id: str
    psid: str  # the user's page-scoped id
    text: str
    delivery_id: str | None  # what a platform retry repeats: the message or postback mid


def read_payload(raw_body: bytes) -> WebhookPayload:
    try:
        return WebhookPayload.model_validate(json.loads(raw_body))
    except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
        raise MalformedPayload("not a Messenger webhook payload") from exc


def utterances(payload: WebhookPayload) -> list[Utterance]:
    """What the users said, in delivery order; Page events other than messaging are ignored."""
    if payload.object != "page":
        return []
    found = []
    for entry in payload.entry:
        for raw in entry.messaging:
            said = _utterance(entry.id, raw)
            if said is not None:
                found.append(said)
    return found


def _utterance(page_id: str, raw: Any) -> Utterance | None:
    try:
        item = MessagingItem.model_validate(raw)
    except ValidationError:
        log.debug("skipping a messaging item this adapter does not read")
        return None
    psid = item.sender.id
    if item.message is not None:
        message = item.message
        if message.is_echo:  # the Page's own send, echoed back: answering it would loop
            return None
        text = message.quick_reply.payload if message.quick_reply else message.text
        return Utterance(page_id, psid, text, message.mid) if text else None
    if item.postback is not None:
        postback = item.postback
        text = postback.payload or postback.title
        delivery = postback.mid or (f"{psid}:{item.timestamp}" if item.timestamp else None)
        return Utterance(page_id, psid, text, delivery) if text else None
    return None  # delivery, read, reaction, optin, …
