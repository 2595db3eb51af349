"""The bot's messages as Messenger Send API `message` objects, within Messenger's limits.

* Text: one message per 2,000 characters, split at a line break or space where there is one.
* A response card with at most 3 buttons: a generic template (title and subtitle ≤ 80
  characters, the image, postback buttons with titles ≤ 20 characters whose payload is the
  button's value, so a tap comes back as that utterance).
* A card with more buttons: the image (if any), then the card's text with quick replies
  (≤ 13, titles ≤ 20 characters).
* A card with nothing but a title cannot be a template: it is sent as text. `card_text` is
  every card's text rendering.
* SSML is sent as its text; a custom payload that is a Messenger message (`text` or
  `attachment`) is sent as it is, any other as text.

Pure functions: no I/O, no settings.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any

from bot.turn import Button, Message, ResponseCard

TEXT_LIMIT = 2000
ELEMENT_TEXT_LIMIT = 80  # generic template title and subtitle
BUTTON_TITLE_LIMIT = 20  # postback buttons and quick replies alike
PAYLOAD_LIMIT = 1000
TEMPLATE_BUTTONS = 3
QUICK_REPLIES = 13
_SSML_TAG = re.compile(r"<[^>]+>")

SendMessage = dict[str, Any]


def render(messages: Iterable[Message]) -> list[SendMessage]:
    """Every message of a turn, in order, as Send API `message` objects."""
    return [sent for message in messages for sent in render_message(message)]


def render_message(message: Message) -> list[SendMessage]:
    if message.content_type == "ImageResponseCard" and message.card is not None:
        return render_card(message.card)
    if message.content_type == "CustomPayload":
        native = _messenger_message(message.content or "")
        if native is not None:
            return [native]
    return text_messages(plain_text(message))


def render_card(card: ResponseCard) -> list[SendMessage]:
    if len(card.buttons) > TEMPLATE_BUTTONS:
        return _choices(card)
    element = generic_element(card)
    if len(element) == 1:  # a template element needs more than a title
        return text_messages(card_text(card))
    template = {"template_type": "generic", "elements": [element]}
    return [{"attachment": {"type": "template", "payload": template}}]


def generic_element(card: ResponseCard) -> dict[str, Any]:
    element: dict[str, Any] = {"title": clip(card.title, ELEMENT_TEXT_LIMIT)}
    if card.subtitle:
        element["subtitle"] = clip(card.subtitle, ELEMENT_TEXT_LIMIT)
    if card.image_url:
        element["image_url"] = card.image_url
    if card.buttons:
        element["buttons"] = [postback_button(b) for b in card.buttons[:TEMPLATE_BUTTONS]]
    return element


def postback_button(button: Button) -> dict[str, str]:
    return {
        "type": "postback",
        "title": clip(button.text, BUTTON_TITLE_LIMIT),
        "payload": _payload(button),
    }


def quick_reply(button: Button) -> dict[str, str]:
    return {
        "content_type": "text",
        "title": clip(button.text, BUTTON_TITLE_LIMIT),
        "payload": _payload(button),
    }


def card_text(card: ResponseCard) -> str:
    """A card as text: its title, then its subtitle on the next line."""
    return "\n".join(part for part in (card.title, card.subtitle) if part)


def text_messages(text: str) -> list[SendMessage]:
    return [{"text": chunk} for chunk in split_text(text)]


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at the last line break or space of
    each piece when one falls in its second half, else exactly at the limit."""
    chunks = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        newline = window.rfind("\n")
        cut = newline if newline > limit // 2 else window.rfind(" ")
        if cut <= limit // 2:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def plain_text(message: Message) -> str:
    text = message.content or ""
    if message.content_type == "SSML":
        text = html.unescape(_SSML_TAG.sub("", text))
    return text


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _choices(card: ResponseCard) -> list[SendMessage]:
    sent: list[SendMessage] = []
    if card.image_url:
        image = {"type": "image", "payload": {"url": card.image_url, "is_reusable": True}}
        sent.append({"attachment": image})
    # Quick replies need a text to hang on; a card always has a title, but be safe.
    texts = text_messages(card_text(card)) or text_messages(
        " / ".join(b.text for b in card.buttons)
    )
    texts[-1]["quick_replies"] = [quick_reply(b) for b in card.buttons[:QUICK_REPLIES]]
    return sent + texts


def _payload(button: Button) -> str:
    return (button.value or button.text)[:PAYLOAD_LIMIT]


def _messenger_message(content: str) -> SendMessage | None:
    try:
        parsed = json.loads(content)
    except ValueError:
        return None
    if isinstance(parsed, dict) and ("text" in parsed or "attachment" in parsed):
        return parsed
    return None
