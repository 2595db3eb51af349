"""What a model directory holds besides the learned weights: the manifest (format version,
fingerprint, tagger files) and the intents and slot types the model was trained for, as JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.errors import ModelError
from bot.nlu.types import IntentSpec, SlotSpec, SlotTypeSpec, SlotTypeValue

MANIFEST = "manifest.json"
DOMAIN = "domain.json"


def read_manifest(directory: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((Path(directory) / MANIFEST).read_text())
    except FileNotFoundError:
        raise ModelError(f"no trained model in {directory}: run `bot train`") from None
    except ValueError as exc:
        raise ModelError(f"model manifest in {directory} is not valid JSON: {exc}") from exc
    return data


def write_domain(
    directory: Path, intents: dict[str, IntentSpec], slot_types: dict[str, SlotTypeSpec]
) -> None:
    data = {
        "intents": {
            name: {
                "name": spec.name,
                "input_contexts": list(spec.input_contexts),
                "slots": [asdict(s) for s in spec.slots.values()],
            }
            for name, spec in intents.items()
        },
        "slot_types": {name: asdict(spec) for name, spec in slot_types.items()},
    }
    (directory / DOMAIN).write_text(json.dumps(data))


def read_domain(directory: Path) -> tuple[dict[str, IntentSpec], dict[str, SlotTypeSpec]]:
    data = json.loads((directory / DOMAIN).read_text())
    intents = {name: _intent(d) for name, d in data["intents"].items()}
    slot_types = {name: _slot_type(d) for name, d in data["slot_types"].items()}
    return intents, slot_types


def _intent(data: dict[str, Any]) -> IntentSpec:
    slots = {
        s["name"]: SlotSpec(
            s["name"], s["slot_type"], s["multi_valued"], tuple(s["sample_utterances"])
        )
        for s in data["slots"]
    }
    return IntentSpec(data["name"], slots, tuple(data["input_contexts"]))


def _slot_type(data: dict[str, Any]) -> SlotTypeSpec:
    values = tuple(SlotTypeValue(v["value"], tuple(v["synonyms"])) for v in data["values"])
    return SlotTypeSpec(data["name"], values, data["resolution"], data["regex"], data["parent"])
