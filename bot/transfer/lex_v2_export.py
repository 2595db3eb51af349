"""Writing bot files as a Lex V2 export zip that the Lex console imports.

The zip holds `Manifest.json` and `<Bot>/Bot.json`, `BotLocales/<locale>/BotLocale.json`,
`Intents/<Name>/Intent.json` with `Slots/<Slot>/Slot.json`, and `SlotTypes/<Name>/SlotType.json`,
in the export's own spelling (`messageGroupsList`, `buttonsList`, `TOP_RESOLUTION`,
`[{utterance}]`), with the fields Lex requires filled in from our defaults and ids derived from
names so the same bot always gives the same zip. Built-ins named `AMAZON.X` are renamed `X`
(Lex V2 intent names cannot hold a dot). Settings a Lex V2 export cannot hold are refused with a
TransferError naming them, unless leaving them out loses nothing (the bot's code hook, time zone
and aliases are not part of an export). Rasa training data becomes sample utterances and slot
type synonyms; what has no Lex equivalent is logged. This module never reads the project itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.nlu.builtins import canonical_name
from bot.nlu.types import FALLBACK_INTENT
from bot.project.bot_config import BotConfig
from bot.project.builtin_intents import FALLBACK_SIGNATURE
from bot.project.flows import (
    ConditionalSpecification,
    DialogCodeHookInvocation,
    ElicitationCodeHookInvocation,
    FulfillmentUpdatesSpecification,
)
from bot.project.messages import ImageResponseCard, MessageGroup, PromptSpecification
from bot.project.schema import (
    IntentDefinition,
    MultipleValuesSetting,
    ObfuscationSetting,
    ValueElicitationSetting,
)
from bot.project.slot_types import SlotTypeDefinition, ValueSelectionSetting
from bot.project.yaml_source import field_path
from bot.transfer.bot_files import BotFiles, LocaleFiles, TransferError
from bot.transfer.lex_keys import vacuous
from bot.transfer.rasa_examples import RasaExtras, read_rasa_extras

log = logging.getLogger(__name__)

MANIFEST = {"metadata": {"schemaVersion": "1", "fileFormat": "LexJson", "resourceType": "BOT"}}
FALLBACK_ID = "FALLBCKINT"  # the id every Lex export gives FallbackIntent
MAX_VARIATIONS = 2

# Fields the Lex models API requires; bot files may leave them to our defaults.
_LEX_REQUIRED: dict[type[BaseModel], tuple[str, ...]] = {
    PromptSpecification: ("maxRetries",),
    ValueElicitationSetting: ("slotConstraint",),
    DialogCodeHookInvocation: ("enableCodeHookInvocation", "isActive", "postCodeHookSpecification"),
    ElicitationCodeHookInvocation: ("enableCodeHookInvocation",),
    ConditionalSpecification: ("isActive", "defaultBranch"),
    ValueSelectionSetting: ("resolutionStrategy",),
    SlotTypeDefinition: ("valueSelectionSetting",),
    ObfuscationSetting: ("obfuscationSettingType",),
    MultipleValuesSetting: ("allowMultipleValues",),
}
# (model, field) -> the export's key where it differs from the bot files'.
_EXPORT_KEYS: dict[tuple[type[BaseModel], str], str] = {
    (ImageResponseCard, "buttons"): "buttonsList",
    (FulfillmentUpdatesSpecification, "isActive"): "active",
}
_STRATEGIES = {"OriginalValue": "ORIGINAL_VALUE", "TopResolution": "TOP_RESOLUTION"}
LOCALE_NAMES = {
    "ca_ES": "Catalan (ES)",
    "de_AT": "German (AT)",
    "de_DE": "German (DE)",
    "en_AU": "English (AU)",
    "en_GB": "English (GB)",
    "en_IE": "English (IE)",
    "en_IN": "English (IN)",
    "en_NZ": "English (NZ)",
    "en_US": "English (US)",
    "en_ZA": "English (ZA)",
    "es_ES": "Spanish (ES)",
    "es_US": "Spanish (US)",
    "fr_CA": "French (CA)",
    "fr_FR": "French (FR)",
    "it_IT": "Italian (IT)",
    "ja_JP": "Japanese (JP)",
    "ko_KR": "Korean (KR)",
    "nl_NL": "Dutch (NL)",
    "pt_BR": "Portuguese (BR)",
    "pt_PT": "Portuguese (PT)",
    "zh_CN": "Mandarin (PRC)",
}


def write_export(files: BotFiles, out: Path) -> None:
    """Write `files` as a Lex V2 export zip at `out`; refuse what an export cannot hold."""
    bot = _validated(BotConfig, files.config, "bot.yaml")
    problems = [
        f"bot.yaml: {key} is a Lex V1 bot setting; Lex V2 has no equivalent"
        for key in ("clarificationPrompt", "abortStatement")
        if getattr(bot, key) is not None
    ]
    entries: dict[str, Any] = {"Manifest.json": MANIFEST}
    entries[f"{bot.name}/Bot.json"] = _bot_json(bot)
    for i, locale in enumerate(files.locales):
        prefix = "" if i == 0 else f"locales/{locale.locale}/"
        entries |= _locale_entries(bot, locale, prefix, problems)
    if problems:
        raise TransferError(
            "cannot export as Lex V2 without losing these settings:\n  - " + "\n  - ".join(problems)
        )
    _write_zip(out, entries)


def _bot_json(bot: BotConfig) -> dict[str, Any]:
    data: dict[str, Any] = {"name": bot.name, "version": "DRAFT"}
    if bot.description:
        data["description"] = bot.description
    return data | {
        "identifier": identifier("bot", bot.name),
        "dataPrivacy": {"childDirected": False},
        "idleSessionTTLInSeconds": bot.idleSessionTTLInSeconds,
    }


def _locale_entries(
    bot: BotConfig, files: LocaleFiles, prefix: str, problems: list[str]
) -> dict[str, Any]:
    locale = files.locale
    folder = f"{bot.name}/BotLocales/{locale}"
    setting = bot.locale(locale)
    entries: dict[str, Any] = {
        f"{folder}/BotLocale.json": {
            "name": LOCALE_NAMES.get(locale, locale),
            "identifier": locale,
            "version": None,
            "description": setting.description,
            "nluConfidenceThreshold": bot.threshold(locale),
        }
    }
    if setting.generativeAISettings is not None:
        generative = export_shape(setting.generativeAISettings)
        entries[f"{folder}/BotLocale.json"]["generativeAISettings"] = generative
    types = {
        name: _validated(SlotTypeDefinition, data, f"{prefix}training_data/slot_types/{name}.yaml")
        for name, data in files.slot_types.items()
    }
    intents = {
        name: _as_fallback(_validated(IntentDefinition, data, f"{prefix}intents/{name}.yaml"))
        for name, data in files.intents.items()
    }
    extras = read_rasa_extras(files.training_data, intents, types, prefix)
    for name, slot_type in types.items():
        data = _slot_type_json(slot_type, extras, bot.name, locale)
        entries[f"{folder}/SlotTypes/{name}/SlotType.json"] = data
    names = lex_intent_names(intents)
    if not any(intent.is_fallback for intent in intents.values()):
        entries[f"{folder}/Intents/FallbackIntent/Intent.json"] = {
            "name": FALLBACK_INTENT,
            "identifier": FALLBACK_ID,
            "parentIntentSignature": FALLBACK_SIGNATURE,
        }
    for name, intent in intents.items():
        problems += _intent_problems(intent, f"{prefix}intents/{name}.yaml")
        intent_folder = f"{folder}/Intents/{names[name]}"
        ids = (bot.name, locale, names[name])
        data = _intent_json(intent, names, extras.utterances.get(name, []), ids)
        entries[f"{intent_folder}/Intent.json"] = data
        for slot in intent.slots:
            slot_json = {"name": slot.name, "identifier": identifier("slot", *ids, slot.name)}
            slot_json |= export_shape(slot) | {"slotTypeName": _type_name(slot.slotTypeName)}
            entries[f"{intent_folder}/Slots/{slot.name}/Slot.json"] = slot_json
    return entries


def _as_fallback(intent: IntentDefinition) -> IntentDefinition:
    """`FallbackIntent` is the fallback even when its file leaves out the signature."""
    if intent.name == FALLBACK_INTENT and intent.parentIntentSignature is None:
        return intent.model_copy(update={"parentIntentSignature": FALLBACK_SIGNATURE})
    return intent


def lex_intent_names(intents: dict[str, IntentDefinition]) -> dict[str, str]:
    """Bot-file intent name -> Lex V2 name: `AMAZON.HelpIntent` becomes `HelpIntent`."""
    taken = {n for n in intents if not n.startswith("AMAZON.")}
    names = {n: n for n in taken}
    for name in intents:
        if name.startswith("AMAZON."):
            new = name.removeprefix("AMAZON.")
            while new in taken:
                new += "_"
            names[name] = new
            taken.add(new)
    return names


def _intent_json(
    intent: IntentDefinition, names: dict[str, str], extra: list[str], ids: tuple[str, ...]
) -> dict[str, Any]:
    body = export_shape(intent)
    for key in ("slots", "followUpPrompt", "name", "description", "parentIntentSignature"):
        body.pop(key, None)
    for key in ("dialogCodeHook", "fulfillmentCodeHook"):
        if key in body:
            body[key].pop("codeHook", None)  # refused earlier when it names its own Lambda
    utterances = body.pop("sampleUtterances", [])
    seen = {_said(u["utterance"]) for u in utterances}
    for text in extra:
        if _said(text) not in seen:
            seen.add(_said(text))
            utterances.append({"utterance": text})
    data: dict[str, Any] = {"name": ids[-1], "identifier": _intent_id(intent, ids)}
    data |= {"description": intent.description} if intent.description else {}
    data |= {"parentIntentSignature": intent.parentIntentSignature} if intent.is_builtin else {}
    data |= {"sampleUtterances": utterances} if utterances else {}
    data |= _renamed(body, names)
    if intent.slots:
        data["slotPriorities"] = _priorities(intent)
    return data


def _said(utterance: str) -> str:
    """Utterances that differ only in case or spacing are one utterance (as `bot check` says)."""
    return " ".join(utterance.casefold().split())


def _intent_id(intent: IntentDefinition, ids: tuple[str, ...]) -> str:
    return FALLBACK_ID if intent.is_fallback else identifier("intent", *ids)


def _priorities(intent: IntentDefinition) -> list[dict[str, Any]]:
    """The file's priorities in its order, then the slots it leaves out (Lex wants them all)."""
    names = {s.name for s in intent.slots}
    given = [p for p in intent.slotPriorities or [] if p.slotName in names]
    out = [{"priority": p.priority, "slotName": p.slotName} for p in given]
    listed = {p.slotName for p in given}
    next_free = max((p.priority for p in given), default=0) + 1
    for slot in intent.ordered_slots():
        if slot.name not in listed:
            out.append({"priority": next_free, "slotName": slot.name})
            next_free += 1
    return out


def _renamed(value: Any, names: dict[str, str]) -> Any:
    """Next steps that start `AMAZON.X` name the renamed intent."""
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _renamed(v, names) for k, v in value.items()}
    target = out.get("intent")
    if isinstance(target, dict) and target.get("name") in names:
        out["intent"] = target | {"name": names[target["name"]]}
    return out


def _slot_type_json(
    slot_type: SlotTypeDefinition, extras: RasaExtras, bot: str, locale: str
) -> dict[str, Any]:
    body = export_shape(extras.slot_types.get(slot_type.name, slot_type))
    data = {"name": slot_type.name, "identifier": identifier("type", bot, locale, slot_type.name)}
    return data | {k: v for k, v in body.items() if k != "name"}


def _type_name(name: str) -> str:
    return canonical_name(name) or name


def _intent_problems(intent: IntentDefinition, file: str) -> list[str]:
    problems = []
    if intent.followUpPrompt is not None:
        problems.append(f"{file}: followUpPrompt is a Lex V1 setting; Lex V2 has no equivalent")
    for key in ("dialogCodeHook", "fulfillmentCodeHook"):
        hook = getattr(intent, key)
        if hook is not None and hook.codeHook is not None and hook.codeHook.uri:
            problems.append(
                f"{file}: {key}.codeHook.uri (the intent's own Lambda); Lex V2 calls one Lambda "
                "per alias and locale, set on the alias"
            )
    for loc, group in _groups(intent, ()):
        if len(group.variations) > MAX_VARIATIONS:
            problems.append(
                f"{file}: {field_path(loc)} has {len(group.variations)} variations; "
                f"Lex V2 allows {MAX_VARIATIONS}"
            )
    return problems


def _groups(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[Any, MessageGroup]]:
    if isinstance(value, MessageGroup):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _groups(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _groups(item, (*loc, i))


# ---------------------------------------------------------------- shapes and files


def export_shape(model: BaseModel) -> dict[str, Any]:
    """A bot-file model as export JSON: the fields the file set plus those Lex requires."""
    out: dict[str, Any] = {}
    kind = type(model)
    required = _LEX_REQUIRED.get(kind, ())
    for name, info in kind.model_fields.items():
        value = getattr(model, name)
        if value is None or (name not in model.model_fields_set and name not in required):
            continue
        converted = _export_value(value)
        if name == "sampleUtterances":
            converted = [{"utterance": u} for u in value]
        elif name == "resolutionStrategy":
            converted = _STRATEGIES.get(value, value)
        if vacuous(converted) and not (info.is_required() or name in required):
            continue
        out[_EXPORT_KEYS.get((kind, name), name)] = converted
    return out


def _export_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return export_shape(value)
    if isinstance(value, list):
        return [_export_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _export_value(v) for k, v in value.items()}  # a null override clears a slot
    return value


def identifier(*parts: str) -> str:
    """A stable Lex-style id: 10 upper-case letters and digits derived from `parts`."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return base64.b32encode(digest).decode()[:10]


def _validated(model: type[Any], data: Any, file: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = field_path([p for p in first["loc"] if isinstance(p, int | str)])
        raise TransferError(f"{file}: {where}: {first['msg']} (run `bot check`)") from None


def _write_zip(out: Path, entries: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
