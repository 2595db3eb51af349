"""A locale's Rasa NLU training data (`training_data/*.yml`) as far as a Lex export can hold it.

Intent examples become sample utterances (`[PyCon](eventName)` -> `{eventName}`), synonym and
lookup blocks are merged into the custom slot types as the loader merges them, and an example's
`[the ML meetup]{"entity": "eventName", "value": "Data Science Meetup"}` adds a synonym to the
slot type. Lex has no place for out-of-scope (`oos`) examples, examples of built-in intents or
`regex:` features: those are logged as not exported. This module only reads the texts it is
given; the files passed `bot check` before.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.nlu.builtins import canonical_name
from bot.nlu.types import Example
from bot.project.rasa_nlu import RasaBlock, meanings, merge_into_slot_types, parse_rasa_nlu
from bot.project.schema import IntentDefinition
from bot.project.slot_types import SampleValue, SlotTypeDefinition, SlotTypeValueDefinition
from bot.project.yaml_source import parse_yaml

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RasaExtras:
    utterances: dict[str, list[str]] = field(default_factory=dict)  # intent -> new templates
    slot_types: dict[str, SlotTypeDefinition] = field(default_factory=dict)  # merged types


def read_rasa_extras(
    training_data: Mapping[str, str],
    intents: Mapping[str, IntentDefinition],
    slot_types: Mapping[str, SlotTypeDefinition],
    prefix: str = "",
) -> RasaExtras:
    blocks: list[RasaBlock] = []
    for name, text in sorted(training_data.items()):
        doc, _ = parse_yaml(text, f"{prefix}training_data/{name}")
        if doc is not None:
            blocks += parse_rasa_nlu(doc)[0]
    if not blocks:
        return RasaExtras()
    merged, _ = merge_into_slot_types(blocks, slot_types)
    values = {
        name: {v.sampleValue.value: [s.value for s in v.synonyms] for v in t.slotTypeValues}
        for name, t in merged.items()
    }
    extras = RasaExtras()
    lost: Counter[str] = Counter()
    for block in blocks:
        if block.kind == "regex":
            log.warning(
                "%s: Rasa regex feature %r not exported (Lex V2 has no NLU regex features)",
                block.doc.file,
                block.name,
            )
        if block.kind != "intent":
            continue
        intent = intents.get(block.name)
        if intent is None or intent.is_builtin or intent.is_fallback:
            lost[block.name] += len(block.examples)
            continue
        for located in block.examples:
            extras.utterances.setdefault(block.name, []).append(template(located.example))
            _add_synonyms(located.example, intent, values)
    for name, count in lost.items():
        log.warning(
            "%d Rasa examples of %s not exported: Lex V2 gives built-in and fallback intents "
            "no sample utterances",
            count,
            name,
        )
    extras.slot_types = {
        name: slot_type.model_copy(update={"slotTypeValues": _as_values(values[name])})
        for name, slot_type in merged.items()
    }
    return extras


def template(example: Example) -> str:
    """The example as a Lex sample utterance: each marked value replaced by `{slot}`."""
    text = example.text
    for span in sorted(example.entities, key=lambda s: s.start, reverse=True):
        text = f"{text[: span.start]}{{{span.entity}}}{text[span.end :]}"
    return text


def _add_synonyms(
    example: Example, intent: IntentDefinition, values: dict[str, dict[str, list[str]]]
) -> None:
    for span in example.entities:
        said = example.text[span.start : span.end]
        slot = intent.slot(span.entity)
        if slot is None or canonical_name(slot.slotTypeName) or slot.slotTypeName not in values:
            continue
        type_values = values[slot.slotTypeName]
        known = meanings(type_values)
        canonical = known.get(span.value.casefold())
        if canonical is not None and said.casefold() not in known:
            type_values[canonical].append(said)


def _as_values(type_values: Mapping[str, list[str]]) -> list[SlotTypeValueDefinition]:
    return [
        SlotTypeValueDefinition(
            sampleValue=SampleValue(value=value), synonyms=[SampleValue(value=s) for s in synonyms]
        )
        for value, synonyms in type_values.items()
    ]
