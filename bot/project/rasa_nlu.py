"""Reading Rasa 3 NLU training data (`training_data/*.yml`) without depending on Rasa.

Understands `nlu:` items `intent` / `synonym` / `lookup` / `regex` with an `examples: |` block of
`- ` lines (or a list of strings / `{text, metadata}`), optional `metadata`, and the entity
markup `[value](slot)`, `[value](slot:canonical)`, `[value]{"entity": "slot", "value": "c"}`.
Examples become `Example`s with offsets into the clean text; `oos`/`FallbackIntent` labels teach
the fallback intent. Synonym and lookup blocks are merged into custom slot types here too. It
knows nothing of intents beyond names: checking examples against intents is the checks' job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from bot.errors import Problem
from bot.nlu.types import FALLBACK_INTENT, OUT_OF_SCOPE_LABELS, EntitySpan, Example
from bot.project.slot_types import SampleValue, SlotTypeDefinition, SlotTypeValueDefinition
from bot.project.yaml_source import Loc, YamlDocument, field_path

ENTITY_MARKUP = re.compile(
    r"\[(?P<text>[^\]]+?)\](?:\((?P<paren>[^)]*)\)|\{(?P<json>[^{}]*)\}|(?P<list>\[[^\]]*\]))"
)
BLOCK_KINDS = ("intent", "synonym", "lookup", "regex")
IGNORED_TOP_KEYS = frozenset({"stories", "rules", "responses", "retrieval_intents"})
JSON_ENTITY_KEYS = frozenset({"entity", "value", "role", "group"})
BlockKind = Literal["intent", "synonym", "lookup", "regex"]


@dataclass(frozen=True, slots=True)
class LocatedExample:
    example: Example
    problem_at: Loc  # key path of the example, for later checks


@dataclass(frozen=True, slots=True)
class RasaBlock:
    """One `nlu:` item: an intent's examples, or a synonym/lookup/regex list."""

    kind: BlockKind
    name: str  # intent label (fallback labels mapped), canonical value, lookup or regex name
    items: tuple[tuple[str, Loc], ...]  # lines of a synonym/lookup/regex block, with key paths
    examples: tuple[LocatedExample, ...]
    doc: YamlDocument
    loc: Loc


def parse_example(line: str) -> tuple[str, tuple[EntitySpan, ...]]:
    """Strip the entity markup from one example; raises ValueError on markup it cannot read."""
    text = ""
    entities: list[EntitySpan] = []
    pos = 0
    for m in ENTITY_MARKUP.finditer(line):
        text += line[pos : m.start()]
        said = m.group("text")
        entity, value = _annotation(m)
        entities.append(EntitySpan(len(text), len(text) + len(said), entity, value or said))
        text += said
        pos = m.end()
    return text + line[pos:], tuple(entities)


def _annotation(m: re.Match[str]) -> tuple[str, str | None]:
    if m.group("list") is not None:
        raise ValueError("lists of entity annotations ([..][{..}, {..}]) are not supported")
    if m.group("paren") is not None:
        entity, _, value = m.group("paren").partition(":")
        if not entity.strip():
            raise ValueError(f"empty entity name in {m.group(0)!r}")
        return entity.strip(), value.strip() or None
    try:
        spec = json.loads("{" + m.group("json") + "}")
    except json.JSONDecodeError as exc:
        raise ValueError(f"bad JSON in {m.group(0)!r}: {exc.msg}") from None
    if not isinstance(spec.get("entity"), str) or not spec["entity"]:
        raise ValueError(f'{m.group(0)!r} needs "entity": "<slot name>"')
    unknown = set(spec) - JSON_ENTITY_KEYS
    if unknown:
        raise ValueError(f"unknown annotation key(s) {sorted(unknown)} in {m.group(0)!r}")
    value = spec.get("value")
    if value is not None and not isinstance(value, str):
        raise ValueError(f'"value" must be a string in {m.group(0)!r}')
    return spec["entity"], value


def parse_rasa_nlu(doc: YamlDocument) -> tuple[list[RasaBlock], list[Problem]]:
    """All blocks of one Rasa NLU file, and the problems (bad keys, markup, lines) found."""
    data = doc.data
    if data is None:
        return [], []
    if not isinstance(data, dict):
        return [], [doc.problem((), "a Rasa NLU file is a mapping with an 'nlu:' list")]
    problems: list[Problem] = []
    for key in data:
        if key not in ("version", "nlu") and key not in IGNORED_TOP_KEYS:
            problems.append(doc.problem((key,), f"unknown key {key!r} (expected version, nlu)"))
    items = data.get("nlu", [])
    if not isinstance(items, list):
        return [], problems + [doc.problem(("nlu",), "'nlu' must be a list")]
    blocks = []
    for i, item in enumerate(items):
        block = _parse_block(doc, ("nlu", i), item, problems)
        if block is not None:
            blocks.append(block)
    return blocks, problems


def _parse_block(
    doc: YamlDocument, loc: Loc, item: Any, problems: list[Problem]
) -> RasaBlock | None:
    if not isinstance(item, dict):
        problems.append(
            doc.problem(loc, "an nlu item is a mapping such as {intent: X, examples: |}")
        )
        return None
    kinds = [k for k in BLOCK_KINDS if k in item]
    for key in item:
        if key not in BLOCK_KINDS and key not in ("examples", "metadata"):
            problems.append(doc.problem(loc + (key,), f"unknown key {key!r}"))
    if len(kinds) != 1:
        problems.append(
            doc.problem(loc, "an nlu item needs exactly one of intent, synonym, lookup, regex")
        )
        return None
    kind = kinds[0]
    name = item[kind]
    if not isinstance(name, str | int | float) or not str(name).strip():
        problems.append(doc.problem(loc + (kind,), f"{kind} must be a non-empty string"))
        return None
    name = str(name).strip()
    lines = _example_lines(doc, loc + ("examples",), item.get("examples"), problems)
    if kind != "intent":
        return RasaBlock(cast(BlockKind, kind), name, tuple(lines), (), doc, loc)
    intent = FALLBACK_INTENT if name in OUT_OF_SCOPE_LABELS else name
    examples = []
    for text, at in lines:
        try:
            clean, entities = parse_example(text)
        except ValueError as exc:
            problems.append(line_problem(doc, at, str(exc)))
            continue
        examples.append(LocatedExample(Example(clean, intent, entities), at))
    return RasaBlock("intent", intent, (), tuple(examples), doc, loc)


def _example_lines(
    doc: YamlDocument, loc: Loc, raw: Any, problems: list[Problem]
) -> list[tuple[str, Loc]]:
    """(line text, key path) pairs; a block's lines get the path `examples[k]` of their line."""
    if raw is None:
        problems.append(doc.problem(loc[:-1], "missing 'examples'"))
        return []
    if isinstance(raw, list):
        out = []
        for j, entry in enumerate(raw):
            text = entry.get("text") if isinstance(entry, dict) else entry
            if not isinstance(text, str) or not text.strip():
                problems.append(doc.problem(loc + (j,), "an example must be a non-empty string"))
                continue
            out.append((text.strip(), loc + (j,)))
        return out
    if not isinstance(raw, str):
        problems.append(doc.problem(loc, "'examples' must be a block of '- ' lines"))
        return []
    out = []
    for k, line in enumerate(raw.splitlines()):
        stripped = line.strip()
        if not stripped:
            continue
        at = loc + (k,)
        if not stripped.startswith("-"):
            problems.append(line_problem(doc, at, f"example lines start with '- ': {stripped!r}"))
            continue
        out.append((stripped[1:].strip(), at))
    return out


def line_problem(doc: YamlDocument, at: Loc, message: str) -> Problem:
    """A problem about one example line; `at` is `(..., "examples", k)`."""
    line = doc.lines.get(at)
    if line is None:  # line k of a `|` block, which starts on the line after its key
        start = doc.line_of(at[:-1])
        line = start + 1 + int(at[-1]) if start is not None else None
    return Problem(doc.file, line, field_path(at), message)


# ---------------------------------------------------------------- merging into slot types


def merge_into_slot_types(
    blocks: list[RasaBlock], slot_types: Mapping[str, SlotTypeDefinition]
) -> tuple[dict[str, SlotTypeDefinition], list[Problem]]:
    """Add lookup values and synonyms to custom slot types; conflicting synonyms are problems."""
    values: dict[str, dict[str, list[str]]] = {
        name: {v.sampleValue.value: [s.value for s in v.synonyms] for v in t.slotTypeValues}
        for name, t in slot_types.items()
    }
    problems: list[Problem] = []
    for block in blocks:
        if block.kind == "lookup":
            problems += _merge_lookup(block, values)
        elif block.kind == "synonym":
            problems += _merge_synonym(block, values)
    merged = {
        name: t.model_copy(update={"slotTypeValues": _as_values(values[name])})
        for name, t in slot_types.items()
    }
    return merged, problems


def meanings(type_values: Mapping[str, list[str]]) -> dict[str, str]:
    """casefolded value or synonym -> the canonical value it stands for."""
    out: dict[str, str] = {}
    for canonical, synonyms in type_values.items():
        for said in (canonical, *synonyms):
            out.setdefault(said.casefold(), canonical)
    return out


def _merge_lookup(block: RasaBlock, values: dict[str, dict[str, list[str]]]) -> list[Problem]:
    if block.name not in values:
        return [
            block.doc.problem(
                block.loc + ("lookup",), f"lookup {block.name!r} names no custom slot type"
            )
        ]
    problems = []
    type_values = values[block.name]
    for item, at in block.items:
        known = meanings(type_values).get(item.casefold())
        if known is None:
            type_values[item] = []
        elif known.casefold() != item.casefold():
            message = f"{item!r} is already a synonym of {known!r} in slot type {block.name}"
            problems.append(line_problem(block.doc, at, message))
    return problems


def _merge_synonym(block: RasaBlock, values: dict[str, dict[str, list[str]]]) -> list[Problem]:
    targets = [
        (type_name, canonical)
        for type_name, type_values in values.items()
        for canonical in type_values
        if canonical.casefold() == block.name.casefold()
    ]
    if not targets:
        return [
            block.doc.problem(
                block.loc + ("synonym",), f"{block.name!r} is not a value of any custom slot type"
            )
        ]
    problems = []
    for type_name, canonical in targets:
        type_values = values[type_name]
        for item, at in block.items:
            known = meanings(type_values).get(item.casefold())
            if known is None:
                type_values[canonical].append(item)
            elif known != canonical:
                message = (
                    f"synonym {item!r} already means {known!r} in slot type {type_name}, "
                    f"not {canonical!r}"
                )
                problems.append(line_problem(block.doc, at, message))
    return problems


def _as_values(type_values: Mapping[str, list[str]]) -> list[SlotTypeValueDefinition]:
    return [
        SlotTypeValueDefinition(
            sampleValue=SampleValue(value=canonical),
            synonyms=[SampleValue(value=s) for s in synonyms],
        )
        for canonical, synonyms in type_values.items()
    ]
