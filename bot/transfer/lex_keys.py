"""Carrying one Lex V2 definition (an export's Bot.json, Intent.json, Slot.json...) into bot-file
data key by key, guided by the bot-file schema.

Every key of the source is accounted for: a key the schema holds is carried (nulls and empty
lists dropped, the export's spelling kept); a key that only matters for voice, AWS or the console
is named in the report's `ignored` list; a key whose behaviour this runtime cannot reproduce is
named in the `unsupported` list, and so is a key nobody here knows, so nothing is dropped
silently. Shared by the Lex V2 and CloudFormation importers. This module never decides whether a
whole intent or slot type can be imported; `bot.transfer.lex_definitions` does.
"""

from __future__ import annotations

import re
import types
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from bot.transfer.report import ImportReport

DESCRIPTION_LIMIT = 200

_SPEECH = "speech recognition setting; this runtime reads text"
IGNORED: dict[str, str] = {
    "identifier": "Lex's internal id; bot files are keyed by name and an export makes new ids",
    "version": "Lex version label; bot files are always the working draft",
    "voiceSettings": "text-to-speech voice; this runtime answers in text",
    "allowInterrupt": "barge-in (speech interrupting a prompt); text turns cannot interrupt",
    "promptAttemptsSpecification": "audio/DTMF input types and timeouts per prompt attempt",
    "advancedRecognitionSetting": _SPEECH,
    "audioRecognitionStrategy": _SPEECH,
    "speechRecognitionSettings": _SPEECH,
    "unifiedSpeechSettings": _SPEECH,
    "speechDetectionSensitivity": _SPEECH,
    "customVocabulary": _SPEECH,
    "dataPrivacy": "data-privacy (COPPA) flag for AWS; it does not change the conversation",
    "childDirected": "data-privacy (COPPA) flag for AWS; it does not change the conversation",
    "detectSentiment": "sentiment analysis flag; no effect on the dialog",
    "sentimentAnalysisSettings": "sentiment analysis flag; no effect on the dialog",
    "errorLogSettings": "AWS error-log destination; no effect on the dialog",
    "buildtimeSettings": "authoring help in the console (Bedrock): descriptive bot builder, "
    "sample-utterance generation",
}

UNSUPPORTED: dict[str, str] = {
    "bedrockAgentIntentConfiguration": "an Amazon Bedrock agent answers this intent",
    "qInConnectIntentConfiguration": "Amazon Q in Connect answers this intent",
    "subSlotSetting": "composite slots (sub-slots) are not supported",
    "compositeSlotTypeSetting": "composite slot types are not supported",
    "externalSourceSetting": "grammar slot types (GRXML files in S3) are not supported",
}

# Other spellings of a schema key (models API, docs typos) -> the key our files use.
RENAMES: dict[str, str] = {
    "buttonsList": "buttons",
    "messageGroups": "messageGroupsList",
    "messageGroupList": "messageGroupsList",
    "active": "isActive",
    "allowMutlipleValues": "allowMultipleValues",
    "nluIntentConfidenceThreshold": "nluConfidenceThreshold",
    "slotValueElicitationSetting": "valueElicitationSetting",
    "slotResolutionImprovement": "slotResolutionImprovementSpecification",
    "bedrockModelCustomPrompt": "customPrompt",  # CloudFormation's name in a model specification
}

_PASCAL = {"ssmlMessage": "SSMLMessage", "dtmfSpecification": "DTMFSpecification"}
_ACRONYM = re.compile(r"^[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)")


def camel_key(key: str) -> str:
    """CloudFormation's `SSMLMessage`, `IsActive`, `LocaleId` -> `ssmlMessage`, `isActive`..."""
    acronym = _ACRONYM.match(key)
    if acronym and len(acronym.group(0)) > 1:
        return acronym.group(0).lower() + key[acronym.end() :]
    return key[:1].lower() + key[1:]


def pascal_key(key: str) -> str:
    return _PASCAL.get(key, key[:1].upper() + key[1:])


@dataclass(frozen=True, slots=True)
class Where:
    """A place in the source, for report notes: a file (or template path) and the keys below it."""

    base: str
    keys: tuple[str | int, ...] = ()
    pascal: bool = False  # CloudFormation spells keys in PascalCase

    def __truediv__(self, key: str | int) -> Where:
        return replace(self, keys=(*self.keys, key))

    def __str__(self) -> str:
        if not self.keys:
            return self.base
        text = ""
        for key in self.keys:
            if isinstance(key, int):
                text += f"[{key}]"
            else:
                name = pascal_key(key) if self.pascal else key
                text += f".{name}" if text else name
        return f"{self.base}{'.' if self.pascal else ':'}{text}"


def vacuous(value: Any) -> bool:
    """Null, [] and {} say nothing: an export's way of leaving a setting unset."""
    return value is None or value == [] or value == {}


def prune(value: Any) -> Any:
    """A copy without nulls and empty containers (for settings carried as opaque mappings)."""
    if isinstance(value, dict):
        kept = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if not vacuous(v)}
    if isinstance(value, list):
        return [prune(v) for v in value if v is not None]
    return value


class Carrier:
    """Copies source mappings into bot-file mappings, noting in `report` what it leaves out."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def ignore(self, where: Where, reason: str) -> None:
        self.report.ignore(str(where), reason)

    def unsupported(self, where: Where, reason: str) -> None:
        self.report.unsupported_field(str(where), reason)

    def carry(
        self,
        data: Mapping[str, Any],
        model: type[BaseModel],
        where: Where,
        *,
        skip: Collection[str] = (),
    ) -> dict[str, Any]:
        """The keys of `data` that `model` holds, converted; every other key is noted. Keys in
        `skip` are the caller's business."""
        out: dict[str, Any] = {}
        fields = model.model_fields
        for key, value in data.items():
            target = RENAMES.get(key, key) if key not in fields else key
            required = target in fields and fields[target].is_required()
            if key in skip or (vacuous(value) and not (required and value is not None)):
                continue
            if self._special(key, value, where / key):
                continue
            if key in IGNORED:
                self.ignore(where / key, IGNORED[key])
            elif key in UNSUPPORTED:
                self.unsupported(where / key, UNSUPPORTED[key])
            elif target not in fields:
                self.unsupported(
                    where / key, f"{key!r} is not a Lex V2 setting this importer knows; not carried"
                )
            else:
                if target == "description":
                    value = self._description(value, where / key)
                info = fields[target]
                converted = self._value(value, info.annotation, where / key)
                if not vacuous(converted) or (required and converted is not None):
                    out[target] = converted
        return {k: out[k] for k in fields if k in out}  # the schema's order reads best

    def _description(self, value: Any, where: Where) -> Any:
        if isinstance(value, str) and len(value) > DESCRIPTION_LIMIT:
            self.ignore(where, f"longer than {DESCRIPTION_LIMIT} characters: truncated")
            return value[: DESCRIPTION_LIMIT - 1].rstrip() + "…"
        return value

    def _value(self, value: Any, annotation: Any, where: Where) -> Any:
        annotation = _without_none(annotation)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self.carry(value, annotation, where) if isinstance(value, dict) else value
        if origin is list and isinstance(value, list):
            (item_type,) = get_args(annotation)
            return [
                self._item(item, item_type, where / i)
                for i, item in enumerate(value)
                if item is not None
            ]
        if origin is dict and isinstance(value, dict):
            _, value_type = get_args(annotation)
            if value_type is Any:
                return prune(value)
            return {
                k: None if v is None else self._value(v, value_type, where / k)
                for k, v in value.items()
            }
        if annotation is Any:
            return prune(value)
        return value

    def _item(self, item: Any, item_type: Any, where: Where) -> Any:
        if item_type is str and isinstance(item, dict) and "utterance" in item:
            # The export's `[{utterance: "..."}]`; bot files list plain strings.
            for extra in (k for k, v in item.items() if k != "utterance" and not vacuous(v)):
                self.unsupported(where / extra, f"{extra!r} on a sample utterance is not carried")
            return item["utterance"]
        return self._value(item, item_type, where)

    def _special(self, key: str, value: Any, where: Where) -> bool:
        """Settings whose value decides how they are reported; True when handled here."""
        if key in ("nluImprovementSpecification", "nluImprovement"):
            if _enabled(value):
                self.unsupported(where, "Assisted NLU (Amazon Bedrock classifies intents)")
            else:
                self.ignore(where, "Assisted NLU (Amazon Bedrock), disabled")
            return True
        return False


def _enabled(value: Any) -> bool:
    if isinstance(value, dict):
        return value.get("enabled") is True or any(_enabled(v) for v in value.values())
    return False


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation
