"""The bot-file schema: `bot.yaml` and `intents/<Name>.yaml` (slot types: `bot.project.slot_types`).

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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
    GenerativeAISettings,
    SlotResolutionImprovementSpecification,
    SlotResolutionSetting,
)
from bot.project.knowledge import KendraConfiguration, QnAIntentConfiguration
from bot.project.messages import LexModel, PromptSpecification, ResponseSpecification

LEX_NAME = r"^([0-9a-zA-Z][_-]?)+$"
INTENT_NAME = r"^(([0-9a-zA-Z][_-]?)+|AMAZON\.[A-Za-z]+)$"
CONTEXT_NAME = r"^([A-Za-z0-9][_-]?)+$"  # exports use hyphens ("selected-instances")
CODE_HOOK_URI = re.compile(r"^(python:[A-Za-z_][\w.]*:[A-Za-z_]\w*|lambda:\S+|https?://\S+)$")
ALWAYS_ALIASES = ("TSTALIASID", "$LATEST")


def _utterance_strings(data: Any) -> Any:
    """Accept the export's `[{utterance: "..."}]` as well as plain strings."""
    if not isinstance(data, list):
        return data
    return [
        item["utterance"] if isinstance(item, dict) and set(item) == {"utterance"} else item
        for item in data
    ]


Utterances = Annotated[list[str], BeforeValidator(_utterance_strings)]


# ---------------------------------------------------------------- bot.yaml


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


LOCALE_ID = r"^[a-z]{2}_([A-Z]{2}|[0-9]{3})$"  # es_419 too
DEFAULT_RASA_URL = "http://127.0.0.1:5005"


class NluSetting(LexModel):
    """Not a Lex key: which NLU reads the input. `lexbot` (the default) is ours; `rasa` asks a
    Rasa server's `/model/parse` for intents and entities (`bot.rasa`). With `lexbot`,
    `pipeline: encoder` adds a sentence encoder to the intent classifier (`lexbot[encoder]`)."""

    engine: Literal["lexbot", "rasa"] = "lexbot"
    pipeline: Literal["default", "encoder"] = "default"
    url: str = DEFAULT_RASA_URL
    timeoutInSeconds: float = Field(default=5.0, gt=0, le=60)


class LocaleSetting(LexModel):
    """One locale of the bot; the first locale's files are at the project root, the others
    under `locales/<localeId>/`. Unset fields take the bot-wide value."""

    localeId: str = Field(pattern=LOCALE_ID)
    description: str | None = Field(default=None, max_length=200)
    nluConfidenceThreshold: float | None = Field(default=None, ge=0.0, le=1.0)
    codeHook: CodeHookSetting | None = None
    generativeAISettings: GenerativeAISettings | None = None
    # Not a Lex key: when the locale's language package (an optional extra such as lexbot[ja])
    # is missing, the bot is served without this locale, with a warning, instead of failing.
    optional: bool = False
    nlu: NluSetting | None = None  # not a Lex key; overrides the bot's

    @classmethod
    def normalise(cls, data: Any) -> Any:
        return {"localeId": data} if isinstance(data, str) else data

    @property
    def slot_resolution(self) -> SlotResolutionImprovementSpecification | None:
        """The locale's assisted slot resolution (Bedrock), when enabled."""
        settings = self.generativeAISettings
        return settings.slot_resolution if settings is not None else None


DRAFT = "DRAFT"
ALIAS_NAME = r"^(\$LATEST|([0-9a-zA-Z][_-]?)+)$"


class AliasLocaleSetting(LexModel):
    """One locale of an alias (Lex's `botAliasLocaleSettings`): its own code hook."""

    codeHook: CodeHookSetting | None = None


class AliasSetting(LexModel):
    """An alias in the mapping form of `aliases:`: the version it answers from and, as Lex
    attaches the Lambda per alias and locale, code hooks that replace the version's own."""

    botAliasId: str | None = Field(default=None, pattern=r"^[0-9a-zA-Z]{1,10}$")
    botVersion: str = Field(default=DRAFT, pattern=r"^(DRAFT|[1-9][0-9]*)$")
    description: str | None = Field(default=None, max_length=200)
    codeHook: CodeHookSetting | None = None
    locales: dict[str, AliasLocaleSetting] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _version_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("botVersion"), int):
            return data | {"botVersion": str(data["botVersion"])}
        return data

    def code_hook(self, locale_id: str) -> CodeHookSetting | None:
        """The hook this alias attaches to a locale; None keeps the version's own."""
        own = self.locales.get(locale_id)
        return (own.codeHook if own is not None else None) or self.codeHook


class ChannelsSetting(LexModel):
    """Which alias the channels (Slack, Messenger, REST) answer from, as Lex associates a channel
    with an alias; the DRAFT when left out. Not a Lex key."""

    alias: str | None = Field(default=None, pattern=ALIAS_NAME)


class BotConfig(LexModel):
    name: str = Field(pattern=LEX_NAME, max_length=100)
    description: str | None = Field(default=None, max_length=200)
    # A list of names (every alias on DRAFT) or a mapping name -> AliasSetting.
    aliases: (
        list[Annotated[str, Field(pattern=ALIAS_NAME)]]
        | dict[Annotated[str, Field(pattern=ALIAS_NAME)], AliasSetting]
    ) = Field(default_factory=lambda: list(ALWAYS_ALIASES))
    locales: list[LocaleSetting] = Field(
        default_factory=lambda: [LocaleSetting(localeId="en_US")], min_length=1
    )
    nluConfidenceThreshold: float = Field(default=0.40, ge=0.0, le=1.0)
    idleSessionTTLInSeconds: int = Field(default=300, ge=60, le=86400)
    timeZone: str = "UTC"
    codeHook: CodeHookSetting | None = None
    # Lex V1 bot prompts: input that matches no intent is clarified, then the bot gives up.
    clarificationPrompt: PromptSpecification | None = None
    abortStatement: ResponseSpecification | None = None
    nlu: NluSetting = Field(default_factory=NluSetting)  # not a Lex key
    channels: ChannelsSetting = Field(default_factory=ChannelsSetting)  # not a Lex key

    @field_validator("aliases")
    @classmethod
    def _aliases(
        cls, aliases: list[str] | dict[str, AliasSetting]
    ) -> list[str] | dict[str, AliasSetting]:
        if isinstance(aliases, list):
            return list(ALWAYS_ALIASES) + [
                a for a in dict.fromkeys(aliases) if a not in ALWAYS_ALIASES
            ]
        for name in ALWAYS_ALIASES:
            if name in aliases and aliases[name].botVersion != DRAFT:
                raise ValueError(f"alias {name} always answers from DRAFT")
        fixed = {name: aliases.get(name, AliasSetting()) for name in ALWAYS_ALIASES}
        return fixed | {k: v for k, v in aliases.items() if k not in ALWAYS_ALIASES}

    @model_validator(mode="after")
    def _channel_alias(self) -> BotConfig:
        alias = self.channels.alias
        if alias is not None and alias not in self.alias_settings:
            known = ", ".join(self.alias_settings)
            raise ValueError(f"channels.alias {alias} is not one of the aliases ({known})")
        return self

    @property
    def alias_settings(self) -> dict[str, AliasSetting]:
        """Every alias with its setting (the list form puts each on DRAFT)."""
        if isinstance(self.aliases, dict):
            return dict(self.aliases)
        return {name: AliasSetting() for name in self.aliases}

    @field_validator("locales")
    @classmethod
    def _locales(cls, locales: list[LocaleSetting]) -> list[LocaleSetting]:
        ids = [loc.localeId for loc in locales]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"locale {twice[0]} is listed twice")
        return locales

    @property
    def locale_ids(self) -> list[str]:
        return [loc.localeId for loc in self.locales]

    def locale(self, locale_id: str) -> LocaleSetting:
        return next(loc for loc in self.locales if loc.localeId == locale_id)

    def threshold(self, locale_id: str) -> float:
        own = self.locale(locale_id).nluConfidenceThreshold
        return own if own is not None else self.nluConfidenceThreshold

    def code_hook(self, locale_id: str) -> CodeHookSetting | None:
        return self.locale(locale_id).codeHook or self.codeHook

    def nlu_setting(self, locale_id: str) -> NluSetting:
        return self.locale(locale_id).nlu or self.nlu

    @field_validator("timeZone")
    @classmethod
    def _time_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {name!r} (e.g. Europe/London)") from None
        return name


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
