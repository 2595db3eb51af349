"""Writing a bot as a Rasa 3 project (`bot export rasa DIR`) that `rasa train` accepts.

`data/nlu.yml` holds every intent's examples (the Rasa examples and the expanded sample
utterances, entity-annotated), synonyms and lookup tables from the custom slot types, and the
regexes; `domain.yml` the intents, entities (a slot of custom type T is entity T, with the slot
name as role when they differ), slots filled from those entities, a form per intent with required
slots, and the prompts and closing responses as `utter_` responses; `data/rules.yml` the rules
that start each form and say each closing response; `config.yml` the language (Rasa picks its
default pipeline). Rasa has no place for Lex confirmations, code hooks, contexts or flows: they
are listed in a comment at the top of `domain.yml`. Only those four files are written.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from bot.nlu.builtins import canonical_name
from bot.nlu.types import FALLBACK_INTENT, Example
from bot.project.loader import BotProject
from bot.project.messages import Message, MessageGroup
from bot.project.schema import IntentDefinition, SlotDefinition
from bot.transfer.bot_files import BotFiles, dump_yaml
from bot.transfer.loaded_files import load_bot_files
from bot.transfer.naming import lex_name

RASA_VERSION = "3.1"
OUT_OF_SCOPE = "out_of_scope"
NUMBER_TYPES = frozenset({"AMAZON.Number", "AMAZON.Percentage"})
FREE_FORM = "AMAZON.FreeFormInput"
_NO_RASA_EQUIVALENT = (
    "intentConfirmationSetting",
    "dialogCodeHook",
    "fulfillmentCodeHook",
    "initialResponseSetting",
    "followUpPrompt",
    "inputContexts",
    "outputContexts",
)


def export_rasa(files: BotFiles, out: Path) -> None:
    """Write `files` as a Rasa 3 project in the folder `out`."""
    project = load_bot_files(files)
    export = _RasaExport(project, files)
    documents = export.build()
    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    for name, (header, data) in documents.items():
        (out / name).write_text(header + dump_yaml(data), encoding="utf-8")


class _RasaExport:
    def __init__(self, project: BotProject, files: BotFiles) -> None:
        self.project = project
        self.raw_config = files.config
        self.lost: list[str] = [
            f"locale {loc} (a Rasa project has one language)" for loc in project.other_locales
        ]
        self.slots: dict[str, dict[str, Any]] = {}
        self.entities: dict[str, list[str]] = {}  # entity -> roles
        self.responses: dict[str, list[dict[str, Any]]] = {}
        self.forms: dict[str, dict[str, list[str]]] = {}
        self.rules: list[dict[str, Any]] = []

    def build(self) -> dict[str, tuple[str, Any]]:
        intents = [i for i in self.project.intents.values() if not i.is_fallback]
        for search in [i for i in intents if i.is_search]:
            intents.remove(search)  # Rasa has no search service to ask
            self.lost.append(f"intents/{search.name}.yaml: {search.parentIntentSignature}")
        for intent in intents:
            self._intent(intent)
        nlu = self._nlu(intents)
        names = [lex_name(i.name) for i in intents]
        if any(e.intent == FALLBACK_INTENT for e in self.project.domain().examples):
            names.append(OUT_OF_SCOPE)
        self._bot_settings()
        domain: dict[str, Any] = {"version": RASA_VERSION, "intents": names}
        domain["entities"] = [{e: {"roles": r}} if r else e for e, r in self.entities.items()]
        domain |= {"slots": self.slots, "forms": self.forms, "responses": self.responses}
        domain = {k: v for k, v in domain.items() if v != {}}
        if "idleSessionTTLInSeconds" in self.raw_config:
            minutes = self.project.config.idleSessionTTLInSeconds / 60
            domain["session_config"] = {
                "session_expiration_time": int(minutes) if minutes.is_integer() else minutes,
                "carry_over_slots_to_new_session": False,
            }
        header = "".join(f"# - {item}\n" for item in self.lost)
        if header:
            header = "# Not exported (no Rasa equivalent):\n" + header
        config = {
            "recipe": "default.v1",
            "assistant_id": self.project.config.name,
            "language": self.project.locale.split("_")[0],
            "pipeline": None,  # Rasa's suggested default pipeline and policies
            "policies": None,
        }
        documents = {
            "config.yml": ("", config),
            "domain.yml": (header, domain),
            "data/nlu.yml": ("", {"version": RASA_VERSION, "nlu": nlu}),
        }
        if self.rules:
            documents["data/rules.yml"] = ("", {"version": RASA_VERSION, "rules": self.rules})
        return documents

    # ------------------------------------------------------------ domain

    def _intent(self, intent: IntentDefinition) -> None:
        name = lex_name(intent.name)
        where = f"intents/{intent.name}.yaml"
        for key in _NO_RASA_EQUIVALENT:
            if getattr(intent, key) not in (None, []):
                self.lost.append(f"{where}: {key}")
        required = [s.name for s in intent.ordered_slots() if s.required]
        form = f"{name}_form" if required else None
        for slot in intent.ordered_slots():
            self._slot(intent, slot, form)
        closing = intent.intentClosingSetting
        utters: list[str] = []
        if closing is not None and closing.isActive and closing.closingResponse is not None:
            groups = closing.closingResponse.messageGroupsList
            for i, group in enumerate(groups):
                utter = f"utter_close_{name}" + (f"_{i + 1}" if i else "")
                self.responses[utter] = [self._variant(m) for m in group.all_messages()]
                utters.append(utter)
        if closing is not None and (closing.nextStep or closing.conditional):
            self.lost.append(f"{where}: intentClosingSetting next step")
        actions = [{"action": u} for u in utters]
        if form:
            self.forms[form] = {"required_slots": required}
            self.rules.append(
                {
                    "rule": f"{name} form",
                    "steps": [{"intent": name}, {"action": form}, {"active_loop": form}],
                }
            )
            if actions:
                done = [{"action": form}, {"active_loop": None}]
                done.append({"slot_was_set": [{"requested_slot": None}]})
                self.rules.append(
                    {
                        "rule": f"{name} form done",
                        "condition": [{"active_loop": form}],
                        "steps": done + actions,
                    }
                )
        elif actions:
            self.rules.append({"rule": f"{name} closing", "steps": [{"intent": name}, *actions]})

    def _slot(self, intent: IntentDefinition, slot: SlotDefinition, form: str | None) -> None:
        where = f"intents/{intent.name}.yaml: slot {slot.name}"
        setting = slot.valueElicitationSetting
        for key in ("slotCaptureSetting", "defaultValueSpecification", "slotResolutionSetting"):
            if getattr(setting, key) is not None:
                self.lost.append(f"{where}: {key}")
        if slot.multi_valued:
            self.lost.append(f"{where}: multiple values")
        mapping = self._mapping(slot, form)
        known = self.slots.setdefault(slot.name, {"type": self._rasa_type(slot), "mappings": []})
        if mapping not in known["mappings"]:
            known["mappings"].append(mapping)
        prompt = setting.promptSpecification
        if prompt is None:
            return
        utter = f"utter_ask_{form}_{slot.name}" if slot.required else f"utter_ask_{slot.name}"
        if utter not in self.responses:
            self.responses[utter] = [
                self._variant(m) for m in self._first(prompt.messageGroupsList, where)
            ]

    def _mapping(self, slot: SlotDefinition, form: str | None) -> dict[str, Any]:
        if slot.slotTypeName == FREE_FORM:
            if form is None:
                return {"type": "custom"}  # set by a custom action, as a Lex code hook would
            return {
                "type": "from_text",
                "conditions": [{"active_loop": form, "requested_slot": slot.name}],
            }
        entity, role = self.entity_of(slot)
        roles = self.entities.setdefault(entity, [])
        if role and role not in roles:
            roles.append(role)
        return {"type": "from_entity", "entity": entity} | ({"role": role} if role else {})

    def entity_of(self, slot: SlotDefinition) -> tuple[str, str | None]:
        return rasa_entity(slot.name, slot.slotTypeName, self.project.slot_types)

    def _rasa_type(self, slot: SlotDefinition) -> str:
        return "float" if canonical_name(slot.slotTypeName) in NUMBER_TYPES else "text"

    def _first(self, groups: list[MessageGroup], where: str) -> list[Message]:
        if len(groups) > 1:
            self.lost.append(f"{where}: prompt message groups after the first")
        return groups[0].all_messages()

    def _variant(self, message: Message) -> dict[str, Any]:
        text = message.plainTextMessage or message.ssmlMessage
        if text is not None:
            return {"text": text.value}
        if message.customPayload is not None:
            try:
                custom = json.loads(message.customPayload.value)
            except ValueError:
                custom = None
            payload = custom if isinstance(custom, dict) else {"text": message.customPayload.value}
            return {"custom": payload}
        card = message.imageResponseCard
        assert card is not None  # exactly one kind per message
        variant: dict[str, Any] = {
            "text": f"{card.title}\n{card.subtitle}" if card.subtitle else card.title
        }
        if card.imageUrl:
            variant["image"] = card.imageUrl
        if card.buttons:
            variant["buttons"] = [{"title": b.text, "payload": b.value} for b in card.buttons]
        return variant

    def _bot_settings(self) -> None:
        for key in ("codeHook", "clarificationPrompt", "abortStatement", "nluConfidenceThreshold"):
            if key in self.raw_config:
                self.lost.append(f"bot.yaml: {key}")
        for locale in self.project.config.locales:
            if locale.generativeAISettings is not None:
                self.lost.append(f"bot.yaml: locales[{locale.localeId}].generativeAISettings")

    # ------------------------------------------------------------ NLU data

    def _nlu(self, intents: list[IntentDefinition]) -> list[dict[str, Any]]:
        by_intent: dict[str, list[str]] = {}
        for example in self.project.domain().examples:
            intent = self.project.intents.get(example.intent)
            label = OUT_OF_SCOPE if example.intent == FALLBACK_INTENT else lex_name(example.intent)
            rendered = self._example(intent, example) if intent else example.text
            by_intent.setdefault(label, []).append(rendered)
        # In the order the examples come (the training files' order): a round trip keeps it.
        blocks: list[dict[str, Any]] = [
            {"intent": k, "examples": _lines(v)} for k, v in by_intent.items()
        ]
        entity_types = {
            entity: slot.slotTypeName
            for intent in intents
            for slot in intent.slots
            for entity, _ in [self.entity_of(slot)]
            if slot.slotTypeName in self.project.slot_types
        }
        synonyms: dict[str, list[str]] = {}
        for entity, type_name in entity_types.items():
            values = self.project.slot_types[type_name].slotTypeValues
            blocks.append(
                {"lookup": entity, "examples": _lines([v.sampleValue.value for v in values])}
            )
            for value in values:
                known = synonyms.setdefault(value.sampleValue.value, [])
                known += [s.value for s in value.synonyms if s.value not in known]
        blocks += [{"synonym": v, "examples": _lines(s)} for v, s in synonyms.items() if s]
        blocks += [
            {"regex": n, "examples": _lines(list(p))} for n, p in self.project.regexes.items()
        ]
        return blocks

    def _example(self, intent: IntentDefinition, example: Example) -> str:
        out = ""
        pos = 0
        for span in sorted(example.entities, key=lambda e: e.start):
            said = example.text[span.start : span.end]
            slot = intent.slot(span.entity)
            entity, role = self.entity_of(slot) if slot else (span.entity, None)
            out += example.text[pos : span.start]
            if role is None and span.value == said:
                out += f"[{said}]({entity})"
            else:
                spec: dict[str, str] = {"entity": entity}
                if role:
                    spec["role"] = role
                if span.value != said:
                    spec["value"] = span.value
                out += f"[{said}]" + json.dumps(spec, ensure_ascii=False)
            pos = span.end
        return out + example.text[pos:]


def rasa_entity(slot: str, slot_type: str, custom_types: Collection[str]) -> tuple[str, str | None]:
    """A custom-typed slot is its type's entity (the slot name as role); others their own."""
    if slot_type in custom_types:
        return slot_type, (None if slot == slot_type else slot)
    return slot, None


def _lines(items: list[str]) -> str:
    return "".join(f"- {item}\n" for item in items)
