"""Reading a bare answer to a slot prompt ("Maria", "the 12th", "jo@example.com") as the value of
the slot being elicited: by the slot's type first, then its slot sample utterances, then values
of that type found inside a longer answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.nlu.builtins import canonical_name, get_builtin
from bot.nlu.resolution import SlotResolver
from bot.nlu.types import (
    EntityMatch,
    IntentSpec,
    Interpretation,
    ParseContext,
    ParseResult,
    Slot,
    SlotSpec,
    SlotValue,
)

if TYPE_CHECKING:
    from bot.nlu.exact import ExactMatcher

FREE_FORM = "AMAZON.FreeFormInput"
# Types whose resolver accepts almost any short text: an exact intent match should win over them.
OPEN_TYPES = frozenset({FREE_FORM, "AMAZON.FirstName", "AMAZON.LastName", "AMAZON.AlphaNumeric"})
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=512)
def _template_regex(template: str, slot: str) -> re.Pattern[str] | None:
    """`my name is {firstName}` → a regex with a `v` group for the slot, other slots as `.+?`."""
    if "{" + slot + "}" not in template:
        return None
    parts: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(r"\s*".join(re.escape(w) for w in template[pos : m.start()].split()))
        parts.append(r"\s*(?P<v>.+?)\s*" if m.group(1) == slot else r"\s*.+?\s*")
        pos = m.end()
    parts.append(r"\s*".join(re.escape(w) for w in template[pos:].split()))
    return re.compile(r"^\s*" + "".join(parts) + r"\s*[.!?]*\s*$", re.IGNORECASE)


def read_answer(
    text: str, spec: SlotSpec, resolver: SlotResolver, ctx: ParseContext
) -> tuple[SlotValue | list[SlotValue] | None, bool]:
    """The slot value in `text`, and whether it came from an open type that accepts anything."""
    slot_type = canonical_name(spec.slot_type) or spec.slot_type
    stripped = text.strip().rstrip(".!?").strip()
    if not stripped:
        return None, False
    if slot_type == FREE_FORM:
        return SlotValue(text.strip(), text.strip(), [text.strip()], 0, len(text)), True
    open_type = slot_type in OPEN_TYPES
    candidates = [(stripped, text.find(stripped))]
    for template in spec.sample_utterances:
        rx = _template_regex(template, spec.name)
        m = rx.match(text) if rx else None
        if m:
            candidates.insert(0, (m.group("v"), m.start("v")))
    for candidate, start in candidates:
        value = _resolve(candidate, spec, slot_type, resolver, ctx, open_values=False)
        if value is not None:
            _place(value, start, len(candidate))
            return value, open_type
    found = _find_inside(text, slot_type, resolver, ctx)
    if found is not None:
        return found, False
    custom = resolver.custom(slot_type)
    if (
        custom is not None
        and custom.spec.resolution == "OriginalValue"
        and len(stripped.split()) <= 4
    ):
        # Lex "expand values": a short answer fills the slot even if it is not a listed value.
        value = custom.resolve(stripped, open_values=True)
        if value is not None:
            _place(value, max(0, text.find(stripped)), len(stripped))
            return value, True
    return None, False


def elicited_answer(
    text: str,
    intent: str,
    slot: str,
    intents: Mapping[str, IntentSpec],
    resolver: SlotResolver,
    exact: ExactMatcher,
    ctx: ParseContext,
) -> SlotValue | list[SlotValue] | None:
    """What a bare answer to the prompt for `intent`'s `slot` gives that slot; None when it gives
    nothing, or when it is a known utterance of another intent (the user switched intent)."""
    spec = intents.get(intent)
    slot_spec = spec.slots.get(slot) if spec else None
    if slot_spec is None:
        return None
    value, open_type = read_answer(text, slot_spec, resolver, ctx)
    if value is not None and open_type:
        hit = exact.match(text)
        if hit is not None and hit[0].intent != intent:
            return None
    return value


def elicited_result(
    text: str,
    intent: str,
    slot: str,
    value: SlotValue | list[SlotValue],
    slots: dict[str, Slot],
    entities: list[EntityMatch],
) -> ParseResult:
    """The parse of an answer to a slot prompt: `intent` for certain, `value` in `slot`, beside
    the other slots and entities read in the same text."""
    slots[slot] = value
    entities = [e for e in entities if e.slot != slot]
    if isinstance(value, SlotValue):
        entities.append(EntityMatch(slot, value.start, value.end))
    return ParseResult(text, [Interpretation(intent, 1.0, slots)], entities, "elicited")


def _resolve(
    text: str,
    spec: SlotSpec,
    slot_type: str,
    resolver: SlotResolver,
    ctx: ParseContext,
    *,
    open_values: bool,
) -> SlotValue | list[SlotValue] | None:
    if spec.multi_valued:
        values = resolver.resolve_list(slot_type, text, ctx)
        return values or None
    return resolver.resolve(slot_type, text, ctx, open_values=open_values)


def _place(value: SlotValue | list[SlotValue], start: int, length: int) -> None:
    if isinstance(value, SlotValue) and value.start < 0:
        value.start, value.end = max(start, 0), max(start, 0) + length


def _find_inside(
    text: str, slot_type: str, resolver: SlotResolver, ctx: ParseContext
) -> SlotValue | None:
    builtin = get_builtin(slot_type)
    if builtin is not None:
        for m in builtin.find(text, ctx):
            r = m.resolution
            return SlotValue(m.text, r.interpreted_value, list(r.resolved_values), m.start, m.end)
        return None
    custom = resolver.custom(slot_type)
    if custom is None:
        return None
    words = list(re.finditer(r"\w+", text))
    best: SlotValue | None = None
    for i in range(len(words)):
        for j in range(min(len(words), i + 7), i, -1):
            start, end = words[i].start(), words[j - 1].end()
            if best is not None and end - start <= best.end - best.start:
                break
            if custom.lookup(text[start:end]) is not None:
                value = custom.resolve(text[start:end])
                if value is not None:
                    value.start, value.end = start, end
                    best = value
                break
    return best
