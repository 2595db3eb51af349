"""Lex V1 prompts and statements <-> bot-file message groups, both ways.

A V1 prompt or statement is a list of messages (PlainText, SSML or CustomPayload), each maybe in a
`groupNumber` group, plus an optional `responseCard`: a JSON *string* holding a generic card with
up to 10 attachments. One message group is made per group number (its first message, the others
as variations); messages without a group number form one group. Each card attachment becomes an
extra group holding an `imageResponseCard`, so it is sent with the text as V1 sends it. Exporting
reverses this; what V1 cannot hold is returned as problems, never dropped. Nothing here knows
about intents or slots beyond renaming `{placeholders}`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from bot.project.messages import ImageResponseCard, Message, MessageGroup
from bot.transfer.source_object import SourceObject

GENERIC_CARD = "application/vnd.amazonaws.card.generic"
MAX_GROUPS = 5
MAX_V1_MESSAGES = 15
V1_CARD_LIMITS = {"title": 80, "subTitle": 80, "button text": 15}
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.-]+)\}")  # V1 slot names may hold . and -
_CONTENT_KEYS = {"PlainText": "plainTextMessage", "SSML": "ssmlMessage"}

# A V1 slot name -> its bot-file name, or None when the intent has no such slot.
Rename = Callable[[str], str | None]


def same_name(name: str) -> str:
    return name


def rename_placeholders(text: str, rename: Rename) -> str | None:
    """`text` with `{slot}` placeholders renamed; None when one names no slot."""
    names = {n: rename(n) for n in _PLACEHOLDER.findall(text)}
    if None in names.values():
        return None
    return _PLACEHOLDER.sub(lambda m: "{" + str(names[m.group(1)]) + "}", text)


def _unknown_slot(source: SourceObject, text: str) -> None:
    source.report.unsupported_field(
        source.path, f"{text!r} names a slot the intent does not have; not carried"
    )


# ---------------------------------------------------------------- import


def prompt_spec(source: SourceObject, rename: Rename) -> dict[str, Any] | None:
    """A V1 prompt (`messages`, `maxAttempts`, `responseCard`) as a promptSpecification."""
    groups = message_groups(source, rename)
    attempts = source.take("maxAttempts", 3)  # absent: our default of 2 retries
    source.finish()
    if not groups:
        return None
    retries = max(0, min(int(attempts) - 1, 5))
    return {"messageGroupsList": groups, "maxRetries": retries}


def response_spec(source: SourceObject, rename: Rename) -> dict[str, Any] | None:
    """A V1 statement (`messages`, `responseCard`) as a response specification."""
    groups = message_groups(source, rename)
    source.finish()
    return {"messageGroupsList": groups} if groups else None


def message_groups(source: SourceObject, rename: Rename) -> list[dict[str, Any]]:
    by_number: dict[int, list[Any]] = {}
    for message in source.children("messages"):
        number = message.take("groupNumber", 0)
        converted = _message(message, rename)
        if converted is not None:
            by_number.setdefault(int(number), []).append(converted)
    groups: list[dict[str, Any]] = []
    for _, found in sorted(by_number.items()):
        group: dict[str, Any] = {"message": found[0]}
        if found[1:]:
            group["variations"] = found[1:]
        groups.append(group)
    cards = _cards(source, rename)
    room = MAX_GROUPS - len(groups)
    for card_path, card in cards[max(room, 0) :]:
        source.report.unsupported_field(
            card_path, f"a response holds at most {MAX_GROUPS} message groups; card not carried"
        )
    return groups + [{"message": {"imageResponseCard": card}} for _, card in cards[: max(room, 0)]]


def _message(source: SourceObject, rename: Rename) -> Any:
    kind = source.take("contentType", "PlainText")
    content = source.take("content", "")
    source.finish()
    if not isinstance(content, str) or not content.strip():
        source.report.unsupported_field(source.at("content"), "an empty message; not carried")
        return None
    if kind == "CustomPayload":
        return {"customPayload": {"value": content}}  # opaque: placeholders are not renamed
    if kind not in _CONTENT_KEYS:
        source.report.unsupported_field(source.at("contentType"), f"unknown content type {kind!r}")
        return None
    text = rename_placeholders(content, rename)
    if text is None:
        _unknown_slot(source, content)
        return None
    return text if kind == "PlainText" else {_CONTENT_KEYS[kind]: {"value": text}}


def _cards(source: SourceObject, rename: Rename) -> list[tuple[str, dict[str, Any]]]:
    raw = source.take("responseCard")
    if raw is None:
        return []
    path = source.at("responseCard")
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        source.report.unsupported_field(path, "not a JSON response card; not carried")
        return []
    card = SourceObject(data, path, source.report)
    card.take("version")
    kind = card.take("contentType", GENERIC_CARD)
    if kind != GENERIC_CARD:
        card.report.unsupported_field(card.at("contentType"), f"unknown card type {kind!r}")
        card.seen(*card.data)
        return []
    attachments = list(card.children("genericAttachments"))
    card.finish()
    if not attachments:
        source.report.ignore(path, "an empty response card (no attachments): nothing to show")
        return []
    found = [(a.path, _attachment(a, rename)) for a in attachments]
    return [(p, c) for p, c in found if c is not None]


def _attachment(source: SourceObject, rename: Rename) -> dict[str, Any] | None:
    raw = [str(source.take("title", "")), str(source.take("subTitle", ""))]
    title, subtitle = (rename_placeholders(text, rename) for text in raw)
    image = str(source.take("imageUrl", ""))
    source.unsupported("attachmentLinkUrl", "a card link has no equivalent in bot files")
    buttons = [b for b in (_button(b, rename) for b in source.children("buttons")) if b]
    source.finish()
    if title is None or subtitle is None:
        _unknown_slot(source, raw[0] if title is None else raw[1])
        return None
    if not title and not subtitle:
        source.report.unsupported_field(source.path, "a card without title or subtitle")
        return None
    card: dict[str, Any] = {"title": title or subtitle}
    if title and subtitle:
        card["subtitle"] = subtitle
    if len(image) > 250:
        source.report.unsupported_field(source.at("imageUrl"), "longer than 250 characters")
    elif image:
        card["imageUrl"] = image
    if buttons:
        card["buttons"] = buttons[:5]
    return card


def _button(source: SourceObject, rename: Rename) -> dict[str, str] | None:
    text = rename_placeholders(str(source.take("text", "")), rename)
    value = rename_placeholders(str(source.take("value", "")), rename)
    source.finish()
    if text is None or value is None:
        _unknown_slot(source, str(source.data.get("text")))
        return None
    if not text or not value or len(text) > 50 or len(value) > 50:
        source.report.unsupported_field(
            source.path, "a button needs text and value of 1-50 characters; not carried"
        )
        return None
    return {"text": text, "value": value}


# ---------------------------------------------------------------- export


def v1_statement(groups: list[MessageGroup], where: str, problems: list[str]) -> dict[str, Any]:
    """V1 `messages` (+ `responseCard`) for bot-file message groups."""
    messages: list[dict[str, Any]] = []
    attachments: list[dict[str, Any]] = []
    number = 0
    for i, group in enumerate(groups):
        cards = [m.imageResponseCard for m in group.all_messages() if m.imageResponseCard]
        if cards:
            if len(group.all_messages()) > 1:
                problems.append(
                    f"{where} group {i + 1}: a card with variations (V1 sends every card)"
                )
            attachments.append(_v1_attachment(cards[0], where, problems))
            continue
        number += 1
        messages += [_v1_message(m, number) for m in group.all_messages()]
    if not messages:
        problems.append(f"{where}: V1 needs at least one text message besides response cards")
    if len(messages) > MAX_V1_MESSAGES:
        problems.append(f"{where}: {len(messages)} messages; Lex V1 allows {MAX_V1_MESSAGES}")
    out: dict[str, Any] = {"messages": messages}
    if attachments:
        card = {"version": 1, "contentType": GENERIC_CARD, "genericAttachments": attachments}
        out["responseCard"] = json.dumps(card, separators=(",", ":"), ensure_ascii=False)
    return out


def _v1_message(message: Message, group: int) -> dict[str, Any]:
    if message.plainTextMessage is not None:
        kind, value = "PlainText", message.plainTextMessage.value
    elif message.ssmlMessage is not None:
        kind, value = "SSML", message.ssmlMessage.value
    else:
        assert message.customPayload is not None  # cards are handled by the caller
        kind, value = "CustomPayload", message.customPayload.value
    return {"groupNumber": group, "contentType": kind, "content": value}


def _v1_attachment(card: ImageResponseCard, where: str, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"title": card.title}
    if card.subtitle:
        out["subTitle"] = card.subtitle
    if card.imageUrl:
        out["imageUrl"] = card.imageUrl
    out["buttons"] = [{"text": b.text, "value": b.value} for b in card.buttons]
    limits = {"title": len(card.title), "subTitle": len(card.subtitle or "")}
    limits["button text"] = max((len(b.text) for b in card.buttons), default=0)
    for name, length in limits.items():
        if length > V1_CARD_LIMITS[name]:
            problems.append(
                f"{where}: card {name} longer than Lex V1's {V1_CARD_LIMITS[name]} characters"
            )
    return out
