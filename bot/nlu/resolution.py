"""Slot resolution: turn a span of text into a Lex slot value, using only the slot types the
intent declares (built-in resolvers, or custom values and synonyms with their strategy).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from bot.nlu.builtins import canonical_name, get_builtin
from bot.nlu.tokens import normalized_key
from bot.nlu.types import ParseContext, SlotTypeSpec, SlotValue

_LIST_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*", re.IGNORECASE)
_ARTICLES = re.compile(r"^(?:the|a|an|my)\s+")
MAX_RESOLVED = 5  # Lex lists at most five resolved values


class CustomSlotType:
    """Values and synonyms of one custom slot type, keyed by normalised text. A phrase may stand
    for several values (Lex lists them all in `resolvedValues`, the first one first)."""

    def __init__(self, spec: SlotTypeSpec) -> None:
        self.spec = spec
        self._canonical: dict[str, list[str]] = {}
        for v in spec.values:
            for said in (v.value, *v.synonyms):
                found = self._canonical.setdefault(normalized_key(said), [])
                if v.value not in found:
                    found.append(v.value)
        self._regex = re.compile(spec.regex) if spec.regex else None

    @property
    def keys(self) -> list[str]:
        return list(self._canonical)

    def lookup(self, text: str) -> list[str] | None:
        """The values `text` stands for, best first; None when it names none."""
        key = normalized_key(text)
        found = self._canonical.get(key)
        if found is None and key:
            found = self._canonical.get(_ARTICLES.sub("", key))
        return found

    def fuzzy_lookup(self, text: str) -> list[str] | None:
        found = self.lookup(text)
        if found is None and self._canonical:
            close = difflib.get_close_matches(normalized_key(text), self.keys, n=1, cutoff=0.85)
            found = self._canonical[close[0]] if close else None
        return found

    def resolve(self, text: str, *, open_values: bool = True) -> SlotValue | None:
        original = text.strip()
        if self._regex is not None:
            compact = re.sub(r"[\s-]+", "", original)
            if not self._regex.fullmatch(compact):
                return None
            return SlotValue(original, compact, [compact])
        candidates = (self.fuzzy_lookup(original) or [])[:MAX_RESOLVED]
        if self.spec.resolution == "TopResolution":
            if not candidates:
                return None
            return SlotValue(original, candidates[0], candidates)
        if not candidates and not open_values:
            return None
        return SlotValue(original, original, candidates)


class SlotResolver:
    def __init__(self, slot_types: dict[str, SlotTypeSpec]) -> None:
        self._custom = {name: CustomSlotType(spec) for name, spec in slot_types.items()}

    def custom(self, slot_type: str) -> CustomSlotType | None:
        return self._custom.get(slot_type)

    def resolve(
        self, slot_type: str, text: str, ctx: ParseContext, *, open_values: bool = True
    ) -> SlotValue | None:
        """The value of `text` as a `slot_type`, or None when it is not one."""
        custom = self._custom.get(slot_type)
        if custom is not None:
            return custom.resolve(text, open_values=open_values)
        builtin = get_builtin(slot_type)
        if builtin is None:
            return None
        res = builtin.resolve(text, ctx)
        if res is None:
            return None
        return SlotValue(text.strip(), res.interpreted_value, list(res.resolved_values))

    def resolve_list(self, slot_type: str, text: str, ctx: ParseContext) -> list[SlotValue]:
        """A multi-valued slot: values split on commas and "and"."""
        values = []
        offset = 0
        for part in _LIST_SPLIT.split(text):
            if not part.strip():
                continue
            start = text.find(part, offset)
            offset = start + len(part)
            value = self.resolve(slot_type, part, ctx)
            if value is not None:
                value.start, value.end = start, offset
                values.append(value)
        return values


@lru_cache(maxsize=256)
def is_builtin(slot_type: str) -> bool:
    return canonical_name(slot_type) is not None
