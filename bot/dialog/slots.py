"""Slot bookkeeping of an intent: its empty slot map, default values, merging what the user said,
the next required slot, and reading a changed value while a confirmation is pending.

Slot values come from the NLU; this module only decides which of them an intent keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.dialog.prompts import slot_text
from bot.nlu.elicitation import read_answer
from bot.nlu.types import ParseContext, Slot, SlotValue
from bot.nlu.understanding import Understanding
from bot.project.schema import IntentDefinition
from bot.turn import IntentState


def new_intent(definition: IntentDefinition) -> IntentState:
    return IntentState(definition.name, dict.fromkeys((s.name for s in definition.slots), None))


def with_all_slots(definition: IntentDefinition, intent: IntentState) -> IntentState:
    """Every slot of the intent listed, unfilled ones as None (as Lex returns them)."""
    slots: dict[str, Slot] = {s.name: intent.slots.get(s.name) for s in definition.ordered_slots()}
    slots.update({k: v for k, v in intent.slots.items() if k not in slots})
    intent.slots = slots
    return intent


def next_required_slot(definition: IntentDefinition, intent: IntentState) -> str | None:
    for slot in definition.ordered_slots():
        if slot.required and intent.slots.get(slot.name) is None:
            return slot.name
    return None


def merge(intent: IntentState, found: Mapping[str, Slot]) -> None:
    """What the user said replaces what the intent had (the user restated or corrected it)."""
    for name, value in found.items():
        if value is not None and name in intent.slots:
            intent.slots[name] = value


def merge_answer(intent: IntentState, elicited: str, found: Mapping[str, Slot]) -> None:
    """An answer to a slot prompt: the elicited slot, plus values volunteered for empty slots
    from other parts of the answer (a volunteered value never replaces one already given)."""
    answer = found.get(elicited)
    intent.slots[elicited] = answer
    for name, value in found.items():
        if name == elicited or value is None or intent.slots.get(name) is not None:
            continue
        if name in intent.slots and not _overlaps(value, answer):
            intent.slots[name] = value


def _overlaps(a: Slot, b: Slot) -> bool:
    if not isinstance(a, SlotValue) or not isinstance(b, SlotValue):
        return False
    if min(a.start, b.start) < 0:
        return False
    return a.start < b.end and b.start < a.end


def same_value(a: Slot, b: Slot) -> bool:
    def key(slot: Slot) -> tuple[str, ...]:
        if slot is None:
            return ()
        values = slot if isinstance(slot, list) else [slot]
        return tuple((v.interpreted_value or v.original_value).casefold() for v in values)

    return key(a) == key(b)


# ---------------------------------------------------------------- default values


def apply_defaults(
    definition: IntentDefinition,
    intent: IntentState,
    nlu: Understanding,
    ctx: ParseContext,
    *,
    contexts: Mapping[str, Mapping[str, str]],
    session_attributes: Mapping[str, str],
    request_attributes: Mapping[str, str],
) -> None:
    """Fill empty slots from `defaultValueSpecification`, first usable default wins:
    `#context.attribute`, `[session attribute]`, `<request attribute>`, or a fixed value."""
    for slot in definition.slots:
        setting = slot.valueElicitationSetting.defaultValueSpecification
        if setting is None or intent.slots.get(slot.name) is not None:
            continue
        for default in setting.defaultValueList:
            said = _default_text(
                default.defaultValue, contexts, session_attributes, request_attributes
            )
            if said:
                intent.slots[slot.name] = _as_slot(nlu, definition.name, slot.name, said, ctx)
                break


def _default_text(
    value: str,
    contexts: Mapping[str, Mapping[str, str]],
    session_attributes: Mapping[str, str],
    request_attributes: Mapping[str, str],
) -> str | None:
    if value.startswith("#") and "." in value:
        name, _, attribute = value[1:].partition(".")
        return contexts.get(name, {}).get(attribute)
    if len(value) > 2 and value[0] == "[" and value[-1] == "]":
        return session_attributes.get(value[1:-1])
    if len(value) > 2 and value[0] == "<" and value[-1] == ">":
        return request_attributes.get(value[1:-1])
    return value


def _as_slot(nlu: Understanding, intent: str, slot: str, said: str, ctx: ParseContext) -> Slot:
    """A default value resolved like a spoken one when its type knows it, else taken as is."""
    spec = nlu.intents.get(intent)
    slot_spec = spec.slots.get(slot) if spec else None
    value = nlu.resolver.resolve(slot_spec.slot_type, said, ctx) if slot_spec else None
    if value is None:
        value = SlotValue(said, said, [said])
    return [value] if slot_spec is not None and slot_spec.multi_valued else value


# ---------------------------------------------------------------- corrections


def corrected_slots(
    nlu: Understanding, intent: IntentState, text: str, ctx: ParseContext
) -> dict[str, Slot]:
    """Slots `text` gives a new value for, read as an answer to each slot's prompt. Only types
    with a closed set of values (dates, e-mails, listed event names...) count: an open type such
    as a first name would take any sentence for a value."""
    spec = nlu.intents.get(intent.name)
    if spec is None:
        return {}
    changed: dict[str, Slot] = {}
    for name, slot_spec in spec.slots.items():
        value, open_type = read_answer(text, slot_spec, nlu.resolver, ctx)
        if value is not None and not open_type and not same_value(value, intent.slots.get(name)):
            changed[name] = value
    return changed


def context_attributes(intent: IntentState) -> dict[str, str]:
    """An output context's attributes: the fulfilled intent's filled slots."""
    return {name: slot_text(value) for name, value in intent.slots.items() if value is not None}


# ---------------------------------------------------------------- values set by flow steps


def set_values(
    intent: IntentState,
    values: Mapping[str, list[str] | None],
    value_of: Callable[[str], str | None] = lambda v: v,
) -> None:
    """Set slots to the values a conversation-flow step gives (`value_of` reads references
    such as `{slot}` or `[attribute]`; an empty or unset value clears the slot)."""
    for name, texts in values.items():
        if name not in intent.slots:
            continue
        found = [v for v in (value_of(t) for t in texts or []) if v]
        if not found:
            intent.slots[name] = None
        elif len(found) == 1 and not isinstance(intent.slots.get(name), list):
            intent.slots[name] = SlotValue(found[0], found[0], [found[0]])
        else:
            intent.slots[name] = [SlotValue(v, v, [v]) for v in found]


def slot_texts(slot: Slot) -> list[str]:
    """A slot's interpreted values (its words where it has none); [] when unfilled."""
    if slot is None:
        return []
    values = slot if isinstance(slot, list) else [slot]
    return [
        v.interpreted_value if v.interpreted_value is not None else v.original_value for v in values
    ]
