"""Rendering configured prompts and responses into the messages of a turn.

A response or prompt is a list of message groups; each group says one message: the message or
one of its variations, picked at random (`Random`, with the injected generator) or by attempt
number (`Ordered`: the initial prompt says the first, retry 1 the second...). `{slotName}` is
replaced with the slot's interpreted value (its original value when there is none; a list as
"a, b and c") and `[attribute]` with a session attribute. This module never decides which prompt
is due.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from bot.nlu.types import Slot
from bot.project import messages as spec
from bot.project.schema import IntentDefinition
from bot.turn import Button, IntentState, Message, ResponseCard

_SLOT = re.compile(r"\{(\w+)\}")
_ATTRIBUTE = re.compile(r"\[([\w:.\-]+)\]")


def slot_text(slot: Slot) -> str:
    """A slot as a prompt says it."""
    if slot is None:
        return ""
    if isinstance(slot, list):
        words = [v.interpreted_value or v.original_value for v in slot]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return slot.interpreted_value if slot.interpreted_value is not None else slot.original_value


class MessageRenderer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def response(
        self,
        response: spec.ResponseSpecification | None,
        intent: IntentState | None,
        attributes: dict[str, str],
    ) -> list[Message]:
        if response is None:
            return []
        return self._groups(response.messageGroupsList, "Random", 0, intent, attributes)

    def prompt(
        self,
        prompt: spec.PromptSpecification | None,
        intent: IntentState | None,
        attributes: dict[str, str],
        attempt: int = 0,
    ) -> list[Message]:
        if prompt is None:
            return []
        return self._groups(
            prompt.messageGroupsList, prompt.messageSelectionStrategy, attempt, intent, attributes
        )

    def _groups(
        self,
        groups: list[spec.MessageGroup],
        strategy: str,
        attempt: int,
        intent: IntentState | None,
        attributes: dict[str, str],
    ) -> list[Message]:
        out = []
        for group in groups:
            choices = group.all_messages()
            if strategy == "Ordered":
                chosen = choices[attempt % len(choices)]
            else:
                chosen = choices[self.rng.randrange(len(choices))]
            out.append(_message(chosen, lambda text: substitute(text, intent, attributes)))
        return out


def substitute(text: str, intent: IntentState | None, attributes: dict[str, str]) -> str:
    slots = intent.slots if intent is not None else {}

    def slot(m: re.Match[str]) -> str:
        return slot_text(slots[m.group(1)]) if m.group(1) in slots else m.group(0)

    def attribute(m: re.Match[str]) -> str:
        return attributes.get(m.group(1), m.group(0))

    return _ATTRIBUTE.sub(attribute, _SLOT.sub(slot, text))


def _message(message: spec.Message, fill: Callable[[str], str]) -> Message:
    if message.plainTextMessage is not None:
        return Message("PlainText", fill(message.plainTextMessage.value))
    if message.ssmlMessage is not None:
        return Message("SSML", fill(message.ssmlMessage.value))
    if message.customPayload is not None:
        return Message("CustomPayload", message.customPayload.value)  # opaque: not filled in
    card = message.imageResponseCard
    assert card is not None  # the schema guarantees exactly one kind
    return Message(
        "ImageResponseCard",
        card=ResponseCard(
            fill(card.title),
            fill(card.subtitle) if card.subtitle else None,
            card.imageUrl,
            tuple(Button(fill(b.text), fill(b.value)) for b in card.buttons),
        ),
    )


# ---------------------------------------------------------------- which spec


def slot_prompt(definition: IntentDefinition, slot: str) -> spec.PromptSpecification | None:
    found = definition.slot(slot)
    return found.valueElicitationSetting.promptSpecification if found else None


def slot_max_retries(definition: IntentDefinition, slot: str) -> int:
    prompt = slot_prompt(definition, slot)
    return prompt.maxRetries if prompt is not None else 2


def slot_failure(definition: IntentDefinition, slot: str) -> spec.ResponseSpecification | None:
    found = definition.slot(slot)
    capture = found.valueElicitationSetting.slotCaptureSetting if found else None
    return capture.failureResponse if capture else None


def initial_response(definition: IntentDefinition) -> spec.ResponseSpecification | None:
    setting = definition.initialResponseSetting
    return setting.initialResponse if setting else None


def closing_response(definition: IntentDefinition) -> spec.ResponseSpecification | None:
    setting = definition.intentClosingSetting
    return setting.closingResponse if setting and setting.isActive else None
