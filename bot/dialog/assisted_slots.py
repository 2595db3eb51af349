"""Assisted slot resolution, as Lex runs it for a slot with `slotResolutionStrategy:
EnhancedFallback` in a locale that enables it: an answer to the slot's prompt that the NLU could
not read is given to a `SlotAssistant` (a language model), and the value it reads there fills
the slot as if the user had said it.

The model's text is resolved with the slot type's own resolver, so a closed type never takes a
value it does not list; the slot's original value stays what the user said. No value, a value
the type rejects, a failure or a timeout is an ordinary failed attempt, decided by the caller.
Logs name the slot and the outcome, never what the user or the model said.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from bot.dialog.assist import SlotAssistant, SlotAssistFailed, SlotQuestion
from bot.dialog.dialog_turn import MAX_INTERPRETATIONS, DialogTurn
from bot.nlu.builtins import canonical_name
from bot.nlu.elicitation import read_answer
from bot.nlu.types import Interpretation, Slot, SlotSpec, SlotValue
from bot.nlu.understanding import Understanding
from bot.project.loader import BotProject
from bot.project.schema import IntentDefinition

log = logging.getLogger(__name__)
_SPOKEN = ("PlainText", "SSML")


class AssistedSlots:
    def __init__(self, project: BotProject, nlu: Understanding, assistant: SlotAssistant | None):
        self.nlu = nlu
        self.locale = project.locale
        enabled = project.config.locale(project.locale).slot_resolution is not None
        self.assistant = assistant if enabled else None

    def fill(self, turn: DialogTurn, definition: IntentDefinition, slot: str) -> bool:
        """Ask the assistant for the value of `slot` in the user's answer; True when it filled
        the slot (the answer then counts as understood)."""
        intent, found = turn.intent, definition.slot(slot)
        if self.assistant is None or intent is None or found is None or not found.assisted:
            return False
        intent_spec = self.nlu.intents.get(definition.name)
        spec = intent_spec.slots.get(slot) if intent_spec is not None else None
        if spec is None or not turn.text.strip():
            return False
        where = f"{definition.name}.{slot}"
        try:
            said = self.assistant.resolve(self._question(turn, definition, spec))
        except SlotAssistFailed as exc:
            log.warning("assisted resolution of %s failed: %s", where, exc)
            return False
        value = self._resolved(turn, spec, said) if said else None
        if value is None:
            rejected = "a value its type rejects" if said else "no value"
            log.info("assisted resolution of %s: the model gave %s", where, rejected)
            return False
        intent.slots[slot] = value
        others = [i for i in turn.interpretations if i.intent != intent.name]
        found_by_model = Interpretation(intent.name, None, dict(intent.slots), source="Bedrock")
        turn.interpretations = [found_by_model, *others][:MAX_INTERPRETATIONS]
        return True

    def _question(
        self, turn: DialogTurn, definition: IntentDefinition, spec: SlotSpec
    ) -> SlotQuestion:
        slot_type = canonical_name(spec.slot_type) or spec.slot_type
        custom = self.nlu.resolver.custom(slot_type)
        values = custom.spec.values if custom is not None and not custom.spec.regex else ()
        return SlotQuestion(
            locale=self.locale,
            intent=definition.name,
            slot=spec.name,
            slot_type=slot_type,
            prompt=_said_prompt(turn, definition, spec.name),
            answer=turn.text.strip(),
            today=turn.ctx.now.astimezone(ZoneInfo(turn.ctx.time_zone)).date().isoformat(),
            values=values,
            multi_valued=spec.multi_valued,
        )

    def _resolved(self, turn: DialogTurn, spec: SlotSpec, said: str) -> Slot:
        value, _ = read_answer(said, spec, self.nlu.resolver, turn.ctx)
        if isinstance(value, SlotValue):
            # What the user said is the original value; the model only helped to resolve it.
            text = turn.text.strip()
            value = SlotValue(text, value.interpreted_value, value.resolved_values, 0, len(text))
        return value


def _said_prompt(turn: DialogTurn, definition: IntentDefinition, slot: str) -> str:
    """What the bot said last (the prompt being answered), else the slot's configured prompt."""
    said = " ".join(
        m.content for m in turn.doc.last_messages if m.content and m.content_type in _SPOKEN
    )
    if said:
        return said
    found = definition.slot(slot)
    prompt = found.valueElicitationSetting.promptSpecification if found else None
    if prompt is None:
        return ""
    return " ".join(t for g in prompt.messageGroupsList for t in g.message.texts())
