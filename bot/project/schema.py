"""The bot-file schema of `intents/<Name>.yaml` (bot.yaml: `bot.project.bot_config`; slot types:
`bot.project.slot_types`).

Models use Lex V2's own camelCase keys, as in its export format, and reject unknown keys so
typos are caught. Each model checks what it can see alone (limits, shapes, a required slot having
a prompt); checks across models and files (slot names, slot types, placeholders) live in
`bot.project.checks`. Short forms accepted for authoring comfort: sample utterances as plain
strings or the export's `[{utterance: ...}]`; slot-type values as `values: [{value, synonyms:
[a, b]}]` or bare strings; resolution strategies in API (`TopResolution`) or export
(`TOP_RESOLUTION`) spelling. Messages and their short forms are described in `bot.project.messages`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, field_validator, model_validator

from bot.project.builtin_intents import SEARCH_SIGNATURES
from bot.project.flows import (
    ConditionalSpecification,
    DialogCodeHookInvocation,
    DialogState,
    ElicitationCodeHookInvocation,
    FulfillmentUpdatesSpecification,
    PostCodeHookSpecification,
    configures_flow,
)
from bot.project.generative import (
    SlotResolutionSetting,
)
from bot.project.knowledge import KendraConfiguration, QnAIntentConfiguration
from bot.project.messages import LexModel, PromptSpecification, ResponseSpecification

LEX_NAME = r"^([0-9a-zA-Z][_-]?)+$"
INTENT_NAME = r"^(([0-9a-zA-Z][_-]?)+|AMAZON\.[A-Za-z]+)$"
CONTEXT_NAME = r"^([A-Za-z0-9][_-]?)+$"  # exports use hyphens ("selected-instances")
CODE_HOOK_URI = re.compile(r"^(python:[A-Za-z_][\w.]*:[A-Za-z_]\w*|lambda:\S+|https?://\S+)$")


def _utterance_strings(data: Any) -> Any:
    """Accept the export's `[{utterance: "..."}]` as well as plain strings."""
    if not isinstance(data, list):
        return data
    return [
        item["utterance"] if isinstance(item, dict) and set(item) == {"utterance"} else item
        for item in data
    ]


Utterances = Annotated[list[str], BeforeValidator(_utterance_strings)]


# ---------------------------------------------------------------- code hooks (bot.yaml and intents)


class CodeHookSetting(LexModel):
    """Where the Lambda-style code hook lives: a Python callable, a Lambda, or an HTTP endpoint."""

    uri: str
    messageVersion: Literal["V2", "V1"] = "V2"
    timeoutInSeconds: int = Field(default=30, ge=1, le=900)

    @field_validator("uri")
    @classmethod
    def _uri(cls, uri: str) -> str:
        if not CODE_HOOK_URI.match(uri):
            raise ValueError(
                "uri must be python:<module>:<function>, lambda:<name or ARN> or http(s)://..."
            )
        return uri


# ---------------------------------------------------------------- slots


class DefaultValue(LexModel):
    defaultValue: str = Field(min_length=1, max_length=202)


class DefaultValueSpecification(LexModel):
    defaultValueList: list[DefaultValue] = Field(min_length=1, max_length=10)


class SlotCaptureSetting(LexModel):
    captureResponse: ResponseSpecification | None = None
    captureNextStep: DialogState | None = None
    captureConditional: ConditionalSpecification | None = None
    failureResponse: ResponseSpecification | None = None
    failureNextStep: DialogState | None = None
    failureConditional: ConditionalSpecification | None = None
    codeHook: DialogCodeHookInvocation | None = None
    elicitationCodeHook: ElicitationCodeHookInvocation | None = None


class ValueElicitationSetting(LexModel):
    slotConstraint: Literal["Required", "Optional"] = "Required"
    promptSpecification: PromptSpecification | None = None
    sampleUtterances: Utterances = Field(default_factory=list)
    defaultValueSpecification: DefaultValueSpecification | None = None
    slotCaptureSetting: SlotCaptureSetting | None = None
    # Streaming only (waiting for the user to find something): kept, not used for text.
    waitAndContinueSpecification: dict[str, Any] | None = None
    slotResolutionSetting: SlotResolutionSetting | None = None

    @model_validator(mode="after")
    def _required_needs_prompt(self) -> ValueElicitationSetting:
        if self.slotConstraint == "Required" and self.promptSpecification is None:
            raise ValueError("a Required slot needs a promptSpecification to ask for it")
        return self


class MultipleValuesSetting(LexModel):
    allowMultipleValues: bool = False

    @classmethod
    def normalise(cls, data: Any) -> Any:
        # The AWS docs' own example misspells the key; accept it.
        if isinstance(data, dict) and "allowMutlipleValues" in data:
            data = dict(data)
            data.setdefault("allowMultipleValues", data.pop("allowMutlipleValues"))
        return data


class ObfuscationSetting(LexModel):
    obfuscationSettingType: Literal["None", "DefaultObfuscation"] = "None"

    @classmethod
    def normalise(cls, data: Any) -> Any:
        v1 = {"NONE": "None", "DEFAULT_OBFUSCATION": "DefaultObfuscation"}
        if isinstance(data, str):  # V1 form
            return {"obfuscationSettingType": v1.get(data, data)}
        return data


class SlotDefinition(LexModel):
    name: str = Field(pattern=LEX_NAME, max_length=100)
    slotTypeName: str = Field(min_length=1)
    description: str | None = Field(default=None, max_length=200)
    valueElicitationSetting: ValueElicitationSetting
    multipleValuesSetting: MultipleValuesSetting | None = None
    obfuscationSetting: ObfuscationSetting | None = None

    @property
    def required(self) -> bool:
        return self.valueElicitationSetting.slotConstraint == "Required"

    @property
    def multi_valued(self) -> bool:
        return bool(self.multipleValuesSetting and self.multipleValuesSetting.allowMultipleValues)

    @property
    def assisted(self) -> bool:
        """`EnhancedFallback`: an answer the NLU misses goes to the locale's model."""
        setting = self.valueElicitationSetting.slotResolutionSetting
        return setting is not None and setting.slotResolutionStrategy == "EnhancedFallback"


class SlotPriority(LexModel):
    slotName: str
    priority: int = Field(ge=0)


# ---------------------------------------------------------------- intents


class IntentConfirmationSetting(LexModel):
    promptSpecification: PromptSpecification
    isActive: bool = True
    confirmationResponse: ResponseSpecification | None = None
    confirmationNextStep: DialogState | None = None
    confirmationConditional: ConditionalSpecification | None = None
    declinationResponse: ResponseSpecification | None = None
    declinationNextStep: DialogState | None = None
    declinationConditional: ConditionalSpecification | None = None
    failureResponse: ResponseSpecification | None = None
    failureNextStep: DialogState | None = None
    failureConditional: ConditionalSpecification | None = None
    codeHook: DialogCodeHookInvocation | None = None
    elicitationCodeHook: ElicitationCodeHookInvocation | None = None


class IntentClosingSetting(LexModel):
    closingResponse: ResponseSpecification | None = None
    isActive: bool = True
    nextStep: DialogState | None = None
    conditional: ConditionalSpecification | None = None


class PostFulfillmentStatusSpecification(PostCodeHookSpecification):
    """Where a fulfilment's success, failure or timeout leads (the same settings as after a
    dialog code hook)."""


class IntentCodeHook(LexModel):
    """A Lex V1 intent's own Lambda (`uri`), used instead of the bot's code hook; an empty
    `uri` (a placeholder in many exports) means the bot's code hook."""

    uri: str | None = None
    messageVersion: Literal["V2", "V1"] = "V1"

    @field_validator("uri")
    @classmethod
    def _uri(cls, uri: str | None) -> str | None:
        if uri and not CODE_HOOK_URI.match(uri):
            raise ValueError(
                "uri must be python:<module>:<function>, lambda:<name or ARN> or http(s)://..."
            )
        return uri or None


class FulfillmentCodeHookSetting(LexModel):
    enabled: bool
    isActive: bool = True
    postFulfillmentStatusSpecification: PostFulfillmentStatusSpecification | None = None
    fulfillmentUpdatesSpecification: FulfillmentUpdatesSpecification | None = None
    codeHook: IntentCodeHook | None = None


class DialogCodeHookSetting(LexModel):
    enabled: bool
    codeHook: IntentCodeHook | None = None


class FollowUpPrompt(LexModel):
    """Lex V1: after fulfilment, ask whether the user wants something else; "no" says the
    rejection statement."""

    prompt: PromptSpecification
    rejectionStatement: ResponseSpecification | None = None


class InputContext(LexModel):
    name: str = Field(pattern=CONTEXT_NAME, max_length=100)


class OutputContext(LexModel):
    name: str = Field(pattern=CONTEXT_NAME, max_length=100)
    timeToLiveInSeconds: int = Field(ge=5, le=86400)
    turnsToLive: int = Field(ge=1, le=20)


class InitialResponseSetting(LexModel):
    initialResponse: ResponseSpecification | None = None
    nextStep: DialogState | None = None
    conditional: ConditionalSpecification | None = None
    codeHook: DialogCodeHookInvocation | None = None


class IntentDefinition(LexModel):
    """One intent file. Built-ins (`parentIntentSignature: AMAZON.*`) take their utterances from
    the base intent and have no slots; the engine's V2 name for any intent is `name`."""

    name: str = Field(pattern=INTENT_NAME, max_length=100)
    description: str | None = Field(default=None, max_length=200)
    parentIntentSignature: str | None = None
    sampleUtterances: Utterances = Field(default_factory=list)
    slots: list[SlotDefinition] = Field(default_factory=list)
    slotPriorities: list[SlotPriority] | None = None
    intentConfirmationSetting: IntentConfirmationSetting | None = None
    intentClosingSetting: IntentClosingSetting | None = None
    fulfillmentCodeHook: FulfillmentCodeHookSetting | None = None
    dialogCodeHook: DialogCodeHookSetting | None = None
    inputContexts: list[InputContext] = Field(default_factory=list, max_length=5)
    outputContexts: list[OutputContext] = Field(default_factory=list, max_length=10)
    initialResponseSetting: InitialResponseSetting | None = None
    followUpPrompt: FollowUpPrompt | None = None
    # AMAZON.KendraSearchIntent and AMAZON.QnAIntent: where their answers come from.
    kendraConfiguration: KendraConfiguration | None = None
    qnAIntentConfiguration: QnAIntentConfiguration | None = None
    _uses_flows: bool = PrivateAttr(default=False)

    def model_post_init(self, context: Any, /) -> None:
        self._uses_flows = configures_flow(self)

    @property
    def uses_flows(self) -> bool:
        """Flow regime: the intent configures next steps, conditionals or step code hooks."""
        return self._uses_flows

    @property
    def is_builtin(self) -> bool:
        return bool(self.parentIntentSignature and self.parentIntentSignature.startswith("AMAZON."))

    @property
    def is_fallback(self) -> bool:
        return self.parentIntentSignature == "AMAZON.FallbackIntent"

    @property
    def is_search(self) -> bool:
        """AMAZON.KendraSearchIntent or AMAZON.QnAIntent: answers from a knowledge service."""
        return self.parentIntentSignature in SEARCH_SIGNATURES

    def slot(self, name: str) -> SlotDefinition | None:
        return next((s for s in self.slots if s.name == name), None)

    def ordered_slots(self) -> list[SlotDefinition]:
        """Slots in elicitation order: by `slotPriorities` (1 first), unlisted ones after, in
        file order; without priorities, file order."""
        if not self.slotPriorities:
            return list(self.slots)
        rank = {p.slotName: p.priority for p in self.slotPriorities}
        last = max(rank.values(), default=0) + 1
        return sorted(self.slots, key=lambda s: rank.get(s.name, last))
