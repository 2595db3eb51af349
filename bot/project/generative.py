"""The generative-AI part of the bot-file schema: a slot's `slotResolutionSetting` and a locale's
`generativeAISettings` (Amazon Bedrock features of Lex V2).

Only assisted slot resolution runs here: a slot with `slotResolutionStrategy: EnhancedFallback`,
in a locale whose `runtimeSettings.slotResolutionImprovementSpecification` is enabled, has an
answer the NLU missed read by the configured Bedrock model (`bot.dialog.assisted_slots`). The
locale's `buildtimeSettings` (the console's descriptive bot builder and utterance generation) are
authoring aids: kept as given, never used. Keys are the export's (`bedrockGuardrailConfiguration`,
`bedrockTraceStatus`); the models API spellings (`slotResolutionImprovement`, `guardrail:
{identifier, version}`, `traceStatus`) and CloudFormation's `bedrockModelCustomPrompt` are
accepted and normalised. This module only describes shape and Lex limits; it calls nothing.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from bot.project.messages import LexModel

# Lex's pattern allows foundation models; inference profiles and provisioned models are ARNs too.
MODEL_ARN = r"^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{0,12}:\S+$"


def _renamed(data: Any, spellings: dict[str, str]) -> Any:
    """`data` with other spellings of a key replaced by the export's (an explicit key wins)."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for other, key in spellings.items():
        if other in out:
            value = out.pop(other)
            out.setdefault(key, value)
    return out


class SlotResolutionSetting(LexModel):
    """`EnhancedFallback`: an answer the NLU cannot resolve is given to the locale's model."""

    slotResolutionStrategy: Literal["EnhancedFallback", "Default"]


class BedrockGuardrailConfiguration(LexModel):
    bedrockGuardrailIdentifier: str = Field(min_length=1, max_length=2048)
    bedrockGuardrailVersion: str = Field(pattern=r"^([1-9][0-9]{0,7}|DRAFT)$")

    @classmethod
    def normalise(cls, data: Any) -> Any:
        spellings = {
            "identifier": "bedrockGuardrailIdentifier",
            "version": "bedrockGuardrailVersion",
        }
        return _renamed(data, spellings)


class BedrockModelSpecification(LexModel):
    modelArn: str = Field(pattern=MODEL_ARN, max_length=2048)
    customPrompt: str | None = Field(default=None, min_length=1, max_length=4000)
    bedrockGuardrailConfiguration: BedrockGuardrailConfiguration | None = None
    bedrockTraceStatus: Literal["ENABLED", "DISABLED"] | None = None

    @classmethod
    def normalise(cls, data: Any) -> Any:
        spellings = {
            "guardrail": "bedrockGuardrailConfiguration",
            "traceStatus": "bedrockTraceStatus",
            "bedrockModelCustomPrompt": "customPrompt",
        }
        return _renamed(data, spellings)


class SlotResolutionImprovementSpecification(LexModel):
    enabled: bool
    bedrockModelSpecification: BedrockModelSpecification | None = None


class RuntimeSettings(LexModel):
    slotResolutionImprovementSpecification: SlotResolutionImprovementSpecification | None = None

    @classmethod
    def normalise(cls, data: Any) -> Any:
        return _renamed(
            data, {"slotResolutionImprovement": "slotResolutionImprovementSpecification"}
        )


class GenerativeAISettings(LexModel):
    runtimeSettings: RuntimeSettings | None = None
    # The console's descriptive bot builder and sample-utterance generation: kept, not used.
    buildtimeSettings: dict[str, Any] | None = None

    @property
    def slot_resolution(self) -> SlotResolutionImprovementSpecification | None:
        """Assisted slot resolution when it is enabled, else None."""
        runtime = self.runtimeSettings
        found = runtime.slotResolutionImprovementSpecification if runtime else None
        return found if found is not None and found.enabled else None
