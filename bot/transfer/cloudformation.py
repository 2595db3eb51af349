"""CloudFormation templates declaring an `AWS::Lex::Bot` with inline locales, intents and slot
types, read into bot files.

A template spells the Lex V2 models API in PascalCase (`BotLocales[].Intents[].Slots[]`,
`MessageGroupsList`, `SSMLMessage`) and may compute values with intrinsic functions. This module
turns the first bot resource into export-shaped definitions: keys in the export's camelCase,
`Ref`/`!Ref` to a template parameter replaced by its `Default`, `!Sub` over parameters
substituted, `!Join` of known parts joined, and every value that only a deployment can know
(`!GetAtt`, `!ImportValue`, `!If`, pseudo parameters...) reported as unsupported. The test
alias's Lambda ARN becomes the code hook when it is a literal. `lex_definitions` does the rest.
It never deploys, calls AWS or reads anything but the template.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from bot.transfer.bot_files import BotFiles, TransferError
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
_MISSING = object()  # a value only a deployment can compute
_SUB_NAME = re.compile(r"\$\{([^}]*)\}")


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
    intrinsics = _Intrinsics(template.get("Parameters") or {}, report)
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
    return files


def _is_bot(resource: Any) -> bool:
    return isinstance(resource, dict) and resource.get("Type") == BOT_TYPE


# ---------------------------------------------------------------- the bot's parts


def _bot_properties(
    properties: dict[str, Any], base: str, intrinsics: _Intrinsics, report: ImportReport
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
            if name is _MISSING:
                report.left_to_deployment(path, f"{why}: the bot is named after its resource")
            else:
                data["name"] = name
        else:
            converted = intrinsics.convert(value, path)
            if converted is not _MISSING:
                data[camel_key(key)] = converted
    return Source(data, Where(base, pascal=True))


def _locale(raw: dict[str, Any], base: str, intrinsics: _Intrinsics) -> LocaleSource:
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
    settings: Any, base: str, intrinsics: _Intrinsics, report: ImportReport
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
        hook = _lambda_hook(entry.get("BotAliasLocaleSetting") or {}, path, intrinsics, report)
        if hook is not None and isinstance(locale, str):
            hooks[locale] = hook
    return hooks


def _lambda_hook(
    setting: dict[str, Any], path: str, intrinsics: _Intrinsics, report: ImportReport
) -> dict[str, Any] | None:
    """The code hook of one locale of the test alias; notes name the whole entry (`path`), as
    none of it is carried when the hook is not."""
    if setting.get("Enabled") is False:
        report.unsupported_field(path, "the locale is disabled on the test alias")
        return None
    spec = (setting.get("CodeHookSpecification") or {}).get("LambdaCodeHook") or {}
    arn = spec.get("LambdaArn")
    if arn is None:
        return None
    version = spec.get("CodeHookInterfaceVersion", "1.0")
    if str(version) != "1.0":
        report.unsupported_field(
            path, f"Lambda interface version {version}: only 1.0 (the Lex V2 event) is known"
        )
        return None
    resolved = intrinsics.resolve(arn, path, quiet=True)
    if not isinstance(resolved, str) or not resolved:
        report.left_to_deployment(
            path,
            f"the Lambda ARN is known only at deployment ({_describe(arn)}): pass "
            "--code-hook lambda:<arn> (or python:... / https://...) to `bot import`",
            code_hook=True,
        )
        return None
    return {"uri": f"lambda:{resolved}", "messageVersion": "V2"}


def _lift_shared_hook(files: BotFiles) -> None:
    """One Lambda for every locale is the bot's code hook (so --code-hook replaces it)."""
    locales = files.config.get("locales") or []
    hooks = [loc.get("codeHook") for loc in locales]
    if hooks and hooks[0] is not None and all(h == hooks[0] for h in hooks):
        files.config["codeHook"] = hooks[0]
        for loc in locales:
            del loc["codeHook"]


# ---------------------------------------------------------------- keys and intrinsic functions


class _Intrinsics:
    """Converts template values to export shape, resolving what the template alone can tell."""

    def __init__(self, parameters: dict[str, Any], report: ImportReport) -> None:
        self.parameters = parameters if isinstance(parameters, dict) else {}
        self.report = report

    def convert(self, value: Any, path: str) -> Any:
        """`value` with camelCase keys and intrinsics resolved; _MISSING if it cannot be."""
        if isinstance(value, list):
            items = [self.convert(v, f"{path}[{i}]") for i, v in enumerate(value)]
            return [v for v in items if v is not _MISSING]
        if not isinstance(value, dict):
            return value
        if _is_intrinsic(value):
            return self.resolve(value, path)
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = camel_key(str(key))
            if name in IGNORED:  # reported later by the walker, not worth resolving
                out[name] = item
                continue
            converted = self.convert(item, f"{path}.{key}")
            if converted is not _MISSING:
                out[name] = _as_mapping(name, converted)
        return _MISSING if value and not out else out

    def resolve(self, value: Any, path: str, *, quiet: bool = False) -> Any:
        """A plain value for `value`, or _MISSING (reported unless `quiet`)."""
        resolved, why = self.explain(value, path)
        if value == {"Ref": "AWS::NoValue"}:
            return _MISSING  # CloudFormation's way of leaving a property out
        if resolved is _MISSING and not quiet:
            self.report.unsupported_field(path, why + ": not carried")
        return resolved

    def explain(self, value: Any, path: str) -> tuple[Any, str]:
        """A plain value for `value` and "", or _MISSING and why it cannot be known."""
        if not isinstance(value, dict) or not _is_intrinsic(value):
            return self.convert(value, path), ""
        ((function, argument),) = value.items()
        return self._function(function, argument, path)

    def _function(self, function: str, argument: Any, path: str) -> tuple[Any, str]:
        computed = f"{_describe({function: argument})} is known only at deployment"
        if function == "Ref":
            return self._parameter(str(argument))
        if function == "Fn::Sub":
            return self._sub(argument, path)
        if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            parts = [self.resolve(p, path, quiet=True) for p in argument[1] or []]
            if all(isinstance(p, str | int | float) for p in parts):
                return str(argument[0]).join(str(p) for p in parts), ""
        return _MISSING, computed

    def _parameter(self, name: str) -> tuple[Any, str]:
        spec = self.parameters.get(name)
        if not isinstance(spec, dict):
            return _MISSING, f"Ref {name} is known only at deployment"
        if "Default" not in spec:
            return _MISSING, f"parameter {name} has no Default"
        kind = str(spec.get("Type", "String"))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            return _MISSING, f"parameter {name} is read from SSM Parameter Store at deployment"
        default = spec["Default"]
        if kind == "Number" and isinstance(default, str):
            try:
                return (float(default) if "." in default else int(default)), ""
            except ValueError:
                return default, ""
        return (default if kind == "Number" else str(default)), ""

    def _sub(self, argument: Any, path: str) -> tuple[Any, str]:
        text, variables = (
            (argument[0], argument[1]) if isinstance(argument, list) else (argument, {})
        )
        values = {k: self.resolve(v, path, quiet=True) for k, v in (variables or {}).items()}
        why: list[str] = []

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            value, reason = (values[name], "") if name in values else self._parameter(name)
            if value is _MISSING or isinstance(value, dict | list):
                why.append(reason or f"{name} is known only at deployment")
                return ""
            return str(value)

        result = _SUB_NAME.sub(substitute, str(text))
        return (_MISSING, f"Sub: {'; '.join(why)}") if why else (result, "")


def _is_intrinsic(value: dict[str, Any]) -> bool:
    if len(value) != 1:
        return False
    key = str(next(iter(value)))
    return key == "Ref" or key.startswith("Fn::")


def _as_mapping(key: str, value: Any) -> Any:
    """Template lists that exports spell as mappings: session attributes and slot overrides."""
    if key == "sessionAttributes" and isinstance(value, list):
        return {str(a.get("key")): a.get("value") for a in value if isinstance(a, dict)}
    if key == "slots" and isinstance(value, list) and all(_is_override(v) for v in value):
        return {str(v["slotName"]): v.get("slotValueOverride") for v in value}
    return value


def _is_override(value: Any) -> bool:
    return isinstance(value, dict) and "slotName" in value and "name" not in value


def _describe(value: Any) -> str:
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if isinstance(argument, list):
            argument = ".".join(str(a) for a in argument if isinstance(a, str | int))
        return f"{function.removeprefix('Fn::')} {argument}"
    return repr(value)
