"""One Lex V1 intent (an element of a bot export's `intents`, or an intent export) as an intent
file, in Lex V2 vocabulary.

V1 slots become `slots` with `valueElicitationSetting`, `priority` becomes `slotPriorities`,
`confirmationPrompt`/`rejectionStatement` the confirmation setting, `conclusionStatement` the
closing response, `followUpPrompt` the intent's `followUpPrompt`, and the per-intent Lambdas of
`dialogCodeHook` and `fulfillmentActivity` the intent's own code hooks. Every key of the source is
carried, ignored or reported unsupported; this module never writes files.
"""

from __future__ import annotations

import re
from typing import Any

from bot.nlu.builtins import canonical_name
from bot.nlu.types import FALLBACK_INTENT
from bot.project.builtin_intents import (
    FALLBACK_SIGNATURE,
    KENDRA_SEARCH_SIGNATURE,
    SUPPORTED_SIGNATURES,
)
from bot.project.templates import placeholders, template_error
from bot.transfer.lex_v1_messages import (
    message_groups,
    prompt_spec,
    rename_placeholders,
    response_spec,
)
from bot.transfer.naming import NameTable
from bot.transfer.source_object import SourceObject

# A real Lambda ARN (botocore's LambdaARN pattern); anything else is a placeholder to fill in.
LAMBDA_ARN = re.compile(
    r"^arn:aws[a-zA-Z-]*:lambda:[a-z]+-[a-z]+(-[a-z]+)*-[0-9]:[0-9]{12}:function:"
    r"[a-zA-Z0-9-_]+(/[0-9a-f-]{36})?(:[a-zA-Z0-9-_]+)?$"
)
FREE_FORM = "AMAZON.FreeFormInput"
VERSION_KEYS = ("version", "checksum", "createVersion", "createdDate", "lastUpdatedDate")
VERSION_REASON = "version bookkeeping of the Lex console; bot files have no versions"


def ignore_versions(source: SourceObject) -> None:
    for key in VERSION_KEYS:
        source.ignore(key, VERSION_REASON)


class IntentReader:
    """Converts the intents of one export; `types` maps V1 slot-type names to file names."""

    def __init__(self, types: NameTable) -> None:
        self.types = types
        self.intents = NameTable(reserved=(FALLBACK_INTENT,))
        self.has_fallback = False

    def read(self, source: SourceObject) -> tuple[str, dict[str, Any]] | None:
        v1_name = str(source.take("name", ""))
        signature = source.take("parentIntentSignature")
        if signature is not None and signature not in SUPPORTED_SIGNATURES:
            source.report.unsupported_field(
                source.path, f"built-in {signature} is not supported here; intent not carried"
            )
            source.seen(*source.data)
            return None
        if signature == KENDRA_SEARCH_SIGNATURE and "kendraConfiguration" not in source:
            source.report.unsupported_field(
                source.path, f"{signature} without kendraConfiguration (no index to search)"
            )
            source.seen(*source.data)
            return None
        if signature == FALLBACK_SIGNATURE and self.has_fallback:
            source.report.unsupported_field(source.path, "a second fallback intent; not carried")
            source.seen(*source.data)
            return None
        if signature == FALLBACK_SIGNATURE:
            self.has_fallback = True  # it keeps its own name (V1 clients and hooks see it)
        name = self.intents.add(v1_name, "Intent")
        if name != v1_name:
            source.report.unsupported_field(
                source.at("name"), f"renamed {v1_name!r} to {name!r} (code hooks see the new name)"
            )
        return name, _IntentFile(source, name, signature, self.types).build()


class _IntentFile:
    def __init__(
        self, source: SourceObject, name: str, signature: str | None, types: NameTable
    ) -> None:
        self.source = source
        self.report = source.report
        self.types = types
        self.out: dict[str, Any] = {"name": name}
        self.signature = signature
        self.slot_sources = list(source.children("slots"))
        self.slot_names = NameTable()
        for slot in self.slot_sources:
            self.slot_names.add(str(slot.data.get("name", "")), "slot")

    def rename(self, slot: str) -> str | None:
        return self.slot_names.get(slot)

    def build(self) -> dict[str, Any]:
        src = self.source
        if "description" in src:
            self.out["description"] = str(src.take("description"))[:200]
        if self.signature:
            self.out["parentIntentSignature"] = self.signature
        utterances = src.take("sampleUtterances", [])
        if self.signature is None:
            kept = self._utterances(src.at("sampleUtterances"), utterances)
            if kept:
                self.out["sampleUtterances"] = kept
            self._slots()
        else:
            self._builtin_extras(utterances)
        self._prompts()
        self._hooks()
        self._contexts()
        self._kendra()
        ignore_versions(src)
        src.finish()
        return self.out

    # ------------------------------------------------------------ utterances and slots

    def _builtin_extras(self, utterances: Any) -> None:
        """A built-in intent has no utterances or slots of its own."""
        src = self.source
        if utterances:
            self.report.unsupported_field(
                src.at("sampleUtterances"), "a built-in intent takes its base intent's utterances"
            )
        if self.slot_sources:
            self.report.unsupported_field(src.at("slots"), "a built-in intent has no slots")
            for slot in self.slot_sources:
                slot.seen(*slot.data)

    def _utterances(self, path: str, raw: Any) -> list[str]:
        kept: list[str] = []
        seen: set[str] = set()
        known = set(self.slot_names.names.values())
        for i, text in enumerate(raw if isinstance(raw, list) else []):
            utterance = rename_placeholders(str(text).strip(), self.rename) or str(text).strip()
            key = " ".join(utterance.casefold().split())
            error = template_error(utterance)
            unknown = [p for p in placeholders(utterance) if p not in known]
            if error or unknown:
                reason = error or f"{{{unknown[0]}}} names no slot of this intent"
                self.report.unsupported_field(f"{path}[{i}]", f"{reason}; not carried")
            elif key in seen:
                self.report.ignore(f"{path}[{i}]", "the same utterance again; kept once")
            else:
                seen.add(key)
                kept.append(utterance)
        return kept

    def _slots(self) -> None:
        slots: list[dict[str, Any]] = []
        priorities: list[tuple[int, int, str]] = []
        for i, src in enumerate(self.slot_sources):
            v1_name = str(src.data.get("name", ""))
            name = self.slot_names.add(v1_name)
            src.take("name")
            if name != v1_name:
                self.report.unsupported_field(
                    src.at("name"), f"renamed slot {v1_name!r} to {name!r} (hooks see the new name)"
                )
            slots.append(self._slot(src, name))
            priority = src.take("priority")
            priorities.append((int(priority) if priority is not None else 101, i, name))
            src.finish()
        if slots:
            self.out["slots"] = slots
            numbers = [p for p, _, _ in priorities]
            if len(set(numbers)) != len(numbers) or 101 in numbers:
                # V1 orders equal priorities arbitrarily; bot files need distinct ones.
                priorities = [(n + 1, i, s) for n, (_, i, s) in enumerate(sorted(priorities))]
            self.out["slotPriorities"] = [
                {"slotName": s, "priority": p} for p, _, s in sorted(priorities)
            ]

    def _slot(self, src: SourceObject, name: str) -> dict[str, Any]:
        slot: dict[str, Any] = {"name": name, "slotTypeName": self._slot_type(src)}
        if "description" in src:
            slot["description"] = str(src.take("description"))[:200]
        setting: dict[str, Any] = {"slotConstraint": src.take("slotConstraint", "Optional")}
        prompt = None
        if "valueElicitationPrompt" in src:
            prompt = prompt_spec(src.child("valueElicitationPrompt"), self.rename)
        card = SourceObject({"responseCard": src.take("responseCard")}, src.path, self.report)
        cards = message_groups(card, self.rename)
        if prompt is not None and cards:
            room = 5 - len(prompt["messageGroupsList"])
            prompt["messageGroupsList"] += cards[:room]
        if prompt is not None:
            setting["promptSpecification"] = prompt
        elif setting["slotConstraint"] == "Required":
            self.report.unsupported_field(
                src.at("slotConstraint"), "a required slot without a prompt; made Optional"
            )
            setting["slotConstraint"] = "Optional"
        utterances = src.take("sampleUtterances", [])
        if utterances:
            setting["sampleUtterances"] = self._utterances(src.at("sampleUtterances"), utterances)
        defaults = src.child("defaultValueSpec")
        values = [
            {"defaultValue": str(d.take("defaultValue"))}
            for d in defaults.children("defaultValueList")
            if d.data.get("defaultValue")
        ]
        defaults.finish()
        if values:
            setting["defaultValueSpecification"] = {"defaultValueList": values}
        slot["valueElicitationSetting"] = setting
        if src.take("obfuscationSetting", "NONE") == "DEFAULT_OBFUSCATION":
            slot["obfuscationSetting"] = {"obfuscationSettingType": "DefaultObfuscation"}
        src.ignore("slotTypeVersion", VERSION_REASON)
        return slot

    def _slot_type(self, src: SourceObject) -> str:
        v1_type = str(src.take("slotType", ""))
        builtin = canonical_name(v1_type)
        if builtin is not None:
            return builtin
        custom = self.types.get(v1_type)
        if custom is not None:
            return custom
        why = (
            f"built-in slot type {v1_type} is not available here"
            if v1_type.upper().startswith("AMAZON.")
            else f"slot type {v1_type!r} is not in the export"
        )
        self.report.unsupported_field(
            src.at("slotType"),
            f"{why}; the slot is kept as {FREE_FORM} (filled only by answering its prompt)",
        )
        return FREE_FORM

    # ------------------------------------------------------------ prompts, hooks, contexts

    def _prompts(self) -> None:
        src = self.source
        confirmation = self._prompt("confirmationPrompt")
        rejection = self._response("rejectionStatement")
        if confirmation is not None and self.out["name"] != FALLBACK_INTENT:
            setting: dict[str, Any] = {"promptSpecification": confirmation}
            if rejection is not None:
                setting["declinationResponse"] = rejection
            self.out["intentConfirmationSetting"] = setting
        elif confirmation is not None or rejection is not None:
            reason = (
                "the fallback intent cannot confirm"
                if confirmation is not None
                else "a rejection statement without a confirmation prompt"
            )
            self.report.unsupported_field(src.at("confirmationPrompt"), f"{reason}; not carried")
        conclusion = self._response("conclusionStatement")
        if conclusion is not None:
            self.out["intentClosingSetting"] = {"closingResponse": conclusion}
        if "followUpPrompt" in src:
            follow = src.child("followUpPrompt")
            prompt = (
                prompt_spec(follow.child("prompt"), self.rename) if "prompt" in follow else None
            )
            if "rejectionStatement" in follow:
                declined = response_spec(follow.child("rejectionStatement"), self.rename)
            else:
                declined = None
            follow.finish()
            if prompt is not None:
                self.out["followUpPrompt"] = {"prompt": prompt} | (
                    {"rejectionStatement": declined} if declined else {}
                )

    def _prompt(self, key: str) -> dict[str, Any] | None:
        if key not in self.source:
            self.source.seen(key)
            return None
        return prompt_spec(self.source.child(key), self.rename)

    def _response(self, key: str) -> dict[str, Any] | None:
        if key not in self.source:
            self.source.seen(key)
            return None
        return response_spec(self.source.child(key), self.rename)

    def _hooks(self) -> None:
        src = self.source
        if "dialogCodeHook" in src:
            self.out["dialogCodeHook"] = self._hook(src.child("dialogCodeHook"))
        activity = src.child("fulfillmentActivity")
        kind = activity.take("type", "ReturnIntent")
        if kind == "CodeHook":
            self.out["fulfillmentCodeHook"] = self._hook(activity.child("codeHook"))
        elif kind != "ReturnIntent":
            activity.report.unsupported_field(activity.at("type"), f"unknown type {kind!r}")
        activity.finish()

    def _hook(self, src: SourceObject) -> dict[str, Any]:
        uri = str(src.take("uri", ""))
        src.take("messageVersion")  # "1.0", the only V1 event version
        src.finish()
        hook: dict[str, Any] = {"enabled": True}
        if LAMBDA_ARN.match(uri):
            hook["codeHook"] = {"uri": f"lambda:{uri}", "messageVersion": "V1"}
        elif uri:
            self.report.ignore(
                src.at("uri"),
                "a placeholder Lambda ARN: the bot's own codeHook (bot import --code-hook) "
                "is called instead",
            )
        return hook

    def _kendra(self) -> None:
        """The index a Kendra search intent queries; V1 has no flag: a filter given is on."""
        src = self.source
        if self.signature != KENDRA_SEARCH_SIGNATURE:
            src.unsupported(
                "kendraConfiguration", f"only an {KENDRA_SEARCH_SIGNATURE} searches an index"
            )
            return
        config = src.child("kendraConfiguration")
        out: dict[str, Any] = {"kendraIndex": config.take("kendraIndex")}
        query_filter = config.take("queryFilterString")
        if query_filter:
            out |= {"queryFilterStringEnabled": True, "queryFilterString": query_filter}
        config.ignore("role", "the IAM role Lex queries Kendra with; here, the AWS credentials")
        config.finish()
        self.out["kendraConfiguration"] = out

    def _contexts(self) -> None:
        src = self.source
        for key, fields in (
            ("inputContexts", ("name",)),
            ("outputContexts", ("name", "timeToLiveInSeconds", "turnsToLive")),
        ):
            contexts = []
            for context in src.children(key):
                contexts.append({f: context.take(f) for f in fields})
                context.finish()
            if contexts:
                self.out[key] = contexts
