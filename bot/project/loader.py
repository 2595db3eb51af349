"""Loading a bot project directory into a validated `BotProject`.

A project is `bot.yaml`, `intents/<Name>.yaml`, `training_data/slot_types/<Name>.yaml` and Rasa
NLU files anywhere else under `training_data/`: the files of its first locale. Every other locale
has the same layout under `locales/<localeId>/`. Every file is parsed and checked, all problems
across all files and locales are collected, and one `BotDefinitionError` lists them; a project
that loads is consistent. `project_fingerprint` hashes one locale's files so stale trained models
can be detected. This module orchestrates; the rules live in `schema`, `checks` and `rasa_nlu`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from bot.errors import BotDefinitionError, Problem
from bot.nlu.languages import available, language_of
from bot.nlu.types import FALLBACK_INTENT, Domain, Example
from bot.project import checks
from bot.project.aliases import without_routing
from bot.project.bot_config import BotConfig, LocaleSetting
from bot.project.builtin_intents import FALLBACK_SIGNATURE
from bot.project.domain import build_domain
from bot.project.generative_checks import check_slot_resolution, slot_resolution_warnings
from bot.project.rasa_nlu import RasaBlock, merge_into_slot_types, parse_rasa_nlu
from bot.project.schema import IntentDefinition
from bot.project.slot_types import SlotTypeDefinition
from bot.project.yaml_source import YamlDocument, read_yaml, relative_name, validate

BOT_FILE = "bot.yaml"
INTENTS_DIR = "intents"
TRAINING_DIR = "training_data"
SLOT_TYPES_DIR = "training_data/slot_types"
LOCALES_DIR = "locales"
YAML_SUFFIXES = (".yaml", ".yml")

M = TypeVar("M", SlotTypeDefinition, IntentDefinition)


@dataclass(frozen=True)
class BotProject:
    """A loaded, consistent bot: its settings, intents, custom slot types and Rasa examples."""

    root: Path
    config: BotConfig
    intents: dict[str, IntentDefinition]
    slot_types: dict[str, SlotTypeDefinition]  # custom types, Rasa synonyms/lookups merged in
    examples: tuple[Example, ...]  # from the Rasa files; templates are expanded in domain()
    regexes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Rasa `regex:` blocks
    # Other names an intent answers to (Lex V1 / signature names) -> its V2 name.
    intent_aliases: dict[str, str] = field(default_factory=dict)
    fingerprint: str = ""
    locale: str = "en_US"
    # Whether the bot files define FallbackIntent (Lex V1 bots without one abort instead).
    declares_fallback: bool = True
    # Lex V1 names of intents known by another name here (a V1 fallback intent has its own name).
    v1_names: dict[str, str] = field(default_factory=dict)
    # The bot's other locales, each a project of its own (set on the first locale only).
    other_locales: dict[str, BotProject] = field(default_factory=dict)
    # Files under the bot's folders that no part of the bot reads (e.g. export JSON).
    warnings: tuple[Problem, ...] = ()

    @property
    def files_root(self) -> Path:
        """Where this locale's `intents/` and `training_data/` are."""
        return locale_root(self.root, self.config, self.locale)

    @property
    def threshold(self) -> float:
        return self.config.threshold(self.locale)

    def locales(self) -> dict[str, BotProject]:
        """Every locale of the bot, the first one first."""
        return {self.locale: self} | self.other_locales

    def domain(self) -> Domain:
        """What the NLU is trained on (computed once)."""
        return self._domain

    @cached_property
    def _domain(self) -> Domain:
        return build_domain(self.intents, self.slot_types, self.examples, self.locale)

    def intent_name(self, name: str) -> str | None:
        """The V2 name of an intent given by its V2 name, V1 name or built-in signature."""
        return name if name in self.intents else self.intent_aliases.get(name)

    def v1_intent_name(self, name: str) -> str:
        """Lex V1 calls built-ins by their signature (`AMAZON.FallbackIntent`), and a V1 bot's
        own fallback intent and a Kendra search intent (always a named copy) by their names."""
        if name in self.v1_names:
            return self.v1_names[name]
        intent = self.intents[name]
        signature = intent.parentIntentSignature
        return signature if signature and intent.is_builtin and not intent.is_search else name


def locale_root(root: Path, config: BotConfig, locale: str) -> Path:
    """The folder of a locale's files: the project root for the first locale."""
    return root if locale == config.locale_ids[0] else root / LOCALES_DIR / locale


def load_project(root: Path) -> BotProject:
    """Read and check every bot file under `root`; raise BotDefinitionError listing all problems."""
    root = Path(root)
    problems: list[Problem] = []
    config = _load_config(root, problems)
    if config is None:
        _load_locale(root, root, problems)  # report the locale's own problems too
        raise BotDefinitionError(sorted(problems, key=lambda p: (p.file, p.line or 0)))
    listed = config.locale_ids
    config, language_warnings = _installed_locales(root, config)
    first, *others = config.locale_ids
    loaded = _load_locale(root, root, problems, config.locale(first))
    other_parts = {
        locale: _load_locale(root, root / LOCALES_DIR / locale, problems, config.locale(locale))
        for locale in others
    }
    if problems:
        # Stable sort: file by file, top to bottom, as an editor would walk through them.
        raise BotDefinitionError(sorted(problems, key=lambda p: (p.file, p.line or 0)))
    return replace(
        _project(root, config, first, loaded),
        other_locales={loc: _project(root, config, loc, p) for loc, p in other_parts.items()},
        warnings=tuple(
            language_warnings + checks.unread_files(root, listed) + slot_resolution_warnings(config)
        ),
    )


@dataclass(frozen=True)
class _LocaleParts:
    intents: dict[str, IntentDefinition]
    slot_types: dict[str, SlotTypeDefinition]
    blocks: list[RasaBlock]
    declares_fallback: bool
    v1_names: dict[str, str]


def _installed_locales(root: Path, config: BotConfig) -> tuple[BotConfig, list[Problem]]:
    """Leave out the optional locales (not the first) whose language package or folder is
    missing, and warn about the others: training or serving them fails, naming the extra."""
    kept, warnings = [], []
    for i, setting in enumerate(config.locales):
        if i > 0 and setting.optional and not (root / LOCALES_DIR / setting.localeId).is_dir():
            message = (
                f"{setting.localeId} is left out: {LOCALES_DIR}/{setting.localeId}/ is missing"
            )
            warnings.append(Problem(BOT_FILE, None, f"locales[{i}]", message))
            continue
        if available(setting.localeId):
            kept.append(setting)
            continue
        language = language_of(setting.localeId)
        install = f"pip install 'lexbot[{language.extra}]'"
        if setting.optional and i > 0:
            message = f"{setting.localeId} is left out: its {language.name} tokenizer is not installed ({install})"
        else:
            kept.append(setting)
            message = f"{setting.localeId} needs the {language.name} tokenizer: {install}"
        warnings.append(Problem(BOT_FILE, None, f"locales[{i}]", message))
    if len(kept) == len(config.locales):
        return config, warnings
    return config.model_copy(update={"locales": kept}), warnings


def _project(root: Path, config: BotConfig, locale: str, parts: _LocaleParts) -> BotProject:
    return BotProject(
        root=root,
        config=config,
        intents=parts.intents,
        slot_types=parts.slot_types,
        examples=tuple(e.example for b in parts.blocks if b.kind == "intent" for e in b.examples),
        regexes=_regexes(parts.blocks),
        fingerprint=project_fingerprint(root, locale_root(root, config, locale)),
        locale=locale,
        declares_fallback=parts.declares_fallback,
        v1_names=parts.v1_names,
        intent_aliases=_aliases(parts.intents) | {v: k for k, v in parts.v1_names.items()},
    )


def _load_locale(
    root: Path, folder: Path, problems: list[Problem], setting: LocaleSetting | None = None
) -> _LocaleParts:
    """One locale's intents, slot types and Rasa examples (files under `folder`); `setting`
    is the locale's entry in bot.yaml, when that could be read."""
    slot_docs, broken_types = _load_all(
        _yaml_files(folder / SLOT_TYPES_DIR), root, SlotTypeDefinition, problems
    )
    intent_docs, broken_intents = _load_all(
        _yaml_files(folder / INTENTS_DIR), root, IntentDefinition, problems
    )
    blocks = _load_rasa(folder, root, problems)

    raw_types = {t.name: t for _, t in slot_docs}
    slot_types, merge_problems = merge_into_slot_types(blocks, raw_types)
    problems += merge_problems
    for doc, raw in slot_docs:
        problems += checks.check_slot_type(doc, slot_types[raw.name])

    # Names of files that failed their schema count as known, so one mistake is reported once.
    known_types = dict.fromkeys(broken_types) | slot_types
    intents = _index_intents(intent_docs, known_types, problems)
    if setting is not None:
        for doc, intent in intent_docs:
            problems += check_slot_resolution(doc, intent, setting)
            problems += checks.check_builtin_locale(doc, intent, setting.localeId)
    problems += checks.check_rasa_blocks(blocks, intents, broken_intents)
    declared = any(i.name == FALLBACK_INTENT or i.is_fallback for _, i in intent_docs)
    own = [i.name for _, i in intent_docs if i.is_fallback and i.name != FALLBACK_INTENT]
    v1_names = {FALLBACK_INTENT: own[0]} if own else {}
    return _LocaleParts(intents, slot_types, blocks, declared, v1_names)


def project_fingerprint(root: Path, files_root: Path | None = None) -> str:
    """sha256 over the relative paths and bytes of bot.yaml (but its `aliases:`) and one
    locale's intents/** and training_data/** (under `files_root`, the project root for the
    first locale)."""
    root = Path(root)
    folder = Path(files_root) if files_root is not None else root
    files = [root / BOT_FILE] if (root / BOT_FILE).is_file() else []
    for sub in (INTENTS_DIR, TRAINING_DIR):
        files += [p for p in (folder / sub).rglob("*") if p.is_file()]
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: relative_name(p, root)):
        data = path.read_bytes()
        if path == root / BOT_FILE:
            data = without_routing(data)  # moving an alias leaves the model current
        name = relative_name(path, root).encode()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    return digest.hexdigest()


# ---------------------------------------------------------------- steps


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)


def _load_config(root: Path, problems: list[Problem]) -> BotConfig | None:
    path = root / BOT_FILE
    if not path.is_file():
        problems.append(Problem(BOT_FILE, None, "", f"missing: every bot needs {BOT_FILE}"))
        return None
    doc, found = read_yaml(path, root)
    problems += found
    if doc is None:
        return None
    config, found = validate(doc, BotConfig)
    problems += found
    return config


def _load_all(
    paths: list[Path], root: Path, model: type[M], problems: list[Problem]
) -> tuple[list[tuple[YamlDocument, M]], set[str]]:
    """The valid files, and the names (file stems) of the broken ones."""
    loaded = []
    broken = set()
    for path in paths:
        doc, found = read_yaml(path, root)
        item = None
        if doc is not None:
            item, more = validate(doc, model)
            found += more
        problems += found
        if doc is not None and item is not None and not found:
            loaded.append((doc, item))
        else:
            broken.add(path.stem)
    return loaded, broken


def _load_rasa(locale_folder: Path, root: Path, problems: list[Problem]) -> list[RasaBlock]:
    folder = locale_folder / TRAINING_DIR
    slot_types = locale_folder / SLOT_TYPES_DIR
    paths = (
        sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and p.suffix in YAML_SUFFIXES and slot_types not in p.parents
        )
        if folder.is_dir()
        else []
    )
    blocks: list[RasaBlock] = []
    for path in paths:
        doc, found = read_yaml(path, root)
        problems += found
        if doc is not None:
            file_blocks, found = parse_rasa_nlu(doc)
            blocks += file_blocks
            problems += found
    return blocks


def _index_intents(
    docs: list[tuple[YamlDocument, IntentDefinition]],
    slot_types: Mapping[str, object],
    problems: list[Problem],
) -> dict[str, IntentDefinition]:
    intents: dict[str, IntentDefinition] = {}
    for doc, intent in docs:
        problems += checks.check_intent(doc, intent, slot_types)
        if intent.name in intents:
            problems.append(doc.problem(("name",), f"intent {intent.name!r} is defined twice"))
            continue
        if intent.name == FALLBACK_INTENT and intent.parentIntentSignature is None:
            intent = intent.model_copy(update={"parentIntentSignature": FALLBACK_SIGNATURE})
        if intent.is_fallback and intent.name != FALLBACK_INTENT:
            # A Lex V1 fallback with a name of its own: the engine knows it as FallbackIntent.
            intent = intent.model_copy(update={"name": FALLBACK_INTENT})
        intents[intent.name] = intent
    problems += checks.check_one_per_builtin(docs)
    # Every Lex V2 locale has a FallbackIntent, declared or not.
    intents.setdefault(
        FALLBACK_INTENT,
        IntentDefinition(name=FALLBACK_INTENT, parentIntentSignature=FALLBACK_SIGNATURE),
    )
    return intents


def _aliases(intents: dict[str, IntentDefinition]) -> dict[str, str]:
    return {
        intent.parentIntentSignature: name
        for name, intent in intents.items()
        if intent.is_builtin
        and intent.parentIntentSignature
        and intent.parentIntentSignature != name
    }


def _regexes(blocks: list[RasaBlock]) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for block in blocks:
        if block.kind == "regex":
            found[block.name] = found.get(block.name, ()) + tuple(text for text, _ in block.items)
    return found
