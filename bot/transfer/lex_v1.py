"""Lex V1 exports in and out: `{"metadata": {..., "importType": "LEX"}, "resource": ...}` JSON.

`import_v1` reads a `.json` export, or a `.zip` holding one, whose resource is a bot, an intent
(with its custom slot types) or a slot type, and returns the bot files in Lex V2 vocabulary: the
bot's locale, confidence threshold, idle TTL, clarification prompt and abort statement go to
`bot.yaml`, intents are converted by `lex_v1_intents`, slot types here. Every key of the source
is carried, ignored (voice, versions, console flags) or reported unsupported. `export_v1` is in
`lex_v1_export`. Nothing here talks to AWS.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from bot.transfer.bot_files import BotFiles, LocaleFiles, TransferError
from bot.transfer.lex_v1_export import export_v1
from bot.transfer.lex_v1_intents import IntentReader, ignore_versions
from bot.transfer.lex_v1_messages import prompt_spec, response_spec, same_name
from bot.transfer.naming import NameTable, lex_name
from bot.transfer.report import ImportReport
from bot.transfer.source_object import SourceObject

__all__ = ["export_v1", "import_v1", "read_export"]

DEFAULT_LOCALE = "en_US"
_STRATEGIES = {"ORIGINAL_VALUE": "OriginalValue", "TOP_RESOLUTION": "TopResolution"}
_BOT_IGNORED = {
    "voiceId": "voice output only",
    "childDirected": "a COPPA declaration to AWS; no effect on the conversation",
    "detectSentiment": "sentiment analysis is not done here (no effect on the dialog)",
    "enableModelImprovements": "an AWS training option; this runtime has its own NLU",
    "processBehavior": "a console build option",
    "status": "console build state",
    "failureReason": "console build state",
    "tags": "AWS resource tags",
}


def import_v1(source: Path, report: ImportReport) -> BotFiles:
    """The bot files of a Lex V1 export (`.json`, or a `.zip` holding one)."""
    document = read_export(Path(source))
    top = SourceObject(document, "", report)
    metadata = top.child("metadata")
    if metadata.take("importType", "LEX") != "LEX":
        raise TransferError(f"{source}: metadata.importType is not LEX (an Alexa skill export?)")
    metadata.seen("schemaVersion", "importFormat", "resourceType")
    metadata.finish()
    resource = top.child("resource")
    top.finish()
    data = resource.data
    if not data:
        raise TransferError(f"{source}: no resource in the export")
    if "intents" in data or "locale" in data or "clarificationPrompt" in data:
        return _bot(resource)
    if "enumerationValues" in data or "valueSelectionStrategy" in data:
        return _slot_type_only(resource)
    return _intent_only(resource)


def read_export(source: Path) -> Any:
    """The JSON document of a V1 export file or of the one export inside a zip."""
    if source.suffix.lower() != ".zip":
        return _parse(source.read_text(encoding="utf-8-sig"), str(source))
    with zipfile.ZipFile(source) as archive:
        members = [
            n
            for n in archive.namelist()
            if n.lower().endswith(".json") and not n.startswith("__MACOSX/")
        ]
        if len(members) != 1:
            raise TransferError(
                f"{source}: a Lex V1 zip holds one export JSON file, found {len(members)}"
            )
        text = archive.read(members[0]).decode("utf-8-sig")
    return _parse(text, f"{source}:{members[0]}")


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise TransferError(f"{where} is not JSON: {exc}") from None


# ---------------------------------------------------------------- bots


def _bot(resource: SourceObject) -> BotFiles:
    config = _config(resource, str(resource.data.get("name", "")))
    locale = _locale(resource)
    config["locales"] = [locale]
    if "nluIntentConfidenceThreshold" in resource:
        config["nluConfidenceThreshold"] = resource.take("nluIntentConfidenceThreshold")
    if "idleSessionTTLInSeconds" in resource:
        config["idleSessionTTLInSeconds"] = resource.take("idleSessionTTLInSeconds")
    if "clarificationPrompt" in resource:
        prompt = prompt_spec(resource.child("clarificationPrompt"), same_name)
        if prompt is not None:
            config["clarificationPrompt"] = prompt
    if "abortStatement" in resource:
        statement = response_spec(resource.child("abortStatement"), same_name)
        if statement is not None:
            config["abortStatement"] = statement
    for key, reason in _BOT_IGNORED.items():
        resource.ignore(key, reason)
    files = LocaleFiles(locale)
    types = _slot_types(resource, files)
    reader = IntentReader(types)
    for intent in resource.children("intents"):
        read = reader.read(intent)
        if read is not None:
            files.intents[read[0]] = read[1]
    ignore_versions(resource)
    resource.finish()
    return BotFiles(config, [files])


def _config(resource: SourceObject, v1_name: str) -> dict[str, Any]:
    name = lex_name(v1_name, "ImportedBot")
    resource.take("name")
    if name != v1_name:
        resource.report.unsupported_field(resource.at("name"), f"bot renamed to {name!r}")
    config: dict[str, Any] = {"name": name}
    if "description" in resource:
        config["description"] = str(resource.take("description"))[:200]
    return config


def _locale(resource: SourceObject) -> str:
    v1 = str(resource.take("locale", "en-US"))
    locale = v1.replace("-", "_")
    if len(locale) != 5:  # es-419: bot files name locales language_COUNTRY
        resource.report.unsupported_field(
            resource.at("locale"), f"locale {v1} has no language_COUNTRY id; {DEFAULT_LOCALE} used"
        )
        return DEFAULT_LOCALE
    return locale


def _intent_only(resource: SourceObject) -> BotFiles:
    """An intent export: a bot of that one intent (and the slot types it embeds)."""
    v1_name = str(resource.data.get("name", ""))
    config = {"name": lex_name(v1_name, "ImportedBot"), "locales": [DEFAULT_LOCALE]}
    files = LocaleFiles(DEFAULT_LOCALE)
    types = _slot_types(resource, files)
    read = IntentReader(types).read(resource)
    if read is not None:
        files.intents[read[0]] = read[1]
    return BotFiles(config, [files])


def _slot_type_only(resource: SourceObject) -> BotFiles:
    v1_name = str(resource.data.get("name", ""))
    config = {"name": lex_name(v1_name, "ImportedBot"), "locales": [DEFAULT_LOCALE]}
    files = LocaleFiles(DEFAULT_LOCALE)
    read = _slot_type(resource, NameTable())
    if read is not None:
        files.slot_types[read[0]] = read[1]
    return BotFiles(config, [files])


# ---------------------------------------------------------------- slot types


def _slot_types(resource: SourceObject, files: LocaleFiles) -> NameTable:
    names = NameTable()
    for source in resource.children("slotTypes"):
        read = _slot_type(source, names)
        if read is not None:
            files.slot_types[read[0]] = read[1]
    return names


def _slot_type(source: SourceObject, names: NameTable) -> tuple[str, dict[str, Any]] | None:
    v1_name = str(source.take("name", ""))
    name = names.add(v1_name, "SlotType")
    if name != v1_name:
        source.report.unsupported_field(source.at("name"), f"renamed to {name!r}")
    out: dict[str, Any] = {"name": name}
    if "description" in source:
        out["description"] = str(source.take("description"))[:200]
    values = _values(source)
    if values:
        out["slotTypeValues"] = values
    strategy = source.take("valueSelectionStrategy", "ORIGINAL_VALUE")
    setting: dict[str, Any] = {"resolutionStrategy": _STRATEGIES.get(strategy, "OriginalValue")}
    if strategy not in _STRATEGIES:
        source.report.unsupported_field(source.at("valueSelectionStrategy"), "unknown strategy")
    parent = source.take("parentSlotTypeSignature")
    if parent is not None and parent != "AMAZON.AlphaNumeric":
        source.report.unsupported_field(
            source.at("parentSlotTypeSignature"), "only AMAZON.AlphaNumeric can be extended"
        )
        parent = None
    patterns = []
    for config in source.children("slotTypeConfigurations"):
        regex = config.child("regexConfiguration")
        patterns.append((regex.path, regex.take("pattern")))
        regex.finish()
        config.finish()
    if parent is not None:
        out["parentSlotTypeSignature"] = parent
        if patterns:
            setting["regexFilter"] = {"pattern": patterns[0][1]}
    for path, _ in patterns[1 if parent else 0 :]:
        source.report.unsupported_field(path, "one regular expression per slot type is kept")
    out["valueSelectionSetting"] = setting
    ignore_versions(source)
    source.finish()
    if not values and "regexFilter" not in setting:
        source.report.unsupported_field(source.path, "a slot type without values; not carried")
        return None
    return name, out


def _values(source: SourceObject) -> list[dict[str, Any]]:
    """Enumeration values with their synonyms. A synonym may stand for several values and two
    values may differ only in case, as in Lex: resolution lists every value a phrase names."""
    values: dict[str, list[str]] = {}
    for item in source.children("enumerationValues"):
        value = str(item.take("value", "")).strip()
        synonyms = item.take("synonyms", [])
        item.finish()
        if not value:
            continue
        kept = values.setdefault(value, [])
        for synonym in synonyms if isinstance(synonyms, list) else []:
            said = str(synonym).strip()
            if said and said != value and said not in kept:
                kept.append(said)
    return [{"value": v} | ({"synonyms": s} if s else {}) for v, s in values.items()]
