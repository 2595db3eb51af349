"""Rendering configured prompts and responses into the messages of a turn.

A response or prompt is a list of message groups; each group says one message: the message or
one of its variations, picked at random (`Random`, with the injected generator) or by attempt
number (`Ordered`: the initial prompt says the first, retry 1 the second...). `{slotName}` is
replaced with the slot's interpreted value (its original value when there is none; a list as
"a, b and c"), `[attribute]` with a session attribute and `((attribute))` with a request
attribute (a search intent's answer arrives as request attributes). Within a group, a message
whose `((…))` placeholders all have a value is preferred, as Lex picks one for a search answer.
This module never decides which prompt is due.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping

from bot.nlu.types import Slot
from bot.project import messages as spec
from bot.project.schema import IntentDefinition
from bot.turn import Button, IntentState, Message, ResponseCard

# One pass over `((request attribute))`, `{slot}` and `[session attribute]`: a value put in is
# never read again as a placeholder.
_PLACEHOLDER = re.compile(r"\(\(([\w:.\-]+)\)\)|\{(\w+)\}|\[([\w:.\-]+)\]")
_REQUEST = re.compile(r"\(\(([\w:.\-]+)\)\)")
_NONE: Mapping[str, str] = {}


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
        *,
        request: Mapping[str, str] = _NONE,
    ) -> list[Message]:
        if response is None:
            return []
        return self._groups(response.messageGroupsList, "Random", 0, intent, attributes, request)

    def prompt(
        self,
        prompt: spec.PromptSpecification | None,
        intent: IntentState | None,
        attributes: dict[str, str],
        attempt: int = 0,
        *,
        request: Mapping[str, str] = _NONE,
    ) -> list[Message]:
        if prompt is None:
            return []
        strategy = prompt.messageSelectionStrategy
        return self._groups(
            prompt.messageGroupsList, strategy, attempt, intent, attributes, request
        )

    def _groups(
        self,
        groups: list[spec.MessageGroup],
        strategy: str,
        attempt: int,
        intent: IntentState | None,
        attributes: dict[str, str],
        request: Mapping[str, str],
    ) -> list[Message]:
        out = []
        for group in groups:
            choices = group.all_messages()
            filled = [m for m in choices if _has_request_values(m, request)]
            choices = filled or choices
            if strategy == "Ordered":
                chosen = choices[attempt % len(choices)]
            else:
                chosen = choices[self.rng.randrange(len(choices))]
            out.append(_message(chosen, lambda text: substitute(text, intent, attributes, request)))
        return out


def _has_request_values(message: spec.Message, request: Mapping[str, str]) -> bool:
    return all(name in request for text in message.texts() for name in _REQUEST.findall(text))


def substitute(
    text: str,
    intent: IntentState | None,
    attributes: Mapping[str, str],
    request: Mapping[str, str] = _NONE,
) -> str:
    """`((request attribute))`, `{slot}` and `[session attribute]` filled in; an unknown
    placeholder stays as written (an unfilled slot says nothing)."""
    slots = intent.slots if intent is not None else {}

    def fill(m: re.Match[str]) -> str:
        asked, slot, attribute = m.groups()
        if asked is not None:
            return request.get(asked, m.group(0))
        if slot is not None:
            return slot_text(slots[slot]) if slot in slots else m.group(0)
        return attributes.get(attribute, m.group(0))

    return _PLACEHOLDER.sub(fill, text)


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
