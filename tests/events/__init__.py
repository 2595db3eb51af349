"""Real-format Lex code-hook events (lex-wire.md §2.1 for V2, §2.3 for V1) and `load_event`.

The JSON files follow the documented events field for field (bare-number `nluConfidence`,
`proposedNextState` on a V2 DialogCodeHook, `null` for unfilled slots). Slot builders here are
written out by hand rather than taken from `fulfillment`, so fixtures never depend on the code
they test.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def load_event(name: str, **overrides: Any) -> dict[str, Any]:
    """A fresh deep copy of `tests/events/<name>.json`, changed by `overrides`:

    * `slots={"email": "ada@example.com", "eventDate": None}` — a string fills a slot (a list
      of strings fills a V2 List slot), None empties it;
    * `date="2020-01-01"` — shorthand for the `eventDate` slot;
    * `intent="EventInfo"`, `confirmation="Confirmed"`, `session_attributes={...}`,
      `source="FulfillmentCodeHook"`;
    * any other keyword replaces the top-level field of that (wire) name.
    """
    event = copy.deepcopy(_read(name.removesuffix(".json")))
    v1 = "currentIntent" in event
    slots = dict(overrides.pop("slots", None) or {})
    if "date" in overrides:
        slots["eventDate"] = overrides.pop("date")
    if "intent" in overrides:
        _rename_intent(event, overrides.pop("intent"), v1)
    for slot, value in slots.items():
        (_set_v1_slot if v1 else _set_v2_slot)(event, slot, value)
    if "confirmation" in overrides:
        value = overrides.pop("confirmation")
        for intent in _v2_intents(event):
            intent["confirmationState"] = value
        if v1:
            event["currentIntent"]["confirmationStatus"] = value
    if "session_attributes" in overrides:
        key = "sessionAttributes"
        holder = event if v1 else event["sessionState"]
        holder[key] = overrides.pop("session_attributes")
    if "source" in overrides:
        event["invocationSource"] = overrides.pop("source")
    for key, value in overrides.items():
        if key not in event:
            raise TypeError(f"unknown override {key!r} for event {name!r}")
        event[key] = value
    return event


@cache
def _read(name: str) -> dict[str, Any]:
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def _v2_intents(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The current intent wherever a V2 event repeats it (state, top interpretation, proposal)."""
    if "sessionState" not in event:
        return []
    current = event["sessionState"]["intent"]
    found = [current]
    interpretations = event.get("interpretations") or []
    if interpretations and interpretations[0]["intent"]["name"] == current["name"]:
        found.append(interpretations[0]["intent"])
    if event.get("proposedNextState"):
        found.append(event["proposedNextState"]["intent"])
    return found


def _rename_intent(event: dict[str, Any], name: str, v1: bool) -> None:
    if v1:
        event["currentIntent"]["name"] = name
        return
    for intent in _v2_intents(event):
        intent["name"] = name
    for transcription in event.get("transcriptions") or []:
        transcription["resolvedContext"] = {"intent": name}


def _v2_slot(value: Any) -> Any:
    if value is None or isinstance(value, dict):
        return value
    if isinstance(value, list):
        joined = " and ".join(value)
        return {
            "shape": "List",
            "value": {
                "originalValue": joined,
                "interpretedValue": joined,
                "resolvedValues": [joined],
            },
            "values": [_v2_slot(item) for item in value],
        }
    return {
        "shape": "Scalar",
        "value": {"originalValue": value, "interpretedValue": value, "resolvedValues": [value]},
    }


def _set_v2_slot(event: dict[str, Any], slot: str, value: Any) -> None:
    for intent in _v2_intents(event):
        intent.setdefault("slots", {})[slot] = _v2_slot(value)


def _set_v1_slot(event: dict[str, Any], slot: str, value: Any) -> None:
    current = event["currentIntent"]
    current.setdefault("slots", {})[slot] = value
    detail = None if value is None else {"resolutions": [{"value": value}], "originalValue": value}
    current.setdefault("slotDetails", {})[slot] = detail
