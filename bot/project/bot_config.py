"""The schema of `bot.yaml`: the bot's name, locales, thresholds, time zone and code hook, its
aliases (the versions they answer from, their own code hooks or none) and which alias the
channels answer from. Keys are Lex V2's own camelCase, except those marked as not Lex keys.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from bot.project.generative import GenerativeAISettings, SlotResolutionImprovementSpecification
from bot.project.messages import LexModel, PromptSpecification, ResponseSpecification
from bot.project.schema import LEX_NAME, CodeHookSetting

ALWAYS_ALIASES = ("TSTALIASID", "$LATEST")
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


class NoCodeHook(LexModel):
    """`codeHook: {enabled: false}` of an alias (or one of its locales): no code hook, not even
    the version's own, as a Lex alias without a Lambda skips the intents' code hooks."""

    enabled: bool

    @field_validator("enabled")
    @classmethod
    def _off(cls, enabled: bool) -> bool:
        if enabled:
            raise ValueError("a code hook is given by its uri; {enabled: false} means none")
        return enabled


def _hook_kind(value: Any) -> str:
    off = isinstance(value, NoCodeHook) or (isinstance(value, dict) and "enabled" in value)
    return "hook[off]" if off else "hook[uri]"


# A hook, or none at all; the bracketed tags stay out of `bot check`'s field paths.
AliasCodeHook = Annotated[
    Annotated[CodeHookSetting, Tag("hook[uri]")] | Annotated[NoCodeHook, Tag("hook[off]")],
    Discriminator(_hook_kind),
]


class AliasLocaleSetting(LexModel):
    """One locale of an alias (Lex's `botAliasLocaleSettings`): its own code hook, or none."""

    codeHook: AliasCodeHook | None = None


class AliasSetting(LexModel):
    """An alias in the mapping form of `aliases:`: the version it answers from and, as Lex
    attaches the Lambda per alias and locale, code hooks that replace the version's own
    (`{enabled: false}`: none at all)."""

    botAliasId: str | None = Field(default=None, pattern=r"^[0-9a-zA-Z]{1,10}$")
    botVersion: str = Field(default=DRAFT, pattern=r"^(DRAFT|[1-9][0-9]*)$")
    description: str | None = Field(default=None, max_length=200)
    codeHook: AliasCodeHook | None = None
    locales: dict[str, AliasLocaleSetting] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _version_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("botVersion"), int):
            return data | {"botVersion": str(data["botVersion"])}
        return data

    def code_hook(self, locale_id: str) -> CodeHookSetting | NoCodeHook | None:
        """The hook this alias attaches to a locale (the locale's choice first), `NoCodeHook`
        when it attaches none; None keeps the version's own."""
        own = self.locales.get(locale_id)
        if own is not None and own.codeHook is not None:
            return own.codeHook
        return self.codeHook


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
