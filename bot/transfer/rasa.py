"""Rasa 3 projects in and out.

`import_rasa` turns a Rasa project folder into bot files: the NLU examples and regexes go to
`training_data/nlu.yml` (annotations renamed to slot names, `nlu_fallback`/`out_of_scope` as
`oos`), each entity an intent's examples use becomes a slot of that intent (named after the
domain slot filled from it, else the entity or `entity_role`) with a custom slot type built from
the entity's lookup table, synonyms, categorical values and annotated values (`float` slots are
AMAZON.Number). Prompts come from `utter_ask_<form>_<slot>` / `utter_ask_<slot>` (else one is
made up and reported), a slot is Required when the form the intent's rule activates asks for it,
and `intent -> utter_x` rules and form submissions give closing responses. Stories, other rules,
custom actions and the NLU pipeline are reported unsupported. `export_rasa` is in `rasa_export`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.nlu.types import OUT_OF_SCOPE_LABELS
from bot.transfer.bot_files import BotFiles, LocaleFiles, TransferError, dump_yaml
from bot.transfer.naming import NameTable, lex_name
from bot.transfer.rasa_export import export_rasa
from bot.transfer.rasa_reading import RasaExample, RasaSource, Span, read_project
from bot.transfer.rasa_responses import ResponseReader
from bot.transfer.report import ImportReport
from bot.transfer.source_object import SourceObject

__all__ = ["export_rasa", "import_rasa"]

RASA_FALLBACKS = frozenset({"nlu_fallback", "out_of_scope"}) | OUT_OF_SCOPE_LABELS
NUMBER = "AMAZON.Number"
FREE_FORM = "AMAZON.FreeFormInput"
# Entities Rasa's Duckling and spaCy extractors find: Lex has built-in slot types for them.
_EXTRACTOR_ENTITIES = {
    "time": "AMAZON.Date",
    "number": NUMBER,
    "ordinal": NUMBER,
    "email": "AMAZON.EmailAddress",
    "phone-number": "AMAZON.PhoneNumber",
    "duration": "AMAZON.Duration",
    "PERSON": "AMAZON.FirstName",
    "GPE": "AMAZON.City",
    "DATE": "AMAZON.Date",
    "TIME": "AMAZON.Time",
    "CARDINAL": NUMBER,
}
_LOCALES = {"en": "en_US", "de": "de_DE", "fr": "fr_FR", "es": "es_ES", "it": "it_IT"}


def import_rasa(source: Path, report: ImportReport) -> BotFiles:
    folder = Path(source)
    if not folder.is_dir():
        raise TransferError(f"{folder}: a Rasa project is a folder")
    rasa = read_project(folder, report)
    return _Importer(rasa, report).files()


def locale_of(language: str) -> str:
    if "_" in language or "-" in language:
        return language.replace("-", "_")
    return _LOCALES.get(language, f"{language}_{language.upper()}")


class _Importer:
    def __init__(self, rasa: RasaSource, report: ImportReport) -> None:
        self.rasa = rasa
        self.report = report
        self.intent_names = NameTable(reserved=("FallbackIntent",))
        self.type_names = NameTable()
        self.slot_types: dict[str, dict[str, Any]] = {}  # file name -> slot type
        self.type_of_entity: dict[str, str] = {}
        self.used_slots: set[str] = set()
        self.responses = ResponseReader(rasa.responses, report)

    def files(self) -> BotFiles:
        rasa = self.rasa
        locale = locale_of(rasa.language)
        name = lex_name(rasa.name, "RasaBot")
        config: dict[str, Any] = {"name": name, "locales": [locale]}
        if rasa.session_minutes:
            seconds = int(rasa.session_minutes * 60)
            config["idleSessionTTLInSeconds"] = min(max(seconds, 60), 86400)
        files = LocaleFiles(locale)
        bases = {n.split("/", 1)[0] for n in rasa.examples if "/" in n}
        names = list(dict.fromkeys([*rasa.examples, *rasa.domain_intents]))
        blocks: list[dict[str, Any]] = []
        for intent in names:
            if intent in bases and intent not in rasa.examples:
                self._retrieval_rule(intent)
                continue
            examples = rasa.examples.get(intent, [])
            if intent in RASA_FALLBACKS:
                if examples:  # annotations mean nothing to the fallback: plain text
                    blocks.append({"intent": "oos", "examples": _lines([e.text for e in examples])})
                continue
            file_name = self.intent_names.add(intent, "Intent")
            if file_name != intent:
                self.report.unsupported_field(
                    f"intents.{intent}", f"renamed to {file_name!r} (hooks see the new name)"
                )
            slots = self._slots(intent, examples)
            files.intents[file_name] = self._intent(file_name, intent, slots)
            if examples:
                blocks.append(
                    _block(file_name, examples, {k: v[1]["name"] for k, v in slots.items()})
                )
        blocks += [{"regex": n, "examples": _lines(v)} for n, v in self.rasa.regexes.items()]
        files.training_data["nlu.yml"] = dump_yaml({"version": "3.1", "nlu": blocks})
        files.slot_types = dict(sorted(self.slot_types.items()))
        self._leftovers()
        return BotFiles(config, [files])

    # ------------------------------------------------------------ slots

    def _slots(
        self, intent: str, examples: list[RasaExample]
    ) -> dict[tuple[str, str | None], tuple[str, dict[str, Any]]]:
        """(entity, role) -> (slot name, slot): the form's slots first, then examples' entities."""
        form = self.rasa.activates.get(intent)
        required = self.rasa.forms.get(form, []) if form else []
        found: dict[tuple[str, str | None], tuple[str, dict[str, Any]]] = {}
        for slot in required:
            key = self._entity_of(slot) or (f"text:{slot}", None)
            found[key] = (slot, self._slot(slot, key, intent, form, required=True))
        for example in examples:
            for span in example.spans:
                key = (span.entity, span.role)
                if key not in found:
                    name = self._slot_name(span)
                    found[key] = (name, self._slot(name, key, intent, form, required=False))
        return found

    def _slot_name(self, span: Span) -> str:
        mapped = [s for s in self.rasa.slots if self._entity_of(s) == (span.entity, span.role)]
        if len(mapped) == 1:
            return mapped[0]
        return lex_name(f"{span.entity}_{span.role}" if span.role else span.entity, "slot")

    def _entity_of(self, slot: str) -> tuple[str, str | None] | None:
        domain = self.rasa.slots.get(slot)
        for mapping in domain.data.get("mappings", []) if domain else []:
            if isinstance(mapping, dict) and mapping.get("type") == "from_entity":
                return str(mapping.get("entity")), mapping.get("role")
        return None

    def _slot(
        self,
        name: str,
        key: tuple[str, str | None],
        intent: str,
        form: str | None,
        required: bool,
    ) -> dict[str, Any]:
        self.used_slots.add(name)
        return {
            "name": lex_name(name, "slot"),
            "slotTypeName": self._slot_type(name, key[0]),
            "valueElicitationSetting": {"slotConstraint": "Required" if required else "Optional"},
        }

    def _slot_type(self, slot: str, entity: str) -> str:
        domain = self.rasa.slots.get(slot)
        kind = domain.data.get("type") if domain else None
        if kind == "float":
            return NUMBER
        if entity.startswith("text:"):
            return FREE_FORM if self._from_text(slot) else self._unmapped(slot)
        if entity in _EXTRACTOR_ENTITIES:
            return _EXTRACTOR_ENTITIES[entity]
        if entity not in self.type_of_entity:
            self.type_of_entity[entity] = self._build_type(entity) or self._no_values(entity)
        return self.type_of_entity[entity]

    def _no_values(self, entity: str) -> str:
        self.report.unsupported_field(
            f"entities.{entity}",
            f"no lookup table, values or annotated examples say what {entity} is; "
            f"its slots are kept as {FREE_FORM}",
        )
        return FREE_FORM

    def _from_text(self, slot: str) -> bool:
        domain = self.rasa.slots.get(slot)
        mappings = domain.data.get("mappings", []) if domain else []
        return any(isinstance(m, dict) and m.get("type") == "from_text" for m in mappings)

    def _unmapped(self, slot: str) -> str:
        self.report.unsupported_field(
            f"domain.yml:slots.{slot}.mappings",
            f"only from_entity and from_text mappings are carried; {slot} is kept as {FREE_FORM}",
        )
        return FREE_FORM

    def _build_type(self, entity: str) -> str | None:
        """A custom slot type from the entity's values, lookup table and synonyms."""
        values: dict[str, list[str]] = {}
        meaning: dict[str, str] = {}

        def add(value: str, said: str | None = None) -> None:
            canonical = meaning.setdefault(value.casefold(), value)
            values.setdefault(canonical, [])
            if said and said.casefold() not in meaning:
                meaning[said.casefold()] = canonical
                values[canonical].append(said)

        for name, slot in self.rasa.slots.items():
            if (self._entity_of(name) or ("", None))[0] == entity:
                for value in slot.data.get("values", []):  # a categorical slot's values
                    add(str(value))
        for value in self.rasa.lookups.get(entity, []):
            add(value)
        spans = [
            (s, e.text[s.start : s.end])
            for examples in self.rasa.examples.values()
            for e in examples
            for s in e.spans
            if s.entity == entity
        ]
        for span, _ in spans:
            add(span.value)
        for canonical, synonyms in self.rasa.synonyms.items():
            if canonical.casefold() in meaning:
                for said in synonyms:
                    add(canonical, said)
        for span, said in spans:
            add(span.value, said)
        if not values:
            return None
        name = self.type_names.add(entity, "SlotType")
        strategy = "TopResolution" if any(values.values()) else "OriginalValue"
        self.slot_types[name] = {
            "name": name,
            "slotTypeValues": [
                {"value": v} | ({"synonyms": s} if s else {}) for v, s in values.items()
            ],
            "valueSelectionSetting": {"resolutionStrategy": strategy},
        }
        return name

    # ------------------------------------------------------------ intents

    def _intent(
        self,
        name: str,
        rasa_name: str,
        slots: dict[tuple[str, str | None], tuple[str, dict[str, Any]]],
    ) -> dict[str, Any]:
        intent: dict[str, Any] = {"name": name}
        form = self.rasa.activates.get(rasa_name)
        names = {slot["name"] for _, slot in slots.values()}
        for rasa_slot, slot in slots.values():
            prompt = self.responses.prompt(rasa_slot, form, name, names)
            slot["valueElicitationSetting"]["promptSpecification"] = prompt
        if slots:
            intent["slots"] = [slot for _, slot in slots.values()]
            intent["slotPriorities"] = [
                {"slotName": slot["name"], "priority": i + 1}
                for i, (_, slot) in enumerate(slots.values())
            ]
        said = self.rasa.closing.get(rasa_name) or (
            self.rasa.submitted.get(form, []) if form else []
        )
        if not said and "/" in rasa_name:
            said = [f"utter_{rasa_name}"]  # a retrieval intent's answer
        groups = [g for r in said for g in self.responses.groups(r, name, names)]
        if len(groups) > 5:
            self.report.unsupported_field(f"intents.{rasa_name}", "more than 5 responses in a row")
        if groups:
            intent["intentClosingSetting"] = {"closingResponse": {"messageGroupsList": groups[:5]}}
        return intent

    def _retrieval_rule(self, base: str) -> None:
        said = self.rasa.closing.pop(base, None)
        if said is not None and said != [f"utter_{base}"]:
            self.report.unsupported_field(f"rules[{base}]", f"{said} for a retrieval intent")

    def _leftovers(self) -> None:
        for intent, said in self.rasa.closing.items():
            if intent not in self.rasa.examples and intent not in self.rasa.domain_intents:
                self.report.unsupported_field(f"rules[{intent}]", f"{said} for no intent")
        for form in self.rasa.forms:
            if form not in self.rasa.activates.values():
                self.report.unsupported_field(f"domain.yml:forms.{form}", "no rule starts it")
        for name, slot in self.rasa.slots.items():
            if name in self.used_slots:
                _slot_keys(slot, name)
            else:
                slot.report.unsupported_field(slot.path, "a slot no intent's examples or form fill")
                slot.seen(*slot.data)
        for entity in self.rasa.lookups:
            if entity not in self.type_of_entity:
                self.report.unsupported_field(
                    f"lookup:{entity}", f"a lookup table for {entity}, which no example marks"
                )
        values = {v.casefold() for t in self.slot_types.values() for v in _values(t)}
        for canonical in self.rasa.synonyms:
            if canonical.casefold() not in values:
                self.report.unsupported_field(
                    f"synonym:{canonical}", "a synonym of a value no entity takes"
                )
        self.responses.report_unused()


def _slot_keys(slot: SourceObject, name: str) -> None:
    """Account for a used domain slot's keys."""
    slot.seen("type", "values")
    slot.ignore("influence_conversation", "a Rasa dialogue-policy feature; no learned policy here")
    for key in ("initial_value", "min_value", "max_value"):
        slot.unsupported(key, f"{key} of a Rasa slot")
    for i, mapping in enumerate(slot.take("mappings", [])):
        mapping = mapping if isinstance(mapping, dict) else {}
        at = f"{slot.at('mappings')}[{i}]"
        if mapping.get("type") not in ("from_entity", "from_text"):
            slot.report.unsupported_field(at, f"a {mapping.get('type')} mapping")
        for key in set(mapping) - {"type", "entity", "role", "conditions"}:
            slot.report.unsupported_field(f"{at}.{key}", "a mapping filter")
        for condition in mapping.get("conditions", []):
            if (
                set(condition) - {"active_loop", "requested_slot"}
                or condition.get("requested_slot", name) != name
            ):
                slot.report.unsupported_field(f"{at}.conditions", "a mapping condition")
    slot.finish()


def _values(slot_type: dict[str, Any]) -> list[str]:
    return [
        said
        for value in slot_type.get("slotTypeValues", [])
        for said in (value["value"], *value.get("synonyms", []))
    ]


def _block(intent: str, examples: list[RasaExample], slots: dict[Any, str]) -> dict[str, Any]:
    return {"intent": intent, "examples": _lines([_render(e, slots) for e in examples])}


def _render(example: RasaExample, slots: dict[tuple[str, str | None], str]) -> str:
    """An example in Rasa markup, every annotation naming the slot it fills."""
    out = ""
    pos = 0
    for span in example.spans:
        said = example.text[span.start : span.end]
        slot = slots.get((span.entity, span.role), span.entity)
        out += example.text[pos : span.start]
        if span.value == said:
            out += f"[{said}]({slot})"
        else:
            out += f"[{said}]" + json.dumps(
                {"entity": slot, "value": span.value}, ensure_ascii=False
            )
        pos = span.end
    return out + example.text[pos:]


def _lines(items: list[str]) -> str:
    return "".join(f"- {item}\n" for item in items)
