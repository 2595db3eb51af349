"""Turning validated bot definitions into the neutral `Domain` an NLU engine is trained on.

Intents become `IntentSpec`s with canonical slot-type names, custom slot types `SlotTypeSpec`s,
and the examples are the Rasa examples plus the expanded intent templates and the phrases of
built-in intents. Input must already be checked (every slot type resolves); this module adds no
validation and reads no files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.nlu.builtins import builtin_samples, canonical_name
from bot.nlu.types import (
    Domain,
    Example,
    IntentSpec,
    SlotSpec,
    SlotTypeSpec,
    SlotTypeValue,
)
from bot.project.builtin_intents import builtin_phrases
from bot.project.schema import IntentDefinition
from bot.project.slot_types import SlotTypeDefinition
from bot.project.templates import SlotValueSample, expand_intent


def build_domain(
    intents: Mapping[str, IntentDefinition],
    slot_types: Mapping[str, SlotTypeDefinition],
    examples: Sequence[Example],
    locale: str = "en_US",
) -> Domain:
    """The domain of one locale; `locale` picks the language of built-in types' sample values."""
    specs = {name: _intent_spec(intent, slot_types) for name, intent in intents.items()}
    types = {name: _slot_type_spec(t) for name, t in slot_types.items()}
    generated: list[Example] = []
    for name, intent in intents.items():
        if intent.is_fallback:
            continue  # the fallback learns only from out-of-scope examples
        if intent.is_builtin and intent.parentIntentSignature:
            generated += [Example(p, name) for p in builtin_phrases(intent.parentIntentSignature)]
            continue
        pools = {
            s.name: value_pool(specs[name].slots[s.name].slot_type, types, locale)
            for s in intent.slots
        }
        cover = frozenset(s.name for s in intent.slots if s.slotTypeName in types)
        generated += expand_intent(name, intent.sampleUtterances, pools, cover)
    return Domain(specs, types, tuple(examples) + tuple(generated))


def _intent_spec(
    intent: IntentDefinition, slot_types: Mapping[str, SlotTypeDefinition]
) -> IntentSpec:
    slots = {
        s.name: SlotSpec(
            name=s.name,
            slot_type=canonical_name(s.slotTypeName) or s.slotTypeName,
            multi_valued=s.multi_valued,
            sample_utterances=tuple(s.valueElicitationSetting.sampleUtterances),
        )
        for s in intent.ordered_slots()
    }
    return IntentSpec(intent.name, slots, tuple(c.name for c in intent.inputContexts))


def _slot_type_spec(slot_type: SlotTypeDefinition) -> SlotTypeSpec:
    values = tuple(
        SlotTypeValue(v.sampleValue.value, tuple(s.value for s in v.synonyms))
        for v in slot_type.slotTypeValues
    )
    return SlotTypeSpec(
        name=slot_type.name,
        values=values,
        resolution=slot_type.resolution,
        regex=slot_type.regex,
        parent=slot_type.parentSlotTypeSignature,
    )


def value_pool(
    slot_type: str, custom: Mapping[str, SlotTypeSpec], locale: str = "en_US"
) -> list[SlotValueSample]:
    """What may fill a `{Slot}` of this type in a template: (as said, canonical value) pairs."""
    spec = custom.get(slot_type)
    if spec is None:
        return [(s, s) for s in builtin_samples(slot_type, locale)]
    pool = [(said, v.value) for v in spec.values for said in (v.value, *v.synonyms)]
    if not pool and spec.parent:
        # A regex type: the parent's samples that pass the filter, or all of them if none do.
        samples = builtin_samples(spec.parent, locale)
        matching = [s for s in samples if spec.regex and re.fullmatch(spec.regex, s)]
        pool = [(s, s) for s in matching or samples]
    return pool
