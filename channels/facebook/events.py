"""Messenger webhook payloads (`object: page`, `entry[].messaging[]`) read into utterances.

A typed message, a tapped quick reply (its payload, not its title) and a postback become one
`Utterance` each, with the key that de-duplicates its delivery: the message's `mid`, the
postback's `mid`, or, for a postback without one, a hash of the page, sender, timestamp and
payload, so a replayed delivery is answered once. Echoes of the Page's own sends, deliveries,
reads and anything this adapter does not understand are skipped item by item, never failing the
whole batch: Meta resends a batch that is not acknowledged with 200, so one odd item must not
block the others. Pure functions.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot import strict_json

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
    delivery_id: str  # what a platform retry repeats: the mid, or one derived from the event


def read_payload(raw_body: bytes) -> WebhookPayload:
    try:
        return WebhookPayload.model_validate(strict_json.loads(raw_body))
    except (strict_json.JsonRefused, ValidationError) as exc:
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
        if not text:
            return None
        delivery = postback.mid or _postback_key(page_id, psid, item.timestamp, postback)
        return Utterance(page_id, psid, text, delivery)
    return None  # delivery, read, reaction, optin, …


def _postback_key(page_id: str, psid: str, timestamp: int | None, postback: PostbackEvent) -> str:
    """A postback without a `mid`: what a replay repeats exactly. Meta stamps every event, so two
    taps of one button differ by their timestamp; without one, repeats within the record's TTL
    count as one delivery (a replay answered twice is worse than a rare lost repeat)."""
    parts = [page_id, psid, timestamp, postback.payload, postback.title]
    digest = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    return f"postback:{digest[:32]}"
