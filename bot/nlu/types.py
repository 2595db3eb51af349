"""Neutral NLU data: training examples, the domain an engine is trained on, and parse results.

Results are plain slotted dataclasses (the parse path is hot); `to_lex()` gives Lex V2 shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

FALLBACK_INTENT = "FallbackIntent"
OUT_OF_SCOPE_LABELS = frozenset({"oos", FALLBACK_INTENT, "AMAZON.FallbackIntent"})

ResolutionStrategy = Literal["OriginalValue", "TopResolution"]
# Who read the input: the NLU, or a language model resolving a slot (Lex's assisted resolution).
InterpretationSource = Literal["Lex", "Bedrock"]


# ---------------------------------------------------------------- training data


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A marked slot value in an example: text[start:end] is the value as said."""

    start: int
    end: int
    entity: str  # slot name
    value: str  # canonical value, if the annotation gave one; else the text as said


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    entities: tuple[EntitySpan, ...] = ()


@dataclass(frozen=True, slots=True)
class SlotTypeValue:
    value: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SlotTypeSpec:
    """A custom slot type (values + synonyms), or a regex type derived from AMAZON.AlphaNumeric."""

    name: str
    values: tuple[SlotTypeValue, ...] = ()
    resolution: ResolutionStrategy = "OriginalValue"
    regex: str | None = None
    parent: str | None = None  # e.g. "AMAZON.AlphaNumeric"


@dataclass(frozen=True, slots=True)
class SlotSpec:
    name: str
    slot_type: str  # canonical built-in name ("AMAZON.Date") or a custom type name
    multi_valued: bool = False
    sample_utterances: tuple[
        str, ...
    ] = ()  # slot elicitation templates, e.g. "my name is {FirstName}"


@dataclass(frozen=True, slots=True)
class IntentSpec:
    name: str
    slots: dict[str, SlotSpec] = field(default_factory=dict)
    input_contexts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Domain:
    """Everything an NLU engine is trained on. Built from bot files or from a JSON-lines dataset."""

    intents: dict[str, IntentSpec]
    slot_types: dict[str, SlotTypeSpec]
    examples: tuple[Example, ...]


# ---------------------------------------------------------------- parse results


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What parsing may depend on besides the text: the user's clock, time zone and locale."""

    now: datetime  # timezone-aware
    time_zone: str = "UTC"
    # The bot locale ("ja_JP"); the NLU engine sets its own. Empty: not known (built-in types
    # then read English, and yes/no answers in any supported language).
    locale: str = ""


@dataclass(slots=True)
class SlotValue:
    """A slot value in Lex V2 terms, plus where it was found in the text."""

    original_value: str
    interpreted_value: str | None
    resolved_values: list[str]
    start: int = -1
    end: int = -1

    def to_lex(self) -> dict[str, Any]:
        return {
            "value": {
                "originalValue": self.original_value,
                "interpretedValue": self.interpreted_value,
                "resolvedValues": list(self.resolved_values),
            }
        }


# A slot is unfilled (None), one value, or a list for multi-valued slots.
Slot = SlotValue | list[SlotValue] | None


def slot_to_lex(slot: Slot) -> dict[str, Any] | None:
    if slot is None:
        return None
    if isinstance(slot, list):
        first = slot[0] if slot else None
        return {
            "shape": "List",
            "value": {
                "originalValue": " ".join(v.original_value for v in slot),
                "interpretedValue": " ".join(v.interpreted_value or "" for v in slot).strip(),
                "resolvedValues": [],
            }
            if first
            else None,
            "values": [dict(v.to_lex(), shape="Scalar") for v in slot],
        }
    return slot.to_lex()


@dataclass(slots=True)
class Interpretation:
    intent: str
    confidence: float | None  # None for the fallback intent, as Lex sends it
    slots: dict[str, Slot] = field(default_factory=dict)
    source: InterpretationSource = "Lex"

    def to_lex(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "intent": {
                "name": self.intent,
                "slots": {k: slot_to_lex(v) for k, v in self.slots.items()},
            }
        }
        if self.confidence is not None:
            out["nluConfidence"] = {"score": round(self.confidence, 4)}
        if self.source != "Lex":  # read by a model (assisted slot resolution)
            out["interpretationSource"] = self.source
        return out


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """A slot value as found in the text, before it is placed in the slots map."""

    slot: str
    start: int
    end: int


@dataclass(slots=True)
class ParseResult:
    text: str
    interpretations: list[Interpretation]
    # Every slot span found for the top interpretation (a slot may occur more than once).
    entities: list[EntityMatch] = field(default_factory=list)
    # How the top answer was found: "exact", "elicited", "statistical" or "fallback".
    source: str = "statistical"

    @property
    def top(self) -> Interpretation:
        return self.interpretations[0]

    def to_lex(self) -> dict[str, Any]:
        return {"text": self.text, "interpretations": [i.to_lex() for i in self.interpretations]}
