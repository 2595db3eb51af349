"""The slot-type part of the bot-file schema: `training_data/slot_types/<Name>.yaml`.

A custom slot type lists values with synonyms (or, derived from AMAZON.AlphaNumeric, a regular
expression) and a resolution strategy in API (`TopResolution`) or export (`TOP_RESOLUTION`)
spelling. Short forms: `values: [{value, synonyms: [a, b]}]` or bare strings. This module only
describes shape; resolving values is the NLU's job.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator

from bot.project.messages import LexModel
from bot.project.schema import LEX_NAME

_STRATEGIES = {"ORIGINAL_VALUE": "OriginalValue", "TOP_RESOLUTION": "TopResolution"}


class RegexFilter(LexModel):
    pattern: str = Field(min_length=1, max_length=300)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        return pattern


class ValueSelectionSetting(LexModel):
    resolutionStrategy: Literal["OriginalValue", "TopResolution"] = "OriginalValue"
    regexFilter: RegexFilter | None = None
    advancedRecognitionSetting: dict[str, Any] | None = None  # audio only; kept for exports

    @classmethod
    def normalise(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("resolutionStrategy") in _STRATEGIES:
            data = dict(data, resolutionStrategy=_STRATEGIES[data["resolutionStrategy"]])
        return data


class SampleValue(LexModel):
    value: str = Field(min_length=1, max_length=140)


class SlotTypeValueDefinition(LexModel):
    sampleValue: SampleValue
    synonyms: list[SampleValue] = Field(default_factory=list)

    @classmethod
    def normalise(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"sampleValue": {"value": data}}
        if isinstance(data, dict):
            if "value" in data and "sampleValue" not in data:  # short form {value, synonyms}
                data = {"sampleValue": {"value": data["value"]}} | {
                    k: v for k, v in data.items() if k != "value"
                }
            if isinstance(data.get("synonyms"), list):
                synonyms = [{"value": s} if isinstance(s, str) else s for s in data["synonyms"]]
                data = dict(data, synonyms=synonyms)
        return data


class SlotTypeDefinition(LexModel):
    name: str = Field(pattern=LEX_NAME, max_length=100)
    description: str | None = Field(default=None, max_length=200)
    slotTypeValues: list[SlotTypeValueDefinition] = Field(default_factory=list)
    valueSelectionSetting: ValueSelectionSetting = Field(default_factory=ValueSelectionSetting)
    parentSlotTypeSignature: str | None = None

    @classmethod
    def normalise(cls, data: Any) -> Any:
        if isinstance(data, dict) and "values" in data:
            if data.get("slotTypeValues") is not None:
                raise ValueError("give the values once, as slotTypeValues or as values")
            data = {k: v for k, v in data.items() if k != "values"} | {
                "slotTypeValues": data["values"]
            }
        return data

    @property
    def resolution(self) -> Literal["OriginalValue", "TopResolution"]:
        return self.valueSelectionSetting.resolutionStrategy

    @property
    def regex(self) -> str | None:
        regex = self.valueSelectionSetting.regexFilter
        return regex.pattern if regex else None
