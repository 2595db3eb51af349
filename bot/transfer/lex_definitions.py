"""Lex V2 bot definitions (export spelling, already read from a zip or a template) into bot files.

The readers (`lex_v2` for exports, `cloudformation` for templates) hand over a `BotSource`: the
bot's settings, and per locale its intents (each with its slots) and slot types, every object
with its place in the source. This module decides what can be imported as a whole: an intent
built on a built-in this runtime lacks, with a composite slot or a slot type that could not be
imported is skipped and reported, and so is any intent or slot type that would fail `bot check`.
It never writes a file that the loader refuses, and it never reads files itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.errors import Problem
from bot.nlu.builtins import canonical_name
from bot.nlu.types import FALLBACK_INTENT
from bot.project import checks
from bot.project.bot_config import LOCALE_ID, BotConfig, LocaleSetting
from bot.project.builtin_intents import (
    KENDRA_SEARCH_SIGNATURE,
    QNA_SIGNATURE,
    SUPPORTED_SIGNATURES,
)
from bot.project.schema import LEX_NAME, IntentDefinition, SlotDefinition
from bot.project.slot_types import SlotTypeDefinition
from bot.project.yaml_source import YamlDocument, field_path
from bot.transfer.bot_files import BotFiles, LocaleFiles, TransferError
from bot.transfer.lex_keys import Carrier, Where, vacuous
from bot.transfer.report import ImportReport

FALLBACK_NAME = "ImportedBot"
_UNSUPPORTED_BUILTINS = {
    "AMAZON.BedrockAgentIntent": "an Amazon Bedrock agent answers it",
    "AMAZON.QinConnectIntent": "Amazon Q in Connect answers it",
}


@dataclass(slots=True)
class Source:
    """One definition object (a JSON file, or a part of a template) and where it came from."""

    data: dict[str, Any]
    where: Where


@dataclass(slots=True)
class IntentSource:
    intent: Source
    slots: list[Source]
    where: Where  # the whole intent (its folder in an export)


@dataclass(slots=True)
class LocaleSource:
    locale_id: str
    locale: Source  # BotLocale.json, without its intents and slot types
    where: Where  # the whole locale (its folder in an export)
    intents: list[IntentSource] = field(default_factory=list)
    slot_types: list[Source] = field(default_factory=list)


@dataclass(slots=True)
class BotSource:
    bot: Source  # Bot.json
    locales: list[LocaleSource]
    default_name: str = FALLBACK_NAME  # when the source's name is missing


def build_bot_files(source: BotSource, report: ImportReport) -> BotFiles:
    carrier = Carrier(report)
    config: dict[str, Any] = {"name": _bot_name(source, carrier)}
    config |= carrier.carry(source.bot.data, BotConfig, source.bot.where, skip=("name",))
    settings: list[dict[str, Any]] = []
    files = BotFiles(config)
    for locale in source.locales:
        if not re.match(LOCALE_ID, locale.locale_id):
            carrier.unsupported(
                locale.where, f"locale {locale.locale_id!r} is not of the form xx_YY: skipped"
            )
            continue
        setting = _locale_setting(locale, carrier)
        settings.append(setting)
        files.locales.append(_locale_files(locale, carrier, _assists_slots(setting)))
    if not settings:
        raise TransferError(f"{report.source}: no locale could be imported")
    config["locales"] = settings
    return files


def _bot_name(source: BotSource, carrier: Carrier) -> str:
    raw = source.bot.data.get("name")
    name = sanitise_name(raw if isinstance(raw, str) else "") or source.default_name
    if raw is not None and name != raw:
        carrier.ignore(
            source.bot.where / "name",
            f"renamed to {name!r}: bot names are letters, digits, '_' and '-' (max 100)",
        )
    return name


def sanitise_name(name: str) -> str:
    """The nearest name that matches Lex's `^([0-9a-zA-Z][_-]?)+$` (100 characters at most)."""
    name = re.sub(r"[^0-9A-Za-z_-]+", "-", name.strip())
    name = re.sub(r"[_-]{2,}", lambda m: m.group(0)[0], name).lstrip("_-")[:100]
    return name if re.match(LEX_NAME, name) else ""


def _locale_setting(locale: LocaleSource, carrier: Carrier) -> dict[str, Any]:
    where = locale.locale.where
    if not vacuous(locale.locale.data.get("name")):
        carrier.ignore(where / "name", "the language's display name, which Lex derives from the id")
    skip = ("identifier", "localeId", "name")
    return {"localeId": locale.locale_id} | carrier.carry(
        locale.locale.data, LocaleSetting, where, skip=skip
    )


def _assists_slots(setting: dict[str, Any]) -> bool:
    """Whether the locale enables assisted slot resolution (Bedrock)."""
    try:
        return LocaleSetting.model_validate(setting).slot_resolution is not None
    except ValidationError:
        return False


def _locale_files(locale: LocaleSource, carrier: Carrier, assists_slots: bool) -> LocaleFiles:
    files = LocaleFiles(locale.locale_id)
    skipped_types: dict[str, str] = {}
    for source in locale.slot_types:
        name = str(source.data.get("name", ""))
        slot_type, why = _slot_type(source, carrier)
        if slot_type is None:
            skipped_types[name] = why
        else:
            files.slot_types[name] = slot_type
    signatures: set[str] = set()
    kept: list[IntentSource] = []
    for intent_source in locale.intents:
        intent = _intent(intent_source, files.slot_types, skipped_types, carrier)
        if intent is not None and not assists_slots:
            _without_assistance(intent, intent_source, carrier)
        if intent is None:
            continue
        signature = intent.get("parentIntentSignature")
        if signature in signatures:
            carrier.unsupported(intent_source.where, f"a second intent built on {signature}")
            continue
        if signature:
            signatures.add(signature)
        files.intents[intent["name"]] = intent
        kept.append(intent_source)
    known = set(files.intents) | {FALLBACK_INTENT}
    for intent_source in kept:
        for source in (intent_source.intent, *intent_source.slots):
            for where, name in _started_intents(source.data, source.where):
                if name not in known:
                    carrier.unsupported(where, f"starts intent {name}, which was not imported")
    return files


def _started_intents(value: Any, where: Where) -> Iterator[tuple[Where, str]]:
    """The intents that next steps inside `value` start, with where each is named."""
    if isinstance(value, dict):
        target = value.get("intent")
        if isinstance(target, dict) and isinstance(target.get("name"), str):
            yield where / "intent" / "name", target["name"]
        for key, item in value.items():
            yield from _started_intents(item, where / key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _started_intents(item, where / i)


def _slot_type(source: Source, carrier: Carrier) -> tuple[dict[str, Any] | None, str]:
    data = source.data
    for key in ("compositeSlotTypeSetting", "externalSourceSetting"):
        if not vacuous(data.get(key)):
            why = "composite" if key.startswith("composite") else "grammar (external source)"
            return _skip(carrier, source.where, f"a {why} slot type is not supported: skipped")
    slot_type = carrier.carry(data, SlotTypeDefinition, source.where)
    name = slot_type.get("name")
    doc = YamlDocument(f"training_data/slot_types/{name}.yaml", slot_type)
    model, problems = _validated(doc, SlotTypeDefinition)
    if model is not None:
        problems = checks.check_slot_type(doc, model)
    if problems:
        return _skip(carrier, source.where, "slot type skipped: " + _describe(problems))
    return slot_type, ""


def _intent(
    source: IntentSource,
    slot_types: Mapping[str, Any],
    skipped_types: Mapping[str, str],
    carrier: Carrier,
) -> dict[str, Any] | None:
    reason = _intent_blocker(source, slot_types, skipped_types)
    if reason:
        _skip(carrier, source.where, reason + ": intent skipped")
        return None
    data = source.intent.data
    intent = carrier.carry(data, IntentDefinition, source.intent.where, skip=("slots",))
    slots = [
        carrier.carry(slot.data, SlotDefinition, slot.where)
        for slot in _by_priority(source.slots, data.get("slotPriorities"))
    ]
    if slots:
        intent["slots"] = slots
    signature = intent.get("parentIntentSignature")
    if signature or intent.get("name") == "FallbackIntent":
        _strip_builtin(intent, source, carrier)
    _strip_search_settings(intent, source, carrier)
    intent = {k: intent[k] for k in IntentDefinition.model_fields if k in intent}
    doc = YamlDocument(f"intents/{intent.get('name')}.yaml", intent)
    model, problems = _validated(doc, IntentDefinition)
    if model is not None:
        problems = checks.check_intent(doc, model, slot_types)
    if problems:
        _skip(carrier, source.where, "intent skipped: " + _describe(problems))
        return None
    return intent


def _intent_blocker(
    source: IntentSource, slot_types: Mapping[str, Any], skipped_types: Mapping[str, str]
) -> str:
    """Why the intent cannot be imported at all ("" when it can)."""
    data = source.intent.data
    signature = data.get("parentIntentSignature")
    if signature in _UNSUPPORTED_BUILTINS:
        return f"built-in {signature} ({_UNSUPPORTED_BUILTINS[signature]}) is not supported"
    if signature and signature not in SUPPORTED_SIGNATURES:
        return f"built-in {signature} is not supported"
    if not isinstance(data.get("name"), str):
        return "the intent has no name"
    for slot in source.slots:
        name, type_name = slot.data.get("name"), slot.data.get("slotTypeName")
        if not vacuous(slot.data.get("subSlotSetting")):
            return f"slot {name!r} is a composite slot, which is not supported"
        if not isinstance(type_name, str) or not type_name:
            return f"slot {name!r} has no slot type"
        if type_name in skipped_types:
            return f"slot {name!r} uses slot type {type_name}, which was not imported"
        if canonical_name(type_name) is None and type_name not in slot_types:
            if type_name.startswith("AMAZON."):
                return f"slot {name!r} uses built-in slot type {type_name}, not supported here"
            return f"slot {name!r} uses slot type {type_name}, which the source does not define"
    return ""


def _without_assistance(intent: dict[str, Any], source: IntentSource, carrier: Carrier) -> None:
    """`EnhancedFallback` does nothing where the locale has assisted slot resolution off (and
    `bot check` refuses it, as Lex does): the setting is left out."""
    wheres = {str(s.data.get("name")): s.where for s in source.slots}
    for slot in intent.get("slots", []):
        elicitation = slot.get("valueElicitationSetting", {})
        setting = elicitation.get("slotResolutionSetting", {})
        if setting.get("slotResolutionStrategy") == "EnhancedFallback":
            del elicitation["slotResolutionSetting"]
            where = wheres[slot["name"]] / "valueElicitationSetting" / "slotResolutionSetting"
            carrier.ignore(
                where, "EnhancedFallback, but the locale has assisted slot resolution off"
            )


def _by_priority(slots: list[Source], priorities: Any) -> list[Source]:
    """Slots in `slotPriorities` order, then the unlisted ones in source order."""
    rank: dict[str, float] = {}
    for entry in priorities if isinstance(priorities, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("priority"), int | float):
            rank.setdefault(str(entry.get("slotName")), entry["priority"])
    last = max(rank.values(), default=0) + 1
    return sorted(slots, key=lambda s: rank.get(str(s.data.get("name")), last))


def _strip_builtin(intent: dict[str, Any], source: IntentSource, carrier: Carrier) -> None:
    """Built-ins take their utterances from Lex and have no slots; the fallback no confirmation."""
    where = source.intent.where
    for key, what in (("sampleUtterances", "its own utterances"), ("slots", "slots")):
        if intent.pop(key, None):
            carrier.unsupported(where / key, f"a built-in intent cannot have {what}: dropped")
    if intent.get("name") == "FallbackIntent" and intent.pop("intentConfirmationSetting", None):
        carrier.unsupported(
            where / "intentConfirmationSetting", "the fallback intent cannot confirm: dropped"
        )


def _strip_search_settings(intent: dict[str, Any], source: IntentSource, carrier: Carrier) -> None:
    """A search service's settings mean something only on its search intent."""
    for key, owner in (
        ("kendraConfiguration", KENDRA_SEARCH_SIGNATURE),
        ("qnAIntentConfiguration", QNA_SIGNATURE),
    ):
        if key in intent and intent.get("parentIntentSignature") != owner:
            del intent[key]
            carrier.unsupported(source.intent.where / key, f"only an {owner} uses it: dropped")


def _validated(doc: YamlDocument, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [
            Problem(doc.file, None, field_path([p for p in e["loc"] if _plain(p)]), _message(e))
            for e in exc.errors()
        ]


def _message(error: Any) -> str:
    given = error.get("input")
    shown = f" (got {given!r})" if isinstance(given, str | int | float) else ""
    return str(error["msg"]).removeprefix("Value error, ") + shown


def _plain(part: Any) -> bool:
    return isinstance(part, int) or ("[" not in str(part) and part not in {"str", "list", "dict"})


def _describe(problems: list[Problem]) -> str:
    shown = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems[:3])
    return shown + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")


def _skip(carrier: Carrier, where: Where, reason: str) -> tuple[None, str]:
    carrier.unsupported(where, reason)
    return None, reason
