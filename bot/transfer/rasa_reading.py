"""Reading a Rasa 3 project folder: config, domain, NLU blocks, rules and stories.

The result is a `RasaSource`: NLU items with their examples parsed (entity, role and canonical
value of every annotation), the domain's slots, forms and responses, and what the rules say in
the few shapes that mean something here (`intent -> utter_x`, a form's activation and its
submission). Every file and key is accounted for in the report as it is read; deciding what the
bot files look like is `bot.transfer.rasa`'s job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.project.rasa_nlu import ENTITY_MARKUP
from bot.transfer.bot_files import TransferError
from bot.transfer.report import ImportReport
from bot.transfer.source_object import SourceObject

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    entity: str
    role: str | None
    value: str  # canonical value (the text as said when the annotation gives none)


@dataclass(frozen=True, slots=True)
class RasaExample:
    text: str
    spans: tuple[Span, ...]


@dataclass(slots=True)
class RasaSource:
    name: str
    language: str = "en"
    examples: dict[str, list[RasaExample]] = field(default_factory=dict)  # intent -> examples
    lookups: dict[str, list[str]] = field(default_factory=dict)
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # canonical -> synonyms
    regexes: dict[str, list[str]] = field(default_factory=dict)
    domain_intents: list[str] = field(default_factory=list)
    slots: dict[str, SourceObject] = field(default_factory=dict)
    forms: dict[str, list[str]] = field(default_factory=dict)  # form -> required slots
    responses: dict[str, tuple[str, Any]] = field(default_factory=dict)  # name -> (path, variants)
    session_minutes: float | None = None
    closing: dict[str, list[str]] = field(default_factory=dict)  # intent -> responses said
    activates: dict[str, str] = field(default_factory=dict)  # intent -> form
    submitted: dict[str, list[str]] = field(default_factory=dict)  # form -> responses said


def read_project(folder: Path, report: ImportReport) -> RasaSource:
    source = RasaSource(name=folder.resolve().name)
    _config(folder, source, report)
    _domain(folder, source, report)
    files = _data_files(folder, report)
    if not files:
        raise TransferError(f"{folder}: no Rasa NLU data (data/*.yml or nlu.yml)")
    for path in files:
        _data_file(folder, path, source, report)
    for name in ("endpoints.yml", "credentials.yml"):
        if (folder / name).is_file():
            report.unsupported_field(name, "Rasa action server and channel settings: not carried")
    if (folder / "actions").is_dir():
        report.unsupported_field("actions/", "custom action code: not carried")
    if (folder / "tests").is_dir():
        report.ignore("tests/", "Rasa test conversations check a bot; they are not part of it")
    return source


def load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise TransferError(f"{path}: not YAML ({exc})") from None


def _config(folder: Path, source: RasaSource, report: ImportReport) -> None:
    path = folder / "config.yml"
    if not path.is_file():
        return
    config = SourceObject(load_yaml(path), "config.yml:", report)
    source.language = str(config.take("language", "en"))
    source.name = str(config.take("assistant_id", source.name))
    config.unsupported("pipeline", "the Rasa NLU pipeline: this runtime has its own NLU")
    config.unsupported("policies", "Rasa dialogue policies: this runtime follows Lex dialog rules")
    config.ignore("recipe", "how Rasa assembles its training graph")
    config.finish()


def _domain(folder: Path, source: RasaSource, report: ImportReport) -> None:
    paths = [folder / n for n in ("domain.yml", "domain.yaml") if (folder / n).is_file()]
    if (folder / "domain").is_dir():
        paths += sorted(p for p in (folder / "domain").rglob("*") if p.suffix in YAML_SUFFIXES)
    for path in paths:
        domain = SourceObject(load_yaml(path), f"{path.relative_to(folder).as_posix()}:", report)
        domain.take("version")
        for intent in domain.take("intents", []):
            name = next(iter(intent)) if isinstance(intent, dict) else intent
            source.domain_intents.append(str(name))
            if isinstance(intent, dict) and intent[name]:
                report.unsupported_field(domain.at(f"intents.{name}"), "entity filters")
        domain.take("entities")  # entities count once examples or slots use them
        slots = domain.child("slots")
        for name in list(slots.data):
            source.slots[str(name)] = slots.child(name)
        forms = domain.child("forms")
        for name in list(forms.data):
            form = forms.child(name)
            source.forms[str(name)] = [str(s) for s in form.take("required_slots", [])]
            form.finish()
        _responses(domain.child("responses"), source)
        session = domain.child("session_config")
        minutes = session.take("session_expiration_time")
        source.session_minutes = float(minutes) if minutes is not None else None
        if session.take("carry_over_slots_to_new_session", True) is not False and session.data:
            report.unsupported_field(
                session.at("carry_over_slots_to_new_session"),
                "a new session starts without slots here",
            )
        session.finish()
        for action in domain.take("actions", []):
            name = next(iter(action), "") if isinstance(action, dict) else action
            report.unsupported_field(domain.at(f"actions.{name}"), "a custom action")
        domain.unsupported("config", "Rasa entity-to-slot settings")
        domain.unsupported("e2e_actions", "end-to-end bot utterances")
        domain.finish()


def _responses(responses: SourceObject, source: RasaSource) -> None:
    for name in list(responses.data):
        source.responses[str(name)] = (responses.at(str(name)), responses.take(name))
    responses.finish()


def _data_files(folder: Path, report: ImportReport) -> list[Path]:
    files = [folder / n for n in ("nlu.yml", "nlu.yaml") if (folder / n).is_file()]
    data = folder / "data"
    if data.is_dir():
        for path in sorted(p for p in data.rglob("*") if p.is_file()):
            if path.suffix in YAML_SUFFIXES:
                files.append(path)
            else:
                report.unsupported_field(
                    path.relative_to(folder).as_posix(),
                    "only Rasa 3 YAML training data is read (rasa data convert converts others)",
                )
    return files


def _data_file(folder: Path, path: Path, source: RasaSource, report: ImportReport) -> None:
    where = path.relative_to(folder).as_posix()
    data = SourceObject(load_yaml(path), f"{where}:", report)
    data.take("version")
    for item in data.children("nlu"):
        _nlu_item(item, source)
    _responses(data.child("responses"), source)  # retrieval-intent answers may live here
    for rule in data.children("rules"):
        _rule(rule, source)
    for story in data.children("stories"):
        story.report.unsupported_field(
            f"{where}:stories[{story.data.get('story', '?')}]", "Rasa stories are not supported"
        )
        story.seen(*story.data)
    data.finish()


def _nlu_item(item: SourceObject, source: RasaSource) -> None:
    lines = example_lines(item.take("examples", ""))
    item.unsupported("metadata", "example metadata")
    if "intent" in item:
        examples = source.examples.setdefault(str(item.take("intent")), [])
        for i, line in enumerate(lines):
            try:
                examples.append(parse_example(line))
            except ValueError as exc:
                item.report.unsupported_field(f"{item.at('examples')}[{i}]", f"{exc}; not carried")
    elif "synonym" in item:
        source.synonyms.setdefault(str(item.take("synonym")), []).extend(lines)
    elif "lookup" in item:
        source.lookups.setdefault(str(item.take("lookup")), []).extend(lines)
    elif "regex" in item:
        source.regexes.setdefault(str(item.take("regex")), []).extend(lines)
    item.finish()


def example_lines(raw: Any) -> list[str]:
    if isinstance(raw, list):
        items = [e.get("text") if isinstance(e, dict) else e for e in raw]
        return [str(e).strip() for e in items if e]
    lines = [line.strip() for line in str(raw or "").splitlines()]
    return [line[1:].strip() for line in lines if line.startswith("-") and line[1:].strip()]


def parse_example(line: str) -> RasaExample:
    """`fly to [Paris]{"entity": "city", "role": "to"}` -> clean text and spans."""
    text = ""
    spans: list[Span] = []
    pos = 0
    for m in ENTITY_MARKUP.finditer(line):
        text += line[pos : m.start()]
        said = m.group("text")
        entity, role, value = _annotation(m.group("paren"), m.group("json"), m.group(0))
        spans.append(Span(len(text), len(text) + len(said), entity, role, value or said))
        text += said
        pos = m.end()
    return RasaExample(text + line[pos:], tuple(spans))


def _annotation(paren: str | None, raw: str | None, whole: str) -> tuple[str, str | None, str]:
    if paren is not None:
        entity, _, value = paren.partition(":")
        return entity.strip(), None, value.strip()
    if raw is None:
        raise ValueError(f"lists of entity annotations are not supported: {whole}")
    try:
        spec = json.loads("{" + raw + "}")
    except ValueError:
        raise ValueError(f"bad JSON in {whole}") from None
    if "group" in spec:
        raise ValueError(f"entity groups are not supported: {whole}")
    return str(spec["entity"]), spec.get("role"), str(spec.get("value") or "")


# ---------------------------------------------------------------- rules


def _rule(rule: SourceObject, source: RasaSource) -> None:
    name = rule.take("rule", "?")
    steps = [dict(s) if isinstance(s, dict) else {} for s in rule.take("steps", [])]
    condition = rule.take("condition", [])
    path = f"{rule.path.rsplit('[', 1)[0]}[{name}]"
    rule.seen(*rule.data)
    keys = [next(iter(s), "") for s in steps]
    values = [s.get(k) for s, k in zip(steps, keys, strict=True)]
    utters = [str(v) for k, v in zip(keys, values, strict=True) if k == "action"]
    says_only = all(u.startswith("utter_") for u in utters)
    if not condition and keys[:1] == ["intent"] and set(keys[1:]) == {"action"} and says_only:
        source.closing.setdefault(str(values[0]), utters)
        return
    if not condition and keys == ["intent", "action", "active_loop"] and values[1] == values[2]:
        source.activates.setdefault(str(values[0]), str(values[1]))
        return
    form = condition[0].get("active_loop") if len(condition) == 1 else None
    if form and keys[:2] == ["action", "active_loop"] and values[:2] == [form, None]:
        said = source.submitted.setdefault(str(form), [])
        for key, value in zip(keys[2:], values[2:], strict=True):
            if key == "action" and str(value).startswith("utter_"):
                said.append(str(value))
            elif key != "slot_was_set":
                rule.report.unsupported_field(path, f"{key} {value} after the form is not carried")
        return
    rule.report.unsupported_field(path, "only 'intent -> utter_' and form rules are carried")
