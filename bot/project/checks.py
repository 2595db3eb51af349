"""Checks across a bot's files, after each file has passed its own schema.

An intent's placeholders must name its slots, slot types must be built-in or defined, priorities
must be consistent, built-in intents must stay bare, and Rasa examples must use known intents
and slots. Every check returns `Problem`s located by key path, never raises, so the loader can
report all of them at once. Nothing here changes the definitions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from bot.errors import Problem
from bot.nlu.builtins import canonical_name, unavailable_in
from bot.nlu.types import FALLBACK_INTENT
from bot.project.builtin_intents import (
    FALLBACK_SIGNATURE,
    SEARCH_SIGNATURES,
    SUPPORTED_SIGNATURES,
)
from bot.project.messages import Message
from bot.project.rasa_nlu import RasaBlock, line_problem
from bot.project.schema import IntentDefinition
from bot.project.search_checks import check_search_intent
from bot.project.slot_types import SlotTypeDefinition
from bot.project.templates import placeholders, template_error
from bot.project.yaml_source import Loc, YamlDocument

MESSAGE_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_-]+)\}")


def resolve_slot_type(name: str, custom_types: Mapping[str, Any]) -> str | None:
    """The canonical name of a slot type: a built-in in any spelling, or a defined custom type."""
    return canonical_name(name) or (name if name in custom_types else None)


def check_builtin_locale(doc: YamlDocument, intent: IntentDefinition, locale: str) -> list[Problem]:
    """A built-in slot type Lex does not offer in the locale (AMAZON.UKPostalCode in ja_JP)."""
    problems = []
    for i, slot in enumerate(intent.slots):
        why = unavailable_in(slot.slotTypeName, locale)
        if why is not None:
            problems.append(doc.problem(("slots", i, "slotTypeName"), why))
    return problems


def check_stem(doc: YamlDocument, name: str) -> list[Problem]:
    stem = PurePosixPath(doc.file).name.rsplit(".", 1)[0]
    if name != stem:
        return [doc.problem(("name",), f"name {name!r} must equal the file name {stem!r}")]
    return []


# ---------------------------------------------------------------- slot types


def check_slot_type(doc: YamlDocument, slot_type: SlotTypeDefinition) -> list[Problem]:
    """Checks of one custom slot type after Rasa lookups and synonyms were merged into it."""
    problems = check_stem(doc, slot_type.name)
    if canonical_name(slot_type.name) or slot_type.name.startswith("AMAZON"):
        problems.append(doc.problem(("name",), "a custom slot type cannot take a built-in's name"))
    parent = slot_type.parentSlotTypeSignature
    if parent is not None and parent != "AMAZON.AlphaNumeric":
        problems.append(
            doc.problem(
                ("parentSlotTypeSignature",), "the only supported parent is AMAZON.AlphaNumeric"
            )
        )
    if slot_type.regex is not None and parent is None:
        problems.append(
            doc.problem(
                ("valueSelectionSetting", "regexFilter"),
                "a regexFilter needs parentSlotTypeSignature: AMAZON.AlphaNumeric",
            )
        )
    if not slot_type.slotTypeValues and slot_type.regex is None:
        problems.append(
            doc.problem(("slotTypeValues",), "a slot type needs slotTypeValues (or a regexFilter)")
        )
    # A phrase may stand for several values, as in Lex (resolution lists them all); only the
    # same value given twice is a mistake.
    values = [v.sampleValue.value for v in slot_type.slotTypeValues]
    for i, value in enumerate(values):
        if value in values[:i]:
            problems.append(
                doc.problem(("slotTypeValues", i, "sampleValue"), f"{value!r} is listed twice")
            )
    return problems


# ---------------------------------------------------------------- intents


def check_intent(
    doc: YamlDocument, intent: IntentDefinition, custom_types: Mapping[str, Any]
) -> list[Problem]:
    problems = check_stem(doc, intent.name)
    problems += _check_builtin(doc, intent)
    slot_names = [s.name for s in intent.slots]
    for name, count in Counter(slot_names).items():
        if count > 1:
            problems.append(
                doc.problem(
                    ("slots", slot_names.index(name), "name"),
                    f"slot {name!r} is defined {count} times",
                )
            )
    problems += _check_templates(doc, ("sampleUtterances",), intent.sampleUtterances, slot_names)
    for i, slot in enumerate(intent.slots):
        loc: Loc = ("slots", i)
        slot_type = resolve_slot_type(slot.slotTypeName, custom_types)
        if slot_type is None:
            problems.append(
                doc.problem(
                    loc + ("slotTypeName",),
                    f"unknown slot type {slot.slotTypeName!r}: neither a "
                    "built-in (AMAZON.*) nor in training_data/slot_types/",
                )
            )
        elif slot.multi_valued and slot_type not in custom_types:
            problems.append(
                doc.problem(
                    loc + ("multipleValuesSetting",),
                    "only slots of custom slot types can take multiple values",
                )
            )
        utterances = slot.valueElicitationSetting.sampleUtterances
        problems += _check_templates(
            doc, loc + ("valueElicitationSetting", "sampleUtterances"), utterances, slot_names
        )
    problems += _check_priorities(doc, intent, slot_names)
    for loc, message in iter_messages(intent, ()):
        for text in message.texts():
            for name in MESSAGE_PLACEHOLDER.findall(text):
                if name not in slot_names:
                    problems.append(doc.problem(loc, f"{{{name}}} names no slot of {intent.name}"))
    return problems


def _check_builtin(doc: YamlDocument, intent: IntentDefinition) -> list[Problem]:
    signature = intent.parentIntentSignature
    problems = []
    if signature is not None and signature not in SUPPORTED_SIGNATURES:
        problems.append(
            doc.problem(
                ("parentIntentSignature",),
                f"unsupported built-in {signature!r}; supported: "
                + ", ".join(sorted(SUPPORTED_SIGNATURES)),
            )
        )
    if intent.name == FALLBACK_INTENT and signature not in (None, FALLBACK_SIGNATURE):
        problems.append(
            doc.problem(
                ("parentIntentSignature",),
                f"{FALLBACK_INTENT} must have parent {FALLBACK_SIGNATURE}",
            )
        )
    if intent.is_builtin or intent.name == FALLBACK_INTENT:
        fallback = intent.name == FALLBACK_INTENT or intent.is_fallback
        kind = "the fallback intent" if fallback else "a built-in intent"
        if intent.sampleUtterances:
            problems.append(
                doc.problem(
                    ("sampleUtterances",),
                    f"{kind} takes its utterances from the base intent; remove sampleUtterances",
                )
            )
        if intent.slots:
            problems.append(doc.problem(("slots",), f"{kind} cannot have slots"))
    if (intent.name == FALLBACK_INTENT or intent.is_fallback) and (
        intent.intentConfirmationSetting is not None
    ):
        problems.append(
            doc.problem(
                ("intentConfirmationSetting",),
                "the fallback intent cannot have a confirmation prompt",
            )
        )
    return problems + check_search_intent(doc, intent)


def _check_templates(
    doc: YamlDocument, loc: Loc, templates: list[str], slot_names: list[str]
) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for i, template in enumerate(templates):
        error = template_error(template)
        if error:
            problems.append(doc.problem(loc + (i,), f"{error} in {template!r}"))
            continue
        for name in placeholders(template):
            if name not in slot_names:
                problems.append(doc.problem(loc + (i,), f"{{{name}}} names no slot of this intent"))
        key = " ".join(template.casefold().split())
        if key in seen:
            problems.append(doc.problem(loc + (i,), f"duplicate utterance {template!r}"))
        seen.add(key)
    return problems


def _check_priorities(
    doc: YamlDocument, intent: IntentDefinition, slot_names: list[str]
) -> list[Problem]:
    problems: list[Problem] = []
    priorities: set[int] = set()
    named: set[str] = set()
    for i, entry in enumerate(intent.slotPriorities or []):
        if entry.slotName not in slot_names:
            problems.append(
                doc.problem(
                    ("slotPriorities", i, "slotName"),
                    f"{entry.slotName!r} is not a slot of {intent.name}",
                )
            )
        if entry.slotName in named:
            problems.append(
                doc.problem(
                    ("slotPriorities", i, "slotName"), f"{entry.slotName!r} is listed twice"
                )
            )
        if entry.priority in priorities:
            problems.append(
                doc.problem(
                    ("slotPriorities", i, "priority"), f"priority {entry.priority} is used twice"
                )
            )
        named.add(entry.slotName)
        priorities.add(entry.priority)
    return problems


def iter_messages(value: Any, loc: Loc) -> Iterator[tuple[Loc, Message]]:
    """Every message (with its key path) anywhere inside a bot-file model."""
    if isinstance(value, Message):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_messages(getattr(value, name), loc + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from iter_messages(item, loc + (i,))


def check_one_per_builtin(intents: list[tuple[YamlDocument, IntentDefinition]]) -> list[Problem]:
    problems = []
    owner: dict[str, str] = {}
    for doc, intent in intents:
        signature = intent.parentIntentSignature
        if signature is None:
            continue
        search = next((owner[s] for s in SEARCH_SIGNATURES - {signature} if s in owner), None)
        if signature in SEARCH_SIGNATURES and search is not None:
            problems.append(
                doc.problem(
                    ("parentIntentSignature",),
                    f"a locale has one search intent (Kendra or QnA); {search} is one already",
                )
            )
        if signature in owner:
            problems.append(
                doc.problem(
                    ("parentIntentSignature",),
                    f"{signature} is already extended by {owner[signature]}",
                )
            )
        owner.setdefault(signature, intent.name)
    return problems


# ---------------------------------------------------------------- Rasa examples


def check_rasa_blocks(
    blocks: list[RasaBlock],
    intents: Mapping[str, IntentDefinition],
    broken_intents: set[str] | frozenset[str] = frozenset(),
) -> list[Problem]:
    """Examples must name defined intents and those intents' slots; regexes must compile.
    Intents whose files failed their schema (`broken_intents`) are not checked again."""
    problems = []
    for block in blocks:
        if block.kind == "regex":
            for pattern, at in block.items:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    problems.append(line_problem(block.doc, at, f"invalid regex: {exc}"))
            continue
        if block.kind != "intent":
            continue
        intent = intents.get(block.name)
        if block.name in broken_intents:
            continue
        if intent is None:
            problems.append(
                block.doc.problem(
                    block.loc + ("intent",),
                    f"unknown intent {block.name!r}: no file intents/{block.name}.yaml",
                )
            )
            continue
        slot_names = {s.name for s in intent.slots}
        for located in block.examples:
            for span in located.example.entities:
                if span.entity not in slot_names:
                    problems.append(
                        line_problem(
                            block.doc,
                            located.problem_at,
                            f"{span.entity!r} is not a slot of {block.name}",
                        )
                    )
    return problems


# ---------------------------------------------------------------- files nobody reads

_YAML = (".yaml", ".yml")


def unread_files(root: Path, locale_ids: list[str]) -> list[Problem]:
    """A warning for every file under `intents/`, `training_data/` and `locales/` that loading
    the bot does not read (export JSON dropped into `intents/`, a locale not in bot.yaml...)."""
    found: list[Path] = []
    folders = [root] + [root / "locales" / loc for loc in locale_ids[1:]]
    for folder in folders:
        found += _unread_in_locale(folder)
    locales = root / "locales"
    if locales.is_dir():
        for path in sorted(locales.rglob("*")):
            inside = path.relative_to(locales).parts
            if (
                path.is_file()
                and (inside[0] not in locale_ids[1:] or len(inside) < 3)
                or path.is_file()
                and inside[1] not in ("intents", "training_data")
            ):
                found.append(path)
    return [
        Problem(p.relative_to(root).as_posix(), None, "", "not read: " + _why_unread(p, root))
        for p in sorted(set(found))
    ]


def _why_unread(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    if parts[0] == "locales" and len(parts) == 2:
        return "locale files go in locales/<localeId>/intents/ or training_data/"
    if parts[0] == "locales" and path.suffix in _YAML and parts[2] in ("intents", "training_data"):
        return f"{parts[1]} is not one of the locales in bot.yaml"
    if path.suffix == ".json":
        return "bot files are YAML; to bring in a Lex or Rasa export use `bot import`"
    return "only .yaml/.yml files directly in intents/ and training_data/slot_types/ are bot files"


def _unread_in_locale(folder: Path) -> list[Path]:
    unread: list[Path] = []
    intents = folder / "intents"
    if intents.is_dir():
        unread += [p for p in intents.rglob("*") if p.is_file() and not _top_yaml(p, intents)]
    slot_types = folder / "training_data" / "slot_types"
    training = folder / "training_data"
    if training.is_dir():
        for path in training.rglob("*"):
            if not path.is_file():
                continue
            if slot_types in path.parents:
                if not _top_yaml(path, slot_types):
                    unread.append(path)
            elif path.suffix not in _YAML:
                unread.append(path)
    return unread


def _top_yaml(path: Path, folder: Path) -> bool:
    return path.parent == folder and path.suffix in _YAML
