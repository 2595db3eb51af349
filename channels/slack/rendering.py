"""The engine's messages → Slack messages (`text` plus Block Kit `blocks`): pure functions.

Each message of a turn becomes one Slack message, posted in order. Every rendering carries a
plain `text` (Slack's notification and accessibility fallback) so nothing is lost where blocks are
not shown. Text is escaped so that bot output can never turn into Slack markup such as
`<!channel>`. A response card becomes a section (bold title, subtitle, image as accessory) and an
actions block with a button per card button, clipped to Block Kit's limits. Nothing here sends.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from bot.turn import Message, ResponseCard

MAX_BUTTONS = 5  # Lex's own limit per card (Slack allows 25 in an actions block)
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
SECTION_TEXT_MAX = 3000
ALT_TEXT_MAX = 2000
IMAGE_URL_MAX = 3000
CONTEXT_TEXT_MAX = 3000
MESSAGE_TEXT_MAX = 40_000  # Slack truncates longer `text`
MAX_BLOCKS = 50
CARD_ACTIONS_BLOCK = "lex_card_buttons"
_SSML_TAG = re.compile(r"<[^>]+>")

Block = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One `chat.postMessage`: `text` is always set; `blocks` may be empty."""

    text: str
    blocks: tuple[Block, ...] = ()

    def without_images(self) -> SlackMessage:
        """The same message without image blocks or accessories (Slack refuses a whole message
        with `invalid_blocks` when it cannot download an image)."""
        blocks = []
        for block in self.blocks:
            if block.get("type") == "image":
                continue
            blocks.append({k: v for k, v in block.items() if k != "accessory"})
        return replace(self, blocks=tuple(blocks))

    @property
    def has_images(self) -> bool:
        return any(b.get("type") == "image" or "accessory" in b for b in self.blocks)


def escape(text: str) -> str:
    """Slack's three control characters, escaped as its docs ask."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(message: Message) -> SlackMessage | None:
    """The Slack rendering of one engine message; None when it has nothing to show."""
    if message.content_type == "ImageResponseCard" and message.card is not None:
        return render_card(message.card)
    content = (message.content or "").strip()
    if message.content_type == "SSML":
        content = " ".join(_SSML_TAG.sub(" ", content).split())
    elif message.content_type == "CustomPayload":
        native = _native_payload(content)
        if native is not None:
            return native
    return SlackMessage(clip(escape(content), MESSAGE_TEXT_MAX)) if content else None


def render_card(card: ResponseCard) -> SlackMessage:
    """A response card as a section (title, subtitle, image) and an actions block of buttons."""
    blocks: list[Block] = []
    title = f"*{escape(card.title)}*" if card.title else ""
    heading = "\n".join(part for part in (title, escape(card.subtitle or "")) if part)
    image = card.image_url if card.image_url and len(card.image_url) <= IMAGE_URL_MAX else None
    if heading:
        section: Block = {"type": "section", "text": _mrkdwn(clip(heading, SECTION_TEXT_MAX))}
        if image:
            section["accessory"] = _image(image, card.title)
        blocks.append(section)
    elif image:
        blocks.append(_image(image, card.title))
    buttons = [b for b in card.buttons if b.text or b.value][:MAX_BUTTONS]
    if buttons:
        elements = [
            {
                "type": "button",
                "action_id": f"lex_button_{i}",
                "text": {"type": "plain_text", "text": clip(b.text or b.value, BUTTON_TEXT_MAX)},
                "value": clip(b.value or b.text, BUTTON_VALUE_MAX),
            }
            for i, b in enumerate(buttons)
        ]
        blocks.append({"type": "actions", "block_id": CARD_ACTIONS_BLOCK, "elements": elements})
    return SlackMessage(card_text(card), tuple(blocks))


def card_text(card: ResponseCard) -> str:
    """The card as plain text: title, subtitle and the choices, one line each."""
    lines = [card.title, card.subtitle or ""]
    choices = [b.text or b.value for b in card.buttons[:MAX_BUTTONS]]
    if choices:
        lines.append("Choices: " + ", ".join(choices))
    return clip(escape("\n".join(line for line in lines if line)), MESSAGE_TEXT_MAX) or "…"


def show_choice(blocks: tuple[Block, ...], block_id: str, label: str, text: str) -> SlackMessage:
    """The clicked message as `chat.update` rewrites it: the clicked actions block becomes a
    context line naming the choice, so the buttons cannot be clicked again."""
    choice = f"You chose: {escape(label)}"
    kept = [b for b in blocks if not (b.get("type") == "actions" and b.get("block_id") == block_id)]
    context = {
        "type": "context",
        "elements": [_mrkdwn(clip(f"You chose: *{escape(label)}*", CONTEXT_TEXT_MAX))],
    }
    fallback = f"{text}\n{choice}" if text else choice
    return SlackMessage(clip(fallback, MESSAGE_TEXT_MAX), (*kept[: MAX_BLOCKS - 1], context))


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def _image(url: str, title: str) -> Block:
    return {"type": "image", "image_url": url, "alt_text": clip(title or "image", ALT_TEXT_MAX)}


def _native_payload(content: str) -> SlackMessage | None:
    """A custom payload written for Slack (`{"text": ..., "blocks": [...]}`) passes through."""
    try:
        payload = json.loads(content)
    except ValueError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("blocks"), list):
        return None
    text = payload.get("text") if isinstance(payload.get("text"), str) else ""
    blocks = tuple(b for b in payload["blocks"] if isinstance(b, dict))[:MAX_BLOCKS]
    return SlackMessage(text or "…", blocks)
