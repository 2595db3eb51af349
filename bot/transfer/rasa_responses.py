"""Rasa domain responses (`utter_*`) as bot-file prompts and responses.

A response's variants become one message group (the first variant, the others as variations):
text alone is a plain-text message, text with buttons or an image an image response card (the
text as its title), `custom` a custom payload. Channel-specific and conditional variants, and
variants naming `{slots}` the intent does not have, are reported and left out. A slot without an
`utter_ask_` response gets a made-up prompt, reported as such. This module reads only responses.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.transfer.report import ImportReport
from bot.transfer.source_object import SourceObject

MAX_VARIANTS = 15
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_-]+)\}")  # as `bot check` reads them
_IGNORED_KEYS = ("id", "metadata", "button_type")


class ResponseReader:
    def __init__(self, responses: dict[str, tuple[str, Any]], report: ImportReport) -> None:
        self.responses = responses  # name -> (path, variants)
        self.report = report
        self.used: set[str] = set()
        self._converted: dict[str, list[tuple[str, Any]]] = {}

    def prompt(self, slot: str, form: str | None, intent: str, slots: set[str]) -> dict[str, Any]:
        names = ([f"utter_ask_{form}_{slot}"] if form else []) + [f"utter_ask_{slot}"]
        for name in names:
            if name in self.responses:
                groups = self._groups(name, slots, f"intents.{intent}")
                if groups:
                    return {"messageGroupsList": groups, "maxRetries": 2}
        text = f"What is the {slot.replace('_', ' ')}?"
        self.report.ignore(
            f"intents.{intent}.slots.{slot}",
            f"prompt generated: no utter_ask_{slot} response, so the bot asks {text!r}",
        )
        return {"messageGroupsList": [{"message": text}], "maxRetries": 2}

    def groups(self, name: str, intent: str, slots: set[str]) -> list[dict[str, Any]]:
        """The message group a response says (none when nothing in it can be carried)."""
        if name not in self.responses:
            self.report.unsupported_field(f"intents.{intent}", f"{name} is not in the domain")
            return []
        return self._groups(name, slots, f"intents.{intent}")

    def report_unused(self) -> None:
        for name, (path, _) in self.responses.items():
            if name not in self.used:
                self.report.unsupported_field(path, "a response no rule, form or slot uses")

    def _groups(self, name: str, slots: set[str], user: str) -> list[dict[str, Any]]:
        self.used.add(name)
        if name not in self._converted:
            self._converted[name] = self._variants(name)
        kept = []
        for path, message in self._converted[name]:
            unknown = [p for p in _PLACEHOLDER.findall(_texts(message)) if p not in slots]
            if unknown:
                self.report.unsupported_field(
                    path, f"{{{unknown[0]}}} is no slot of {user.split('.', 1)[1]}; not carried"
                )
            else:
                kept.append(message)
        if not kept:
            return []
        group: dict[str, Any] = {"message": kept[0]}
        if kept[1:]:
            group["variations"] = kept[1:]
        return [group]

    def _variants(self, name: str) -> list[tuple[str, Any]]:
        path, raw = self.responses[name]
        variants = raw if isinstance(raw, list) else []
        out: list[tuple[str, Any]] = []
        for i, data in enumerate(variants):
            variant = SourceObject(data, f"{path}[{i}]", self.report)
            message = _message(variant)
            variant.finish()
            if message is not None and len(out) < MAX_VARIANTS:
                out.append((variant.path, message))
            elif message is not None:
                self.report.unsupported_field(variant.path, f"more than {MAX_VARIANTS} variants")
        return out


def _message(variant: SourceObject) -> Any:
    for key, why in (("channel", "channel-specific"), ("condition", "conditional")):
        if key in variant:
            variant.report.unsupported_field(variant.at(key), f"a {why} variant; not carried")
            variant.seen(*variant.data)
            return None
    for key in _IGNORED_KEYS:
        variant.ignore(key, "Rasa bookkeeping of a response")
    text = str(variant.take("text", "")).strip()
    image = str(variant.take("image", ""))
    buttons = [b for b in (_button(b) for b in variant.children("buttons")) if b]
    custom = variant.take("custom")
    if custom is not None and not text:
        return {"customPayload": {"value": json.dumps(custom, ensure_ascii=False)}}
    if custom is not None:
        variant.report.unsupported_field(variant.at("custom"), "custom payload beside text")
    if not text:
        variant.report.unsupported_field(variant.path, "a variant without text; not carried")
        return None
    if not buttons and not image:
        return text
    if len(text) > 250:
        variant.report.unsupported_field(variant.path, "card text over 250 characters; text kept")
        return text
    card: dict[str, Any] = {"title": text}
    if image:
        card["imageUrl"] = image
    if buttons:
        card["buttons"] = buttons[:5]
    return {"imageResponseCard": card}


def _button(source: SourceObject) -> dict[str, str] | None:
    title = str(source.take("title", ""))
    payload = str(source.take("payload", ""))
    source.finish()
    if not (0 < len(title) <= 50 and 0 < len(payload) <= 50):
        source.report.unsupported_field(source.path, "a button needs title and payload of 1-50")
        return None
    return {"text": title, "value": payload}


def _texts(message: Any) -> str:
    if isinstance(message, str):
        return message
    card = message.get("imageResponseCard")
    if card:
        buttons = [f"{b['text']} {b['value']}" for b in card.get("buttons", [])]
        return " ".join([card["title"], *buttons])
    return ""  # a custom payload is opaque
