"""The aliases of a CloudFormation template's bot: each `AWS::Lex::BotAlias` whose `BotId` is the
imported bot becomes an entry of bot.yaml's `aliases:` mapping (description, and the Lambda per
locale as the alias's code hooks); the Lambda of one locale, read here for the test alias too. A
locale where the alias attaches no Lambda gets `codeHook: {enabled: false}` where the bot has a
hook, as the test alias's Lambda (the bot's hook once imported) is not the alias's.

An alias on an `AWS::Lex::BotVersion` of the bot (or on a literal number) served a snapshot of
the DRAFT as the stack deployed it, which is exactly the imported files: such aliases are written
on DRAFT and named in the report's `served_version`, for `bot import` to freeze once the files
are written. Every version resource collapses into that one snapshot. This module never writes a
file, trains a model or guesses a deployed value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from bot.project.bot_config import ALIAS_NAME, ALWAYS_ALIASES, DRAFT, AliasSetting, NoCodeHook
from bot.transfer.bot_files import BotFiles
from bot.transfer.cloudformation_intrinsics import MISSING, Intrinsics, describe
from bot.transfer.lex_keys import IGNORED, vacuous
from bot.transfer.report import ImportReport, ServedVersion

ALIAS_TYPE = "AWS::Lex::BotAlias"
VERSION_TYPE = "AWS::Lex::BotVersion"
ALIAS_IGNORED = {
    "ConversationLogSettings": "conversation-log destination in AWS; no effect on the dialog",
    "SentimentAnalysisSettings": IGNORED["sentimentAnalysisSettings"],
    "BotAliasTags": "AWS resource tags; AWS deployment setting, no effect on the conversation",
}
_READ_APART = {"BotId", "BotAliasName", "BotVersion", "BotAliasLocaleSettings"}
# Names that would shadow the test alias, which always answers from DRAFT.
_TEST_ALIAS_NAMES = {*ALWAYS_ALIASES, "TestBotAlias"}
_NO_CODE_HOOK = NoCodeHook(enabled=False).model_dump()


@dataclass(slots=True)
class _Served:
    """What an alias answers from: DRAFT, or the deployed snapshot (`frozen`), described by the
    version resource it names when it names one."""

    frozen: bool = False
    version_id: str | None = None


def import_aliases(
    resources: dict[str, Any],
    bot_id: str,
    intrinsics: Intrinsics,
    files: BotFiles,
    report: ImportReport,
    template_name: str,
) -> None:
    """Add the bot's aliases to `files.config` and, when one served a frozen version, say so in
    `report.served_version`."""
    locales = [loc.locale for loc in files.locales]
    aliases: dict[str, dict[str, Any]] = {}
    served: dict[str, _Served] = {}
    lacking: dict[str, list[str]] = {}  # alias -> the locales it attaches no Lambda to
    for logical_id, resource in resources.items():
        if not _typed(resource, ALIAS_TYPE):
            continue
        properties = resource.get("Properties")
        properties = properties if isinstance(properties, dict) else {}
        if not _refers_to(properties.get("BotId"), bot_id):
            _other_bot(logical_id, "an alias", properties.get("BotId"), report)
            continue
        base = f"Resources.{logical_id}.Properties"
        name = _alias_name(properties.get("BotAliasName"), base, set(aliases), intrinsics, report)
        if name is None:
            continue
        alias = _alias_setting(properties, base, name, locales, intrinsics, report)
        if alias is not None:
            aliases[name], lacking[name] = alias
            served[name] = _served(properties, base, resources, bot_id, intrinsics, report)
    _without_lambda(aliases, lacking, files, report)
    snapshots = _served_versions(resources, bot_id, served, locales, intrinsics, report)
    if aliases:
        files.config["aliases"] = aliases
    frozen = [name for name, s in served.items() if s.frozen]
    if frozen:
        report.served_version = ServedVersion(
            _description(resources, snapshots, intrinsics) or f"imported from {template_name}",
            frozen,
        )


def _refers_to(value: Any, logical_id: str) -> bool:
    """`!Ref Bot` or `!GetAtt Bot.Id`: the id of resource `logical_id`."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((function, argument),) = value.items()
    if function == "Ref":
        return argument == logical_id
    if function == "Fn::GetAtt":
        parts = argument.split(".", 1) if isinstance(argument, str) else argument
        return isinstance(parts, list) and parts[:1] == [logical_id] and parts[1:] in ([], ["Id"])
    return False


def lambda_hook(
    setting: dict[str, Any], path: str, alias: str, intrinsics: Intrinsics, report: ImportReport
) -> dict[str, Any] | None:
    """The code hook one locale of an alias attaches (`alias` names it in notes); notes name the
    whole entry (`path`), as none of it is carried when the hook is not."""
    if setting.get("Enabled") is False:
        report.unsupported_field(path, f"the locale is disabled on {alias}")
        return None
    spec = _lambda_spec(setting)
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
            f"the Lambda ARN is known only at deployment ({describe(arn)}): pass "
            "--code-hook lambda:<arn> (or python:... / https://...) to `bot import`",
            code_hook=True,
        )
        return None
    return {"uri": f"lambda:{resolved}", "messageVersion": "V2"}


def _lambda_spec(setting: dict[str, Any]) -> dict[str, Any]:
    return (setting.get("CodeHookSpecification") or {}).get("LambdaCodeHook") or {}


# ---------------------------------------------------------------- one alias


def _alias_name(
    value: Any, base: str, taken: set[str], intrinsics: Intrinsics, report: ImportReport
) -> str | None:
    path = f"{base}.BotAliasName"
    name, why = intrinsics.explain(value, path)
    if name is MISSING or vacuous(name):
        report.unsupported_field(path, f"{why or 'no name'}: the alias is not imported")
        return None
    name = str(name)
    if name in _TEST_ALIAS_NAMES:
        reason = "the test alias always answers from DRAFT (see TestBotAliasSettings)"
    elif not re.match(ALIAS_NAME, name) or len(name) > 100:
        reason = "alias names are letters, digits, '_' and '-' (max 100)"
    elif name in taken:
        reason = "a second alias of that name"
    else:
        return name
    report.unsupported_field(path, f"{name!r}: {reason}; the alias is not imported")
    return None


def _alias_setting(
    properties: dict[str, Any],
    base: str,
    name: str,
    locales: list[str],
    intrinsics: Intrinsics,
    report: ImportReport,
) -> tuple[dict[str, Any], list[str]] | None:
    """The alias's entry in bot.yaml, on DRAFT, and the locales it attaches no Lambda to; None
    (reported) when the schema refuses it."""
    setting: dict[str, Any] = {"botVersion": DRAFT}
    for key, value in properties.items():
        path = f"{base}.{key}"
        if vacuous(value) or key in _READ_APART:
            continue
        if key == "Description":
            description = intrinsics.resolve(value, path)
            if description is not MISSING:
                setting["description"] = str(description)
        elif key in ALIAS_IGNORED:
            report.ignore(path, ALIAS_IGNORED[key])
        else:
            report.unsupported_field(path, f"{key!r} of an alias is not carried")
    hooks, attached = _locale_hooks(
        properties.get("BotAliasLocaleSettings"), base, name, locales, intrinsics, report
    )
    shared = next(iter(hooks.values()), None)
    if (
        shared is not None
        and set(hooks) == set(locales)
        and all(h == shared for h in hooks.values())
    ):
        setting["codeHook"] = shared  # one Lambda for every locale: the alias's own hook
    elif hooks:
        setting["locales"] = {loc: {"codeHook": hook} for loc, hook in hooks.items()}
    try:
        AliasSetting.model_validate(setting)
    except ValidationError as exc:
        error = exc.errors()[0]
        report.unsupported_field(base, f"alias {name}: {error['msg']}; the alias is not imported")
        return None
    return setting, [loc for loc in locales if loc not in attached]


def _locale_hooks(
    entries: Any,
    base: str,
    name: str,
    locales: list[str],
    intrinsics: Intrinsics,
    report: ImportReport,
) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """localeId -> the code hook the alias attaches to that locale of the bot, and the locales
    it attaches a Lambda to (those only a deployment knows too)."""
    hooks: dict[str, dict[str, Any]] = {}
    attached: set[str] = set()
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        path = f"{base}.BotAliasLocaleSettings[{i}]"
        if not isinstance(entry, dict):
            continue
        locale = intrinsics.resolve(entry.get("LocaleId"), f"{path}.LocaleId")
        if locale is MISSING:
            continue
        if locale not in locales:
            report.unsupported_field(path, f"settings for locale {locale}, which the bot lacks")
            continue
        setting = entry.get("BotAliasLocaleSetting") or {}
        named = _lambda_spec(setting).get("LambdaArn") is not None
        if named and setting.get("Enabled") is not False:
            attached.add(str(locale))
        hook = lambda_hook(setting, path, f"alias {name}", intrinsics, report)
        if hook is not None:
            hooks[str(locale)] = hook
    return hooks, attached


def _without_lambda(
    aliases: dict[str, dict[str, Any]],
    lacking: dict[str, list[str]],
    files: BotFiles,
    report: ImportReport,
) -> None:
    """`codeHook: {enabled: false}` where an alias attaches no Lambda but the bot has a hook: the
    test alias's Lambda, or the one `--code-hook` is asked for (which is the bot's)."""
    everywhere = files.config.get("codeHook") or any(n.code_hook for n in report.deployment)
    hooked = {loc["localeId"] for loc in files.config["locales"] if everywhere or "codeHook" in loc}
    for name, missing in lacking.items():
        off = [loc for loc in missing if loc in hooked]
        if not off:
            continue
        setting = aliases[name]
        if len(off) == len(files.locales) and "locales" not in setting:
            setting["codeHook"] = dict(_NO_CODE_HOOK)
        else:
            own = setting.setdefault("locales", {})
            own.update({loc: {"codeHook": dict(_NO_CODE_HOOK)} for loc in off})
        report.no_code_hook[name] = off


def _served(
    properties: dict[str, Any],
    base: str,
    resources: dict[str, Any],
    bot_id: str,
    intrinsics: Intrinsics,
    report: ImportReport,
) -> _Served:
    """What the alias's `BotVersion` names: DRAFT (also when it cannot be known, reported), or
    the deployed snapshot."""
    value = properties.get("BotVersion")
    path = f"{base}.BotVersion"
    if vacuous(value):
        return _Served()
    version_id = _version_resource(value, resources)
    if version_id is not None:
        versions_bot = (resources[version_id].get("Properties") or {}).get("BotId")
        if _refers_to(versions_bot, bot_id):
            return _Served(frozen=True, version_id=version_id)
        report.unsupported_field(path, f"a version of another bot ({version_id}): alias on DRAFT")
        return _Served()
    number, why = intrinsics.explain(value, path)
    if str(number) == DRAFT:
        return _Served()
    if isinstance(number, int | str) and str(number).isdigit():
        report.ignore(
            path,
            f"version {number} of the deployed bot is taken to be the template's DRAFT, "
            "frozen at import: renumbered as the version that freezing makes (1 in a new folder)",
        )
        return _Served(frozen=True)
    report.unsupported_field(path, f"{why or repr(number)}: the alias is put on DRAFT")
    return _Served()


def _version_resource(value: Any, resources: dict[str, Any]) -> str | None:
    """The logical id of the `AWS::Lex::BotVersion` that `!Ref V` / `!GetAtt V.BotVersion` names."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((function, argument),) = value.items()
    if function == "Fn::GetAtt":
        parts = argument.split(".", 1) if isinstance(argument, str) else argument
        target = parts[0] if isinstance(parts, list) and parts[1:] == ["BotVersion"] else None
    else:
        target = argument if function == "Ref" else None
    if isinstance(target, str) and _typed(resources.get(target), VERSION_TYPE):
        return target
    return None


# ---------------------------------------------------------------- version resources


def _served_versions(
    resources: dict[str, Any],
    bot_id: str,
    served: dict[str, _Served],
    locales: list[str],
    intrinsics: Intrinsics,
    report: ImportReport,
) -> list[str]:
    """The bot's version resources that an alias answers from, those named first; notes on the
    others and on any that is not a plain snapshot of every locale's DRAFT."""
    named = [s.version_id for s in served.values() if s.version_id is not None]
    # An alias on a literal number answers from one of them, whichever the number was.
    by_number = any(s.frozen and s.version_id is None for s in served.values())
    snapshots = list(dict.fromkeys(named))
    for logical_id, resource in resources.items():
        if not _typed(resource, VERSION_TYPE):
            continue
        properties = resource.get("Properties")
        properties = properties if isinstance(properties, dict) else {}
        base = f"Resources.{logical_id}"
        if not _refers_to(properties.get("BotId"), bot_id):
            _other_bot(logical_id, "a version", properties.get("BotId"), report)
        elif logical_id in named or by_number:
            _check_snapshot(properties, f"{base}.Properties", locales, intrinsics, report)
            snapshots += [] if logical_id in snapshots else [logical_id]
        else:
            report.ignore(base, "a version no imported alias answers from")
    return snapshots


def _check_snapshot(
    properties: dict[str, Any],
    base: str,
    locales: list[str],
    intrinsics: Intrinsics,
    report: ImportReport,
) -> None:
    """A version built from each locale's DRAFT is the imported files; say where it is not."""
    spec = properties.get("BotVersionLocaleSpecification")
    listed = set()
    for i, entry in enumerate(spec if isinstance(spec, list) else []):
        path = f"{base}.BotVersionLocaleSpecification[{i}]"
        entry = entry if isinstance(entry, dict) else {}
        listed.add(intrinsics.resolve(entry.get("LocaleId"), f"{path}.LocaleId", quiet=True))
        source = (entry.get("BotVersionLocaleDetails") or {}).get("SourceBotVersion", DRAFT)
        if source != DRAFT:
            report.unsupported_field(
                path, f"a locale taken from version {describe(source)}: frozen from the DRAFT"
            )
    unlisted = [loc for loc in locales if loc not in listed]
    if unlisted and isinstance(spec, list):
        report.unsupported_field(
            f"{base}.BotVersionLocaleSpecification",
            f"the version leaves out {', '.join(unlisted)}: the frozen version holds every locale",
        )


def _description(resources: dict[str, Any], version_ids: list[str], intrinsics: Intrinsics) -> str:
    """The first served version resource's description that the template tells."""
    for version_id in version_ids:
        value = (resources[version_id].get("Properties") or {}).get("Description")
        path = f"Resources.{version_id}.Properties.Description"
        description, why = intrinsics.explain(value, path)
        if isinstance(description, str) and description:
            return description
        if description is MISSING:
            intrinsics.report.ignore(path, f"{why}: the version is described by its source")
    return ""


def _other_bot(logical_id: str, kind: str, bot: Any, report: ImportReport) -> None:
    report.unsupported_field(
        f"Resources.{logical_id}",
        f"{kind} of another bot ({describe(bot)}): only the first AWS::Lex::Bot is imported",
    )


def _typed(resource: Any, kind: str) -> bool:
    return isinstance(resource, dict) and resource.get("Type") == kind
