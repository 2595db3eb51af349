"""JSON-lines NLU datasets (`{"text", "intent", "entities": [{"start", "end", "entity", "value"}]}`)
read into a `Domain`, with slot types inferred from the data: one open custom type per entity label.

The inferred types list no values of their own: the annotated values already reach the tagger's
gazetteer through the examples, where each example's own values can be left out of its features.
Listing them again as type values would let every training example see its own answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from bot.nlu.types import (
    OUT_OF_SCOPE_LABELS,
    Domain,
    EntitySpan,
    Example,
    IntentSpec,
    SlotSpec,
    SlotTypeSpec,
)


def read_jsonl(path: Path) -> list[Example]:
    examples = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                entities = tuple(
                    EntitySpan(
                        int(e["start"]),
                        int(e["end"]),
                        str(e["entity"]),
                        str(e.get("value") or row["text"][e["start"] : e["end"]]),
                    )
                    for e in row.get("entities") or ()
                )
                examples.append(Example(str(row["text"]), str(row["intent"]), entities))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a dataset line ({exc})") from exc
    return examples


def infer_domain(examples: Iterable[Example]) -> Domain:
    examples = tuple(examples)
    slots_of: dict[str, dict[str, None]] = {}
    for ex in examples:
        slots = slots_of.setdefault(ex.intent, {})
        for e in ex.entities:
            slots.setdefault(e.entity)
    labels = {label for slots in slots_of.values() for label in slots}
    slot_types = {label: SlotTypeSpec(label) for label in sorted(labels)}
    intents = {
        intent: IntentSpec(intent, {s: SlotSpec(s, s) for s in slots})
        for intent, slots in slots_of.items()
        if intent not in OUT_OF_SCOPE_LABELS
    }
    return Domain(intents, slot_types, examples)
