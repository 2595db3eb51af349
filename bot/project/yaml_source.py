"""YAML bot files with line numbers, and their validation into `Problem`s.

A bot file is read once into plain Python data plus a map from each key path (`("slots", 0,
"name")`) to its line, so that every problem found later - a YAML syntax error, a pydantic error
or a cross-file check - can name the file, the line and the dotted field. This module never
raises for bad input: it returns problems so the loader can report all of them at once.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from bot.errors import Problem

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Keys the schema normalises to one spelling; errors name the canonical key, the file may not.
KEY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "messageGroupsList": ("messageGroupList", "messageGroups"),
    "slotTypeValues": ("values",),
    "sampleValue": ("value",),
}


@dataclass(frozen=True)
class YamlDocument:
    """One parsed YAML file: its data and the line (1-based) of every key path."""

    file: str  # path relative to the project root, POSIX style
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of `loc`, or of its nearest parent present in the file."""
        path = list(loc)
        while path:
            line = self._lookup(tuple(path))
            if line is not None:
                return line
            path.pop()
        return self.lines.get(())

    def _lookup(self, loc: Loc) -> int | None:
        options = [(p, *KEY_SPELLINGS.get(p, ())) if isinstance(p, str) else (p,) for p in loc]
        for variant in itertools.product(*options):
            line = self.lines.get(cast(Loc, variant))
            if line is not None:
                return line
        return None

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        return Problem(self.file, self.line_of(loc), field_path(loc), message)


def field_path(loc: Sequence[str | int]) -> str:
    """`("slots", 0, "slotTypeName")` -> `"slots[0].slotTypeName"`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def relative_name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_yaml(path: Path, root: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file; on a syntax error return no document and the problem with its line."""
    name = relative_name(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, None, "", f"cannot read file: {exc}")]
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> tuple[YamlDocument | None, list[Problem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = ": ".join(str(p) for p in (exc.context, exc.problem) if p)
        return None, [Problem(name, line, "", f"YAML syntax error: {message}")]
    except yaml.YAMLError as exc:
        return None, [Problem(name, None, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _map_lines(node, (), lines, problems, name)
    return YamlDocument(name, data, lines), problems


def _map_lines(
    node: yaml.Node, loc: Loc, lines: dict[Loc, int], problems: list[Problem], name: str
) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                # PyYAML silently keeps the last one; a duplicated key is almost always a mistake.
                problems.append(Problem(name, line, field_path(loc + (key,)), "duplicate key"))
                continue
            seen.add(key)
            lines[loc + (key,)] = line
            _map_lines(value_node, loc + (key,), lines, problems, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _map_lines(item, loc + (i,), lines, problems, name)


def validate(doc: YamlDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a document's data into `model`; every pydantic error becomes one Problem."""
    if doc.data is None:
        return None, [Problem(doc.file, 1, "", "file is empty")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem_from_error(doc, err, model) for err in exc.errors()]


def _problem_from_error(doc: YamlDocument, err: Any, model: type[BaseModel]) -> Problem:
    loc: Loc = tuple(p for p in err["loc"] if isinstance(p, int) or not _is_tag(p))
    message = str(err["msg"])
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if err["type"] == "extra_forbidden" and loc:
        message = f"unknown key {loc[-1]!r}" + _suggestion(doc, loc, model)
    elif err["type"] == "missing" and loc:
        message = f"required key {loc[-1]!r} is missing"
    return doc.problem(loc, message)


def _is_tag(part: str) -> bool:
    # pydantic adds validator and union-member tags such as "function-after[...]" to locations
    return "[" in part or part in {"str", "int", "float", "bool", "list", "dict"}


def _suggestion(doc: YamlDocument, loc: Loc, model: type[BaseModel]) -> str:
    known = _keys_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _keys_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names of the (sub)model found at `loc`, following list items and submodels."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
