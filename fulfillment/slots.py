"""Lex V2 slot values in their three shapes: read them, and build them.

A V2 slot is `null` (not filled), a `Scalar` (`{"value": {"originalValue", "interpretedValue",
"resolvedValues"}}`, the shape often left out), a `List` (multi-valued slots: the joined text in
`value`, each item in `values`) or a `Composite` (`subSlots`, a map of slots). The readers here
accept all three and never raise on a missing or `null` field: a code hook must not crash on a
slot Lex did not fill. Values are strings, as Lex gives them: a number or boolean in an event
(some producers write `"interpretedValue": 4`) is read as its JSON text ("4", "true").
Standard library only; nothing here validates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

# What a reader returns: a string for a scalar, a list for a List slot, a map for a Composite.
SlotValue: TypeAlias = "str | list[SlotValue] | dict[str, SlotValue] | None"
Slot: TypeAlias = "Mapping[str, Any] | None"


def interpreted_value(slot: Slot) -> SlotValue:
    """The value Lex resolved: `str` (Scalar), `list[str]` (List), `dict` (Composite) or None."""
    return _read(slot, "interpretedValue")


def original_value(slot: Slot) -> SlotValue:
    """What the user actually said, in the same shapes as `interpreted_value`."""
    return _read(slot, "originalValue")


def resolved_values(slot: Slot) -> list[str]:
    """The candidate resolutions of a scalar slot (`value.resolvedValues`), or []."""
    value = _value(slot)
    found = value.get("resolvedValues") if value else None
    items = [text_value(v) for v in found] if isinstance(found, list) else []
    return [v for v in items if v is not None]


def text_value(value: Any) -> str | None:
    """A slot value as Lex reads it: a string as it is, a number or boolean as its JSON text
    (`4` → "4", `True` → "true"), anything else (null, a map) None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return None


def interpreted_values(slot: Slot) -> list[str]:
    """Every interpreted value as a flat list: [] (empty), [v] (Scalar), [v, …] (List).

    Handy when a handler accepts one or several values alike; a Composite gives [].
    """
    found = interpreted_value(slot)
    if isinstance(found, str):
        return [found]
    if isinstance(found, list):
        return [v for v in found if isinstance(v, str)]
    return []


def shape(slot: Slot) -> str | None:
    """`Scalar`, `List` or `Composite` (Scalar when left out), or None for an empty slot."""
    if not slot:
        return None
    return str(slot.get("shape") or "Scalar")


def scalar_slot(
    value: str, original: str | None = None, resolved: Iterable[str] | None = None
) -> dict[str, Any]:
    """A filled Scalar slot, as a response carries it (e.g. to correct a value)."""
    return {
        "shape": "Scalar",
        "value": {
            "originalValue": value if original is None else original,
            "interpretedValue": value,
            "resolvedValues": [value] if resolved is None else list(resolved),
        },
    }


def list_slot(values: Iterable[str]) -> dict[str, Any]:
    """A filled List slot: the items in `values`, their joined text in `value`."""
    items = list(values)
    joined = ", ".join(items)
    return {
        "shape": "List",
        "value": {"originalValue": joined, "interpretedValue": joined, "resolvedValues": items},
        "values": [scalar_slot(item) for item in items],
    }


def as_slot(value: Any) -> Any:
    """A slot for a response: None stays None (clears it), a str becomes a Scalar slot, a list
    or tuple of str a List slot, and a dict is taken as an already-built slot."""
    if value is None or isinstance(value, Mapping):
        return value
    if isinstance(value, str):
        return scalar_slot(value)
    if isinstance(value, list | tuple):
        return list_slot(value)
    raise TypeError(f"a slot is None, a str, a list of str or a slot dict, not {value!r}")


def _read(slot: Slot, key: str) -> SlotValue:
    kind = shape(slot)
    if kind is None or slot is None:
        return None
    if kind == "List":
        items = slot.get("values")
        if not items:  # some producers only send the joined value
            single = _scalar(slot, key)
            return [single] if single is not None else []
        found = [_read(item, key) for item in items]
        return [v for v in found if v is not None]
    if kind == "Composite":
        subs = slot.get("subSlots") or {}
        return {name: _read(sub, key) for name, sub in subs.items()}
    return _scalar(slot, key)


def _scalar(slot: Mapping[str, Any], key: str) -> str | None:
    value = _value(slot)
    return text_value(value.get(key)) if value else None


def _value(slot: Slot) -> Mapping[str, Any] | None:
    value = slot.get("value") if slot else None
    return value if isinstance(value, Mapping) else None
