"""Expanding Lex sample utterances (`book {EventName} for {Date}`) into annotated examples.

Each `{Slot}` placeholder is filled with values of the slot's type: custom types give their
values and synonyms (the span's value is then the canonical value), built-ins their sample
values. Expansion is deterministic - the shuffling is seeded from the template text - makes at
most `limit` variants per template (fewer when the value space is smaller), and adds variants
where needed so that every value and synonym of a custom type appears somewhere in the intent's
examples. It knows nothing of files or slot-type definitions: callers pass the value pools.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

from bot.nlu.types import EntitySpan, Example

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SLOT_NAME = re.compile(r"^([0-9a-zA-Z][_-]?)+$")
VARIANTS_PER_TEMPLATE = 8

# A value as it may be said, and the canonical value it stands for.
SlotValueSample = tuple[str, str]
ValuePools = Mapping[str, Sequence[SlotValueSample]]


def placeholders(template: str) -> list[str]:
    """The slot names in `template`, in order (repeats kept)."""
    return PLACEHOLDER.findall(template)


def template_error(template: str) -> str | None:
    """Why `template` is malformed (stray brace, empty or invalid `{name}`), or None."""
    names = placeholders(template)
    if "{" in PLACEHOLDER.sub("", template) or "}" in PLACEHOLDER.sub("", template):
        return "unbalanced '{' or '}'"
    bad = [n for n in names if not SLOT_NAME.match(n)]
    if bad:
        return f"{{{bad[0]}}} is not a valid slot placeholder"
    if not PLACEHOLDER.sub("", template).strip() and not names:
        return "empty utterance"
    return None


def expand_intent(
    intent: str,
    templates: Sequence[str],
    pools: ValuePools,
    cover: frozenset[str] = frozenset(),
    limit: int = VARIANTS_PER_TEMPLATE,
) -> list[Example]:
    """All examples for one intent's templates; slots named in `cover` get every pool value used."""
    expansions = [_Expansion(t, pools) for t in templates]
    examples: list[Example] = []
    for expansion in expansions:
        examples.extend(expansion.variant(intent, i) for i in range(expansion.count(limit)))
    examples.extend(_coverage_examples(intent, expansions, examples, pools, cover, limit))
    return _unique(examples)


def expand_template(
    template: str, intent: str, pools: ValuePools, limit: int = VARIANTS_PER_TEMPLATE
) -> list[Example]:
    """The variants of one template (no coverage guarantee)."""
    expansion = _Expansion(template, pools)
    return _unique([expansion.variant(intent, i) for i in range(expansion.count(limit))])


class _Expansion:
    """One template with a seeded value order per slot; variant i takes the i-th value of each."""

    def __init__(self, template: str, pools: ValuePools) -> None:
        self.template = template
        self.parts = PLACEHOLDER.split(template)  # literal, name, literal, name, ..., literal
        self.slots = list(dict.fromkeys(placeholders(template)))
        rng = random.Random(template)
        self.orders: dict[str, list[SlotValueSample]] = {}
        for slot in self.slots:
            order = list(dict.fromkeys(pools.get(slot, ())))
            rng.shuffle(order)
            self.orders[slot] = order

    def count(self, limit: int) -> int:
        if not self.slots:
            return 1
        if any(not order for order in self.orders.values()):
            return 0  # a slot without any value to say cannot be expanded
        return min(limit, max(len(order) for order in self.orders.values()))

    def variant(
        self, intent: str, i: int, fixed: Mapping[str, SlotValueSample] | None = None
    ) -> Example:
        chosen = {s: order[i % len(order)] for s, order in self.orders.items() if order}
        chosen.update(fixed or {})
        text = ""
        entities: list[EntitySpan] = []
        for k, part in enumerate(self.parts):
            if k % 2 == 0:
                text += part
                continue
            said, canonical = chosen[part]
            entities.append(EntitySpan(len(text), len(text) + len(said), part, canonical))
            text += said
        return Example(text, intent, tuple(entities))


def _coverage_examples(
    intent: str,
    expansions: Sequence[_Expansion],
    examples: Sequence[Example],
    pools: ValuePools,
    cover: frozenset[str],
    limit: int,
) -> list[Example]:
    used = {(e.entity, ex.text[e.start : e.end], e.value) for ex in examples for e in ex.entities}
    extra: list[Example] = []
    for slot in sorted(cover):
        hosts = [x for x in expansions if slot in x.slots and x.count(limit) > 0]
        if not hosts:
            continue
        missing = [v for v in dict.fromkeys(pools.get(slot, ())) if (slot, *v) not in used]
        for j, value in enumerate(missing):
            host = hosts[j % len(hosts)]
            extra.append(host.variant(intent, host.count(limit) + j, fixed={slot: value}))
    return extra


def _unique(examples: Sequence[Example]) -> list[Example]:
    seen: set[str] = set()
    out: list[Example] = []
    for ex in examples:
        if ex.text not in seen:
            seen.add(ex.text)
            out.append(ex)
    return out
