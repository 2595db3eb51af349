"""Accounting for every leaf of a Lex V1 export: carried into the bot files, or in the report.

A leaf is noted when the report has a note on it or on an object above it. Otherwise its key must
be one the importer carries, and its value must show up in the bot files (after the documented
conversions: V1 slot-type spellings, `maxAttempts` = `maxRetries` + 1, `lambda:` URIs...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.nlu.builtins import canonical_name
from bot.transfer import import_bot
from bot.transfer.bot_files import BotFiles
from bot.transfer.lex_v1 import read_export
from bot.transfer.report import ImportReport

# Generic key (list selectors dropped) -> how its value is carried.
CARRIED = {
    "resource.name": "text",
    "resource.description": "text",
    "resource.locale": "locale",
    "resource.idleSessionTTLInSeconds": "number",
    "resource.nluIntentConfidenceThreshold": "number",
    "resource.clarificationPrompt.maxAttempts": "attempts",
    "resource.clarificationPrompt.messages.content": "text",
    "resource.clarificationPrompt.messages.contentType": "content type",
    "resource.abortStatement.messages.content": "text",
    "resource.abortStatement.messages.contentType": "content type",
    "resource.slotTypes.name": "text",
    "resource.slotTypes.description": "text",
    "resource.slotTypes.enumerationValues.value": "text",
    "resource.slotTypes.enumerationValues.synonyms": "text",
    "resource.slotTypes.valueSelectionStrategy": "strategy",
    "resource.slotTypes.parentSlotTypeSignature": "text",
    "resource.slotTypes.slotTypeConfigurations.regexConfiguration.pattern": "text",
}
INTENT_CARRIED = {
    "name": "text",
    "description": "text",
    "parentIntentSignature": "text",
    "sampleUtterances": "text",
    "fulfillmentActivity.type": "fulfilment",
    "fulfillmentActivity.codeHook.uri": "uri",
    "fulfillmentActivity.codeHook.messageVersion": "hook",
    "dialogCodeHook.uri": "uri",
    "dialogCodeHook.messageVersion": "hook",
    "slots.name": "text",
    "slots.description": "text",
    "slots.slotType": "slot type",
    "slots.slotConstraint": "text",
    "slots.priority": "priority",
    "slots.sampleUtterances": "text",
    "slots.obfuscationSetting": "obfuscation",
    "slots.defaultValueSpec.defaultValueList.defaultValue": "text",
    "outputContexts.name": "text",
    "outputContexts.timeToLiveInSeconds": "number",
    "outputContexts.turnsToLive": "number",
    "inputContexts.name": "text",
}
for _prompt in (
    "confirmationPrompt",
    "rejectionStatement",
    "conclusionStatement",
    "followUpPrompt.prompt",
    "followUpPrompt.rejectionStatement",
    "slots.valueElicitationPrompt",
):
    INTENT_CARRIED |= {
        f"{_prompt}.messages.content": "text",
        f"{_prompt}.messages.contentType": "content type",
        f"{_prompt}.messages.groupNumber": "group",
        f"{_prompt}.maxAttempts": "attempts",
        f"{_prompt}.responseCard": "card",
    }
for _key, _how in list(INTENT_CARRIED.items()):
    CARRIED[f"resource.intents.{_key}"] = _how
    CARRIED[f"resource.{_key}"] = _how  # an intent export
for _key, _how in list(CARRIED.items()):
    if _key.startswith("resource.slotTypes."):
        CARRIED["resource." + _key.removeprefix("resource.slotTypes.")] = _how  # slot-type export
CONTENT_KEYS = {"PlainText": "message", "SSML": "ssmlMessage", "CustomPayload": "customPayload"}


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            name = item.get("name") if isinstance(item, dict) else None
            yield from leaves(item, f"{path}[{name}]" if isinstance(name, str) else f"{path}[{i}]")
    else:
        yield path, value


def generic(path: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", path)


def unaccounted(document: Any, files: BotFiles, report: ImportReport) -> list[str]:
    """Leaves of `document` neither noted in the report nor found in the bot files."""
    notes = [n.path for n in report.ignored + report.unsupported]
    texts, pairs = _scalars(files)
    missing = []
    for path, value in leaves(document):
        if path.startswith("metadata."):
            continue  # identifies the format
        if any(path == n or path.startswith((n + ".", n + "[")) for n in notes):
            continue
        how = CARRIED.get(generic(path))
        if how is None or not _found(how, value, texts, pairs):
            missing.append(f"{path} = {value!r}")
    return missing


def _scalars(files: BotFiles) -> tuple[list[str], set[tuple[str, Any]]]:
    texts: list[str] = []
    pairs: set[tuple[str, Any]] = set()
    documents = [files.config] + [
        d for loc in files.locales for d in (*loc.intents.values(), *loc.slot_types.values())
    ]
    for document in documents:
        for path, value in leaves(document):
            key = generic(path).rsplit(".", 1)[-1]
            pairs.add((key, value))
            pairs.update((part, None) for part in generic(path).split("."))
            if isinstance(value, str):
                texts.append(value)
    return texts, pairs


def _found(how: str, value: Any, texts: list[str], pairs: set[tuple[str, Any]]) -> bool:
    def said(text: str) -> bool:
        text = re.sub(r"\{([^{}]+)\}", lambda m: "{" + m.group(1).replace(".", "_") + "}", text)
        return any(text.strip() in t for t in texts)

    checks = {
        "text": lambda: said(str(value)),
        "number": lambda: any(v == value for _, v in pairs),
        "locale": lambda: said(str(value).replace("-", "_")),
        "attempts": lambda: ("maxRetries", value - 1) in pairs,
        "content type": lambda: any(k == CONTENT_KEYS[value] for k, _ in pairs),
        "group": lambda: any(k == "messageGroupsList" for k, _ in pairs),
        "strategy": lambda: ("resolutionStrategy", _strategy(value)) in pairs,
        "fulfilment": lambda: value == "ReturnIntent" or ("enabled", True) in pairs,
        "uri": lambda: (
            ("uri", f"lambda:{value}") in pairs or not value and ("enabled", True) in pairs
        ),
        "hook": lambda: ("enabled", True) in pairs,
        "slot type": lambda: said(canonical_name(value) or value),
        "priority": lambda: any(k == "priority" for k, _ in pairs),
        "obfuscation": lambda: value == "NONE" or said("DefaultObfuscation"),
        "card": lambda: all(said(a.get("title") or a["subTitle"]) for a in _attachments(value)),
    }
    return checks[how]()


def _strategy(value: str) -> str:
    return "TopResolution" if value == "TOP_RESOLUTION" else "OriginalValue"


def _attachments(card: str) -> list[dict[str, Any]]:
    attachments: list[dict[str, Any]] = json.loads(card).get("genericAttachments", [])
    return attachments


# ---------------------------------------------------------------- the test

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "v1"


@pytest.mark.parametrize(
    "fixture", ["OrderFlowersBot.json", "BookTable_Intent.json", "PizzaBot_Bot_LEX_V1.zip"]
)
def test_every_leaf_of_a_v1_export_is_carried_ignored_or_unsupported(fixture: str) -> None:
    source = FIXTURES / fixture
    files, report = import_bot(source)
    assert unaccounted(read_export(source), files, report) == []


def test_leaf_accounting_notices_a_leaf_that_was_dropped() -> None:
    source = FIXTURES / "OrderFlowersBot.json"
    files, report = import_bot(source)
    del files.locales[0].intents["CancelOrder"]["followUpPrompt"]
    missing = unaccounted(read_export(source), files, report)
    assert any("CancelOrder].followUpPrompt.prompt.messages[0].content" in m for m in missing)
