"""Writing a bot as a Lex V1 export JSON (`bot export lex-v1 OUT.json`).

Only what Lex V1 can hold is written: one locale; per intent its utterances (Rasa examples become
`{Slot}` utterances, their values join the slot types), slots, confirmation, conclusion,
follow-up prompt, contexts and Lambda hooks; slot types; the bot's clarification prompt and abort
statement. Anything V1 cannot hold (several locales, conversation-flow steps and conditions,
initial responses, fulfilment updates and post-fulfilment responses, multi-valued slots,
out-of-scope examples, names V1 refuses...) makes the export fail with one `TransferError` naming
each thing, rather than write a bot that behaves differently. Voice-only settings (barge-in,
audio prompt attempts, wait-and-continue) are left out. Nothing here talks to AWS.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bot.nlu.builtins import canonical_name
from bot.nlu.types import FALLBACK_INTENT, Example
from bot.project.loader import BotProject
from bot.project.messages import LexModel, PromptSpecification, ResponseSpecification
from bot.project.schema import IntentDefinition, SlotDefinition
from bot.project.slot_types import SlotTypeDefinition
from bot.transfer.bot_files import BotFiles, TransferError
from bot.transfer.lex_v1_messages import v1_statement
from bot.transfer.loaded_files import declared_intents, load_bot_files

# Real V1 exports have digits in names (BookStoreStage1), whatever the API model's pattern says.
V1_NAME = re.compile(r"^[A-Za-z]([0-9A-Za-z]_?)*$")
V1_SLOT_NAME = re.compile(r"^[A-Za-z][0-9A-Za-z_.-]*$")
PLACEHOLDER_ARN = "arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION_NAME"
# Lex V1 queries Kendra with a role the bot owner gives; bot files leave it to the deployment.
PLACEHOLDER_ROLE = "arn:aws:iam::ACCOUNT_ID:role/KENDRA_QUERY_ROLE"
# V2 built-in names spelled differently in V1; other built-ins (AMAZON.Food...) keep their name.
_V1_BUILTINS = {
    "AMAZON.Date": "AMAZON.DATE",
    "AMAZON.Time": "AMAZON.TIME",
    "AMAZON.Number": "AMAZON.NUMBER",
    "AMAZON.Duration": "AMAZON.DURATION",
    "AMAZON.Percentage": "AMAZON.PERCENTAGE",
    "AMAZON.FirstName": "AMAZON.US_FIRST_NAME",
    "AMAZON.LastName": "AMAZON.US_LAST_NAME",
    "AMAZON.City": "AMAZON.US_CITY",
    "AMAZON.State": "AMAZON.US_STATE",
    "AMAZON.StreetName": "AMAZON.STREET_NAME",
    "AMAZON.UKPostalCode": "AMAZON.UK_POSTAL_CODE",
}
_V2_ONLY = frozenset({"AMAZON.FreeFormInput", "AMAZON.Confirmation"})
_STRATEGIES = {"OriginalValue": "ORIGINAL_VALUE", "TopResolution": "TOP_RESOLUTION"}


def export_v1(files: BotFiles, out: Path) -> None:
    """Write `files` as a Lex V1 bot export; TransferError lists what V1 cannot hold."""
    project = load_bot_files(files)
    exporter = _Exporter(project, files)
    document = exporter.document()
    if exporter.problems:
        lines = "\n".join(f"  - {p}" for p in exporter.problems)
        raise TransferError(f"this bot cannot be exported to Lex V1:\n{lines}")
    Path(out).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")


class _Exporter:
    def __init__(self, project: BotProject, files: BotFiles) -> None:
        self.project = project
        self.raw_config = files.config
        self.declared = declared_intents(files, project.locale)
        self.problems: list[str] = []
        self.values: dict[str, dict[str, list[str]]] = {
            name: {v.sampleValue.value: [s.value for s in v.synonyms] for v in t.slotTypeValues}
            for name, t in project.slot_types.items()
        }
        hook = project.config.code_hook(project.locale)
        lambda_hook = hook is not None and hook.uri.startswith("lambda:")
        self.bot_lambda = hook.uri.removeprefix("lambda:") if hook and lambda_hook else None

    def document(self) -> dict[str, Any]:
        project = self.project
        config = project.config
        if len(project.locales()) > 1:
            self.problems.append(
                f"several locales ({', '.join(project.locales())}): a Lex V1 bot has one"
            )
        self._name("bot.yaml: bot", config.name, V1_NAME)
        bot: dict[str, Any] = {"name": config.name, "version": "1"}
        if config.description:
            bot["description"] = config.description
        intents = [
            self._intent(intent)
            for name, intent in project.intents.items()
            if name in self.declared or name != FALLBACK_INTENT or project.declares_fallback
        ]
        bot["intents"] = intents
        bot["slotTypes"] = [self._slot_type(t) for t in project.slot_types.values()]
        bot["locale"] = project.locale.replace("_", "-")
        bot["childDirected"] = False
        for key in ("nluConfidenceThreshold", "idleSessionTTLInSeconds"):
            if key in self.raw_config or key == "nluConfidenceThreshold" and self._locale_has(key):
                v1_key = "nluIntentConfidenceThreshold" if key.startswith("nlu") else key
                bot[v1_key] = (
                    project.threshold if key.startswith("nlu") else config.idleSessionTTLInSeconds
                )
        if config.clarificationPrompt is not None:
            bot["clarificationPrompt"] = self._prompt(
                config.clarificationPrompt, "bot.yaml: clarificationPrompt"
            )
        if config.abortStatement is not None:
            bot["abortStatement"] = self._statement(
                config.abortStatement, "bot.yaml: abortStatement"
            )
        bot["detectSentiment"] = False
        metadata = {"schemaVersion": "1.0", "importType": "LEX", "importFormat": "JSON"}
        return {"metadata": metadata, "resource": bot}

    def _locale_has(self, key: str) -> bool:
        locale = self.project.config.locale(self.project.locale)
        return getattr(locale, key, None) is not None

    # ------------------------------------------------------------ intents

    def _intent(self, intent: IntentDefinition) -> dict[str, Any]:
        # A V1 fallback keeps its own name (the engine knows it as FallbackIntent).
        v1_name = self.project.v1_names.get(intent.name, intent.name)
        where = f"intents/{v1_name}.yaml"
        name = v1_name.removeprefix("AMAZON.")
        self._name(f"{where}: intent", name, V1_NAME)
        out: dict[str, Any] = {"name": name, "version": "1"}
        if intent.description:
            out["description"] = intent.description
        if intent.parentIntentSignature:
            out["parentIntentSignature"] = intent.parentIntentSignature
        out["sampleUtterances"] = self._utterances(intent, where)
        out["slots"] = [self._slot(intent, s, where) for s in intent.slots]
        self._flows(intent, where)
        confirmation = intent.intentConfirmationSetting
        if confirmation is not None and confirmation.isActive:
            out["confirmationPrompt"] = self._prompt(
                confirmation.promptSpecification, f"{where}: confirmation prompt"
            )
            if confirmation.declinationResponse is None:
                self.problems.append(f"{where}: V1 needs a declinationResponse with a confirmation")
            else:
                out["rejectionStatement"] = self._statement(
                    confirmation.declinationResponse, f"{where}: declinationResponse"
                )
        closing = intent.intentClosingSetting
        if closing is not None and closing.isActive and closing.closingResponse is not None:
            out["conclusionStatement"] = self._statement(
                closing.closingResponse, f"{where}: closingResponse"
            )
        if intent.followUpPrompt is not None:
            follow = intent.followUpPrompt
            if "conclusionStatement" in out:
                self.problems.append(f"{where}: V1 has a follow-up prompt or a closing response")
            if follow.rejectionStatement is None:
                self.problems.append(f"{where}: V1 needs the follow-up's rejectionStatement")
            else:
                out["followUpPrompt"] = {
                    "prompt": self._prompt(follow.prompt, f"{where}: followUpPrompt"),
                    "rejectionStatement": self._statement(
                        follow.rejectionStatement, f"{where}: followUpPrompt.rejectionStatement"
                    ),
                }
        out |= self._hooks(intent)
        out |= self._search(intent, where)
        if intent.inputContexts:
            out["inputContexts"] = [{"name": c.name} for c in intent.inputContexts]
        if intent.outputContexts:
            out["outputContexts"] = [c.model_dump() for c in intent.outputContexts]
        return out

    def _search(self, intent: IntentDefinition, where: str) -> dict[str, Any]:
        if intent.qnAIntentConfiguration is not None:
            self.problems.append(f"{where}: AMAZON.QnAIntent does not exist in Lex V1")
        kendra = intent.kendraConfiguration
        if kendra is None:
            return {}
        config = {"kendraIndex": kendra.kendraIndex}
        if kendra.active_filter is not None:
            config["queryFilterString"] = kendra.active_filter
        return {"kendraConfiguration": config | {"role": PLACEHOLDER_ROLE}}

    def _flows(self, intent: IntentDefinition, where: str) -> None:
        """Conversation-flow settings V1 has no place for."""
        allowed = {
            "intentConfirmationSetting": {"promptSpecification", "isActive", "declinationResponse"},
            "intentClosingSetting": {"closingResponse", "isActive"},
            "fulfillmentCodeHook": {"enabled", "isActive", "codeHook"},
            "dialogCodeHook": {"enabled", "codeHook"},
        }
        for key, fields in allowed.items():
            setting = getattr(intent, key)
            if isinstance(setting, LexModel):
                for extra in sorted(setting.model_fields_set - fields):
                    self.problems.append(f"{where}: {key}.{extra} has no Lex V1 equivalent")
        if intent.initialResponseSetting is not None:
            self.problems.append(f"{where}: initialResponseSetting has no Lex V1 equivalent")

    def _utterances(self, intent: IntentDefinition, where: str) -> list[str]:
        utterances = list(intent.sampleUtterances)
        examples = [e for e in self.project.examples if e.intent == intent.name]
        if examples and intent.is_builtin:
            kind = "out-of-scope examples" if intent.is_fallback else "Rasa examples"
            self.problems.append(f"{where}: {kind} ({len(examples)}); V1 built-ins take none")
            return utterances
        seen = {" ".join(u.casefold().split()) for u in utterances}
        for example in examples:
            utterance = self._as_utterance(intent, example)
            key = " ".join(utterance.casefold().split())
            if key not in seen:
                seen.add(key)
                utterances.append(utterance)
        return utterances

    def _as_utterance(self, intent: IntentDefinition, example: Example) -> str:
        """`I'm [Sarah](firstName)` -> `I'm {firstName}`; custom types learn the value said."""
        text = example.text
        for span in sorted(example.entities, key=lambda e: e.start, reverse=True):
            text = text[: span.start] + "{" + span.entity + "}" + text[span.end :]
            slot = intent.slot(span.entity)
            if slot is not None and slot.slotTypeName in self.values:
                self._learn(slot.slotTypeName, example.text[span.start : span.end], span.value)
        return text

    def _learn(self, slot_type: str, said: str, value: str) -> None:
        values = self.values[slot_type]
        known = {s.casefold() for v, syn in values.items() for s in (v, *syn)}
        canonical = next((v for v in values if v.casefold() == value.casefold()), None)
        if canonical is None and value.casefold() not in known:
            values[value] = []
            canonical = value
        if canonical is not None and said.casefold() not in known | {canonical.casefold()}:
            values[canonical].append(said)

    def _slot(self, intent: IntentDefinition, slot: SlotDefinition, where: str) -> dict[str, Any]:
        self._name(f"{where}: slot", slot.name, V1_SLOT_NAME)
        setting = slot.valueElicitationSetting
        out: dict[str, Any] = {"name": slot.name}
        if slot.description:
            out["description"] = slot.description
        out["slotConstraint"] = setting.slotConstraint
        out |= self._slot_type_ref(slot.slotTypeName, f"{where}: slot {slot.name}")
        if setting.promptSpecification is not None:
            out["valueElicitationPrompt"] = self._prompt(
                setting.promptSpecification, f"{where}: slot {slot.name} prompt"
            )
        out["priority"] = self._priority(intent, slot.name)
        out["sampleUtterances"] = list(setting.sampleUtterances)
        obfuscated = slot.obfuscationSetting is not None and (
            slot.obfuscationSetting.obfuscationSettingType == "DefaultObfuscation"
        )
        out["obfuscationSetting"] = "DEFAULT_OBFUSCATION" if obfuscated else "NONE"
        if setting.defaultValueSpecification is not None:
            values = setting.defaultValueSpecification.defaultValueList
            out["defaultValueSpec"] = {"defaultValueList": [v.model_dump() for v in values]}
        if setting.slotCaptureSetting is not None:
            self.problems.append(
                f"{where}: slot {slot.name} slotCaptureSetting has no V1 equivalent"
            )
        if slot.multi_valued:
            self.problems.append(f"{where}: slot {slot.name} takes multiple values (not in V1)")
        if slot.assisted:
            self.problems.append(
                f"{where}: slot {slot.name} uses assisted slot resolution (EnhancedFallback), "
                "not in V1"
            )
        return out

    def _slot_type_ref(self, type_name: str, where: str) -> dict[str, Any]:
        if type_name in self.project.slot_types:
            return {"slotType": type_name, "slotTypeVersion": "1"}
        canonical = canonical_name(type_name) or type_name
        if canonical in _V2_ONLY:
            self.problems.append(f"{where}: built-in slot type {canonical} does not exist in V1")
        return {"slotType": _V1_BUILTINS.get(canonical, canonical)}

    def _priority(self, intent: IntentDefinition, slot: str) -> int:
        ranks = {p.slotName: p.priority for p in intent.slotPriorities or []}
        if slot in ranks and max(ranks.values()) <= 100:
            return ranks[slot]
        return [s.name for s in intent.ordered_slots()].index(slot) + 1

    def _hooks(self, intent: IntentDefinition) -> dict[str, Any]:
        out: dict[str, Any] = {}
        dialog = intent.dialogCodeHook
        if dialog is not None and dialog.enabled:
            own = dialog.codeHook.uri if dialog.codeHook else None
            out["dialogCodeHook"] = {"uri": self._lambda(own), "messageVersion": "1.0"}
        fulfilment = intent.fulfillmentCodeHook
        if fulfilment is not None and fulfilment.enabled and fulfilment.isActive:
            own = fulfilment.codeHook.uri if fulfilment.codeHook else None
            hook = {"uri": self._lambda(own), "messageVersion": "1.0"}
            out["fulfillmentActivity"] = {"type": "CodeHook", "codeHook": hook}
        else:
            out["fulfillmentActivity"] = {"type": "ReturnIntent"}
        return out

    def _lambda(self, uri: str | None) -> str:
        if uri and uri.startswith("lambda:"):
            return uri.removeprefix("lambda:")
        return self.bot_lambda or PLACEHOLDER_ARN

    # ------------------------------------------------------------ slot types and messages

    def _slot_type(self, slot_type: SlotTypeDefinition) -> dict[str, Any]:
        where = f"training_data/slot_types/{slot_type.name}.yaml"
        self._name(f"{where}: slot type", slot_type.name, V1_NAME)
        out: dict[str, Any] = {"name": slot_type.name, "version": "1"}
        if slot_type.description:
            out["description"] = slot_type.description
        out["enumerationValues"] = [
            {"value": value} | ({"synonyms": synonyms} if synonyms else {})
            for value, synonyms in self.values[slot_type.name].items()
        ]
        out["valueSelectionStrategy"] = _STRATEGIES[slot_type.resolution]
        if slot_type.parentSlotTypeSignature:
            out["parentSlotTypeSignature"] = slot_type.parentSlotTypeSignature
            if slot_type.regex:
                out["slotTypeConfigurations"] = [
                    {"regexConfiguration": {"pattern": slot_type.regex}}
                ]
        return out

    def _prompt(self, prompt: PromptSpecification, where: str) -> dict[str, Any]:
        if prompt.maxRetries > 4:
            self.problems.append(f"{where}: maxRetries {prompt.maxRetries}; V1 allows at most 4")
        ordered = prompt.messageSelectionStrategy == "Ordered"
        if ordered and any(g.variations for g in prompt.messageGroupsList):
            self.problems.append(f"{where}: Ordered message selection (V1 picks at random)")
        statement = v1_statement(prompt.messageGroupsList, where, self.problems)
        return statement | {"maxAttempts": min(prompt.maxRetries + 1, 5)}

    def _statement(self, response: ResponseSpecification, where: str) -> dict[str, Any]:
        return v1_statement(response.messageGroupsList, where, self.problems)

    def _name(self, what: str, name: str, pattern: re.Pattern[str]) -> None:
        if not pattern.match(name):
            self.problems.append(f"{what} name {name!r} is not a valid Lex V1 name")
