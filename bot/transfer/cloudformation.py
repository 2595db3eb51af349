"""CloudFormation templates declaring an `AWS::Lex::Bot` with inline locales, intents and slot
types, read into bot files.

A template spells the Lex V2 models API in PascalCase (`BotLocales[].Intents[].Slots[]`,
`MessageGroupsList`, `SSMLMessage`) and may compute values with intrinsic functions. This module
turns the first bot resource into export-shaped definitions: keys in the export's camelCase,
`Ref`/`!Ref` to a template parameter replaced by its `Default`, `!Sub` over parameters
substituted, `!Join` of known parts joined, and every value that only a deployment can know
(`!GetAtt`, `!ImportValue`, `!If`, pseudo parameters...) reported as unsupported
(`cloudformation_intrinsics`). The test alias's Lambda ARN becomes the code hook when it is a
literal; the bot's `AWS::Lex::BotAlias` resources become its `aliases:` (`cloudformation_aliases`).
`lex_definitions` does the rest. It never deploys, calls AWS or reads anything but the template.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from bot.transfer.bot_files import BotFiles, TransferError
from bot.transfer.cloudformation_aliases import import_aliases, lambda_hook
from bot.transfer.cloudformation_intrinsics import MISSING, Intrinsics
from bot.transfer.lex_definitions import (
    BotSource,
    IntentSource,
    LocaleSource,
    Source,
    build_bot_files,
)
from bot.transfer.lex_keys import IGNORED, Where, camel_key, vacuous
from bot.transfer.report import ImportReport

BOT_TYPE = "AWS::Lex::Bot"
_AWS_ONLY = "AWS deployment setting; no effect on the conversation"
BOT_PROPERTIES_IGNORED = {
    "RoleArn": "the IAM role Lex runs as; " + _AWS_ONLY,
    "AutoBuildBotLocales": "building happens with `bot train`",
    "BotTags": "AWS resource tags; " + _AWS_ONLY,
    "TestBotAliasTags": "AWS resource tags; " + _AWS_ONLY,
    "Replication": "multi-region replicas; " + _AWS_ONLY,
}
_ALIAS_IGNORED = {
    "ConversationLogSettings": "conversation-log destination in AWS; no effect on the dialog",
    "SentimentAnalysisSettings": IGNORED["sentimentAnalysisSettings"],
    "Description": "the test alias's description; " + _AWS_ONLY,
}


class _TemplateLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short forms: `!Ref x` is read as `{"Ref": "x"}`, `!GetAtt a.b`
    as `{"Fn::GetAtt": ["a", "b"]}` and any other `!Name v` as `{"Fn::Name": v}`."""


def _short_form(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix in ("Ref", "Condition"):
        return {suffix: value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_TemplateLoader.add_multi_constructor("!", _short_form)


def load_template(source: Path) -> dict[str, Any]:
    text = Path(source).read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text)
    except ValueError:
        try:
            data = yaml.load(text, Loader=_TemplateLoader)
        except yaml.YAMLError as exc:
            raise TransferError(f"{source}: neither JSON nor YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise TransferError(f"{source}: not a CloudFormation template (no Resources)")
    return data


def import_template(source: Path, report: ImportReport) -> BotFiles:
    """The bot files of the first `AWS::Lex::Bot` in a CloudFormation template."""
    template = load_template(source)
    bots = [(k, r) for k, r in template["Resources"].items() if _is_bot(r)]
    if not bots:
        raise TransferError(f"{source}: no {BOT_TYPE} resource in the template")
    for logical_id, _ in bots[1:]:
        report.unsupported_field(
            f"Resources.{logical_id}", f"a second {BOT_TYPE}: only the first one is imported"
        )
    logical_id, resource = bots[0]
    properties = resource.get("Properties")
    base = f"Resources.{logical_id}.Properties"
    if not isinstance(properties, dict):
        raise TransferError(f"{source}: {base} is missing")
    intrinsics = Intrinsics(template.get("Parameters") or {}, report)
    bot = _bot_properties(properties, base, intrinsics, report)
    locales = [
        _locale(locale, f"{base}.BotLocales[{i}]", intrinsics)
        for i, locale in enumerate(properties.get("BotLocales") or [])
        if isinstance(locale, dict)
    ]
    hooks = _test_alias_hooks(properties.get("TestBotAliasSettings"), base, intrinsics, report)
    for locale in locales:
        if locale.locale_id in hooks:
            locale.locale.data["codeHook"] = hooks.pop(locale.locale_id)
    for locale_id in hooks:
        report.unsupported_field(
            f"{base}.TestBotAliasSettings", f"a Lambda for locale {locale_id}, which the bot lacks"
        )
    files = build_bot_files(BotSource(bot, locales, default_name=logical_id), report)
    _lift_shared_hook(files)
    resources = template["Resources"]
    import_aliases(resources, logical_id, intrinsics, files, report, Path(source).name)
    return files


def _is_bot(resource: Any) -> bool:
    return isinstance(resource, dict) and resource.get("Type") == BOT_TYPE


# ---------------------------------------------------------------- the bot's parts


def _bot_properties(
    properties: dict[str, Any], base: str, intrinsics: Intrinsics, report: ImportReport
) -> Source:
    data: dict[str, Any] = {}
    for key, value in properties.items():
        path = f"{base}.{key}"
        if key in ("BotLocales", "TestBotAliasSettings") or vacuous(value):
            continue
        if key in BOT_PROPERTIES_IGNORED:
            report.ignore(path, BOT_PROPERTIES_IGNORED[key])
        elif key == "BotFileS3Location":
            report.unsupported_field(
                path, "the bot definition is a zip in S3: download it and `bot import` the zip"
            )
        elif key == "Name":
            name, why = intrinsics.explain(value, path)
            if name is MISSING:
                report.left_to_deployment(path, f"{why}: the bot is named after its resource")
            else:
                data["name"] = name
        else:
            converted = intrinsics.convert(value, path)
            if converted is not MISSING:
                data[camel_key(key)] = converted
    return Source(data, Where(base, pascal=True))


def _locale(raw: dict[str, Any], base: str, intrinsics: Intrinsics) -> LocaleSource:
    data = intrinsics.convert(raw, base)
    data = data if isinstance(data, dict) else {}
    intents = data.pop("intents", None) or []
    slot_types = data.pop("slotTypes", None) or []
    locale_where = Where(base, pascal=True)
    locale = LocaleSource(str(data.get("localeId", "")), Source(data, locale_where), locale_where)
    for i, intent in enumerate(i for i in intents if isinstance(i, dict)):
        where = Where(f"{base}.Intents[{i}]", pascal=True)
        slots = [s for s in intent.pop("slots", None) or [] if isinstance(s, dict)]
        locale.intents.append(
            IntentSource(
                Source(intent, where),
                [Source(s, Where(f"{where}.Slots[{j}]", pascal=True)) for j, s in enumerate(slots)],
                where,
            )
        )
    for i, slot_type in enumerate(t for t in slot_types if isinstance(t, dict)):
        locale.slot_types.append(Source(slot_type, Where(f"{base}.SlotTypes[{i}]", pascal=True)))
    return locale


def _test_alias_hooks(
    settings: Any, base: str, intrinsics: Intrinsics, report: ImportReport
) -> dict[str, dict[str, Any]]:
    """localeId -> codeHook, from the test alias's Lambda per locale."""
    base += ".TestBotAliasSettings"
    hooks: dict[str, dict[str, Any]] = {}
    for key, value in (settings if isinstance(settings, dict) else {}).items():
        path = f"{base}.{key}"
        if vacuous(value) or key == "BotAliasLocaleSettings":
            continue
        if key in _ALIAS_IGNORED:
            report.ignore(path, _ALIAS_IGNORED[key])
        else:
            report.unsupported_field(path, f"{key!r} of the test alias is not carried")
    entries = settings.get("BotAliasLocaleSettings") if isinstance(settings, dict) else None
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        path = f"{base}.BotAliasLocaleSettings[{i}]"
        locale = intrinsics.resolve(entry.get("LocaleId"), f"{path}.LocaleId")
        setting = entry.get("BotAliasLocaleSetting") or {}
        hook = lambda_hook(setting, path, "the test alias", intrinsics, report)
        if hook is not None and isinstance(locale, str):
            hooks[locale] = hook
    return hooks


def _lift_shared_hook(files: BotFiles) -> None:
    """One Lambda for every locale is the bot's code hook (so --code-hook replaces it)."""
    locales = files.config.get("locales") or []
    hooks = [loc.get("codeHook") for loc in locales]
    if hooks and hooks[0] is not None and all(h == hooks[0] for h in hooks):
        files.config["codeHook"] = hooks[0]
        for loc in locales:
            del loc["codeHook"]
