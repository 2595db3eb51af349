"""Leaf accounting for imports: every value in a source must be in the written bot files at the
place its key says, or lie under a path the report names (ignored, unsupported or left to deployment).

Kept independent of the importers: it walks the source JSON/template itself and knows only the
few places where bot files differ from the export by design (slots inside their intent, plain
utterance strings, `buttons`, `isActive`, the locale id in bot.yaml, the template's lists that
exports spell as mappings, and the test alias's Lambda as the code hook).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bot.transfer import BotFiles, ImportReport
from bot.transfer.cloudformation import load_template

Keys = tuple[str | int, ...]
MISSING = object()
RENAMES = {
    "buttonsList": "buttons",
    "messageGroups": "messageGroupsList",
    "active": "isActive",
    "allowMutlipleValues": "allowMultipleValues",
    "bedrockModelCustomPrompt": "customPrompt",
}
# Settings whose stated value is what the runtime does anyway.
DEFAULTS = {("slotResolutionSetting", "slotResolutionStrategy"): "Default"}


def leaves(value: Any, keys: Keys = (), *, intrinsics: bool = False) -> Iterator[tuple[Keys, Any]]:
    """(key path, value) of every scalar that says something (not null, [] or {})."""
    if intrinsics and _is_intrinsic(value):
        yield keys, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*keys, k), intrinsics=intrinsics)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, (*keys, i), intrinsics=intrinsics)
    elif value is not None:
        yield keys, value


def dotted(keys: Keys, *, sep: str = "") -> str:
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text or sep else str(key))
    return text


def covered(location: str, notes: Iterable[str]) -> bool:
    return any(
        location == n or (location.startswith(n) and location[len(n)] in ":.[/") for n in notes
    )


def lookup(doc: Any, keys: Keys) -> Any:
    for key in keys:
        if isinstance(key, int):
            doc = doc[key] if isinstance(doc, list) and key < len(doc) else MISSING
        elif isinstance(doc, dict):
            doc = doc.get(key, doc.get(RENAMES.get(key, key), MISSING))
        else:
            return MISSING
        if doc is MISSING:
            return MISSING
    return doc


def _notes(report: ImportReport) -> list[str]:
    return [n.path for n in report.ignored + report.unsupported + report.deployment]


def _is_default(keys: Keys, value: Any) -> bool:
    return DEFAULTS.get(tuple(k for k in keys[-2:] if isinstance(k, str))) == value


# ---------------------------------------------------------------- Lex V2 exports


def unaccounted_v2(export: Path, files: BotFiles, report: ImportReport) -> list[str]:
    """Leaves of a V2 export folder that are neither in `files` nor under a report note."""
    bot_json = next(export.glob("*/Bot.json"))
    folder = bot_json.parent
    notes = _notes(report)
    missing = []
    for path in sorted(folder.rglob("*.json")):
        rel = path.relative_to(folder).as_posix()
        data = json.loads(path.read_text(encoding="utf-8"))
        target = _v2_target(rel, files)
        for keys, value in leaves(data):
            location = f"{rel}:{dotted(keys)}"
            if covered(location, notes) or _is_default(keys, value):
                continue
            if target is None:
                missing.append(f"{location} (no bot file)")
                continue
            doc, prefix = target
            found = lookup(doc, prefix + _v2_keys(rel, keys))
            if found != value:
                missing.append(f"{location} = {value!r} (bot files: {_show(found)})")
    return missing


def _v2_target(rel: str, files: BotFiles) -> tuple[Any, Keys] | None:
    parts = rel.split("/")
    if rel == "Bot.json":
        return files.config, ()
    locale_id = parts[1]
    locale = next((loc for loc in files.locales if loc.locale == locale_id), None)
    if locale is None:
        return None
    if parts[-1] == "BotLocale.json":
        settings = [s for s in files.config["locales"] if s["localeId"] == locale_id]
        return (settings[0], ()) if settings else None
    if parts[2] == "SlotTypes":
        doc = locale.slot_types.get(parts[3])
        return (doc, ()) if doc is not None else None
    intent = locale.intents.get(parts[3])
    if intent is None:
        return None
    if parts[-1] == "Slot.json":
        names = [s["name"] for s in intent.get("slots", [])]
        return (intent, ("slots", names.index(parts[5]))) if parts[5] in names else None
    return (intent, ()) if parts[-1] == "Intent.json" else None


def _v2_keys(rel: str, keys: Keys) -> Keys:
    if rel.endswith("BotLocale.json") and keys == ("identifier",):
        return ("localeId",)
    return _plain_utterances(keys)


def _plain_utterances(keys: Keys) -> Keys:
    """`sampleUtterances[i].utterance` is `sampleUtterances[i]` in bot files."""
    out: list[str | int] = []
    for i, key in enumerate(keys):
        if key == "utterance" and i >= 2 and keys[i - 2] == "sampleUtterances":
            continue
        out.append(key)
    return tuple(out)


def _show(value: Any) -> str:
    return "missing" if value is MISSING else repr(value)


# ---------------------------------------------------------------- CloudFormation templates


def unaccounted_cfn(template_path: Path, files: BotFiles, report: ImportReport) -> list[str]:
    """Leaves of the first bot's Properties that are neither in `files` nor under a note."""
    template = load_template(template_path)
    logical_id, resource = next(
        (k, r) for k, r in template["Resources"].items() if r.get("Type") == "AWS::Lex::Bot"
    )
    parameters = template.get("Parameters", {})
    properties = _as_maps(resource["Properties"])
    base = f"Resources.{logical_id}.Properties"
    notes = _notes(report)
    missing = []
    for keys, value in leaves(properties, intrinsics=True):
        location = base + dotted(keys, sep=".")
        if covered(location, notes):
            continue
        found = _cfn_lookup(keys, properties, parameters, files)
        intrinsic = _is_intrinsic(value)
        if (intrinsic and found is MISSING) or (not intrinsic and found != value):
            missing.append(f"{location} = {value!r} (bot files: {_show(found)})")
    return missing


def _cfn_lookup(keys: Keys, properties: dict, parameters: dict, files: BotFiles) -> Any:
    head = keys[0]
    if head == "TestBotAliasSettings":
        return _alias_hook(keys, properties, files)
    if head != "BotLocales":
        return lookup(files.config, (_camel(str(head)), *keys[1:]))
    index, part = keys[1], keys[2]
    locale_id = properties["BotLocales"][index]["LocaleId"]
    locale = next((loc for loc in files.locales if loc.locale == locale_id), None)
    if locale is None:
        return MISSING
    if part in ("LocaleId", "Description", "NluConfidenceThreshold", "GenerativeAISettings"):
        setting = next(s for s in files.config["locales"] if s["localeId"] == locale_id)
        return lookup(setting, tuple(_camel(k) for k in keys[2:]))
    source = properties["BotLocales"][index][part][keys[3]]
    name = _resolved_name(source.get("Name"), parameters)
    doc = (locale.intents if part == "Intents" else locale.slot_types).get(name)
    if doc is None:
        return MISSING
    rest = keys[4:]
    if rest[:1] == ("Slots",) and part == "Intents":
        slot_name = source["Slots"][rest[1]]["Name"]
        names = [s["name"] for s in doc.get("slots", [])]
        rest = ("Slots", names.index(slot_name), *rest[2:]) if slot_name in names else rest
    found = lookup(doc, _plain_utterances(tuple(_camel(k) for k in rest)))
    return found


def _alias_hook(keys: Keys, properties: dict, files: BotFiles) -> Any:
    """The test alias's Lambda per locale is the locale's (or, shared, the bot's) code hook."""
    if keys[1] != "BotAliasLocaleSettings":
        return MISSING
    locale_id = properties["TestBotAliasSettings"]["BotAliasLocaleSettings"][keys[2]]["LocaleId"]
    settings = [s for s in files.config["locales"] if s["localeId"] == locale_id]
    hook = (settings[0].get("codeHook") if settings else None) or files.config.get("codeHook")
    if not hook:
        return MISSING
    return {
        "LocaleId": locale_id,
        "Enabled": True,
        "CodeHookInterfaceVersion": "1.0" if hook["messageVersion"] == "V2" else MISSING,
        "LambdaArn": hook["uri"].removeprefix("lambda:"),
    }.get(str(keys[-1]), MISSING)


def _resolved_name(name: Any, parameters: dict) -> Any:
    if isinstance(name, dict) and "Ref" in name:
        return parameters.get(name["Ref"], {}).get("Default")
    return name


def _camel(key: str | int) -> str | int:
    if isinstance(key, int):
        return key
    if key.startswith("_"):  # a data key (slot name, attribute name), see _as_maps
        return key[1:]
    return _ACRONYMS.get(key, key[:1].lower() + key[1:])


_ACRONYMS = {"SSMLMessage": "ssmlMessage", "BKBExactResponseFields": "bkbExactResponseFields"}


def _as_maps(value: Any) -> Any:
    """The template's `SessionAttributes: [{Key, Value}]` and slot-override lists as mappings
    (data keys such as a slot name keep their spelling: they are prefixed to survive _camel)."""
    if isinstance(value, list):
        return [_as_maps(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "SessionAttributes" and isinstance(item, list):
            item = {f"_{a['Key']}": a["Value"] for a in item}
        elif key == "Slots" and isinstance(item, list) and all("SlotName" in s for s in item):
            item = {f"_{s['SlotName']}": _as_maps(s["SlotValueOverride"]) for s in item}
        out[key] = _as_maps(item)
    return out


def _is_intrinsic(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and len(value) == 1
        and (next(iter(value)) == "Ref" or str(next(iter(value))).startswith("Fn::"))
    )
