"""The values of a CloudFormation template, as far as the template alone can tell them.

`Ref` to a template parameter gives its `Default`, `Fn::Sub` over parameters is substituted and
`Fn::Join` of known parts joined; keys are turned into the export's camelCase on the way. Every
value that only a deployment can know (`Fn::GetAtt`, `Fn::ImportValue`, `Fn::If`, pseudo
parameters, SSM parameters...) is `MISSING`, with the reason. This module never guesses a
deployed value and never reads anything but the template it is given.
"""

from __future__ import annotations

import re
from typing import Any

from bot.transfer.lex_keys import IGNORED, camel_key
from bot.transfer.report import ImportReport

MISSING: Any = object()  # a value only a deployment can compute
_SUB_NAME = re.compile(r"\$\{([^}]*)\}")


class Intrinsics:
    """Converts template values to export shape, resolving what the template alone can tell."""

    def __init__(self, parameters: dict[str, Any], report: ImportReport) -> None:
        self.parameters = parameters if isinstance(parameters, dict) else {}
        self.report = report

    def convert(self, value: Any, path: str) -> Any:
        """`value` with camelCase keys and intrinsics resolved; MISSING if it cannot be."""
        if isinstance(value, list):
            items = [self.convert(v, f"{path}[{i}]") for i, v in enumerate(value)]
            return [v for v in items if v is not MISSING]
        if not isinstance(value, dict):
            return value
        if is_intrinsic(value):
            return self.resolve(value, path)
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = camel_key(str(key))
            if name in IGNORED:  # reported later by the walker, not worth resolving
                out[name] = item
                continue
            converted = self.convert(item, f"{path}.{key}")
            if converted is not MISSING:
                out[name] = _as_mapping(name, converted)
        return MISSING if value and not out else out

    def resolve(self, value: Any, path: str, *, quiet: bool = False) -> Any:
        """A plain value for `value`, or MISSING (reported unless `quiet`)."""
        resolved, why = self.explain(value, path)
        if value == {"Ref": "AWS::NoValue"}:
            return MISSING  # CloudFormation's way of leaving a property out
        if resolved is MISSING and not quiet:
            self.report.unsupported_field(path, why + ": not carried")
        return resolved

    def explain(self, value: Any, path: str) -> tuple[Any, str]:
        """A plain value for `value` and "", or MISSING and why it cannot be known."""
        if not isinstance(value, dict) or not is_intrinsic(value):
            return self.convert(value, path), ""
        ((function, argument),) = value.items()
        return self._function(function, argument, path)

    def _function(self, function: str, argument: Any, path: str) -> tuple[Any, str]:
        computed = f"{describe({function: argument})} is known only at deployment"
        if function == "Ref":
            return self._parameter(str(argument))
        if function == "Fn::Sub":
            return self._sub(argument, path)
        if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            parts = [self.resolve(p, path, quiet=True) for p in argument[1] or []]
            if all(isinstance(p, str | int | float) for p in parts):
                return str(argument[0]).join(str(p) for p in parts), ""
        return MISSING, computed

    def _parameter(self, name: str) -> tuple[Any, str]:
        spec = self.parameters.get(name)
        if not isinstance(spec, dict):
            return MISSING, f"Ref {name} is known only at deployment"
        if "Default" not in spec:
            return MISSING, f"parameter {name} has no Default"
        kind = str(spec.get("Type", "String"))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            return MISSING, f"parameter {name} is read from SSM Parameter Store at deployment"
        default = spec["Default"]
        if kind == "Number" and isinstance(default, str):
            try:
                return (float(default) if "." in default else int(default)), ""
            except ValueError:
                return default, ""
        return (default if kind == "Number" else str(default)), ""

    def _sub(self, argument: Any, path: str) -> tuple[Any, str]:
        text, variables = (
            (argument[0], argument[1]) if isinstance(argument, list) else (argument, {})
        )
        values = {k: self.resolve(v, path, quiet=True) for k, v in (variables or {}).items()}
        why: list[str] = []

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            value, reason = (values[name], "") if name in values else self._parameter(name)
            if value is MISSING or isinstance(value, dict | list):
                why.append(reason or f"{name} is known only at deployment")
                return ""
            return str(value)

        result = _SUB_NAME.sub(substitute, str(text))
        return (MISSING, f"Sub: {'; '.join(why)}") if why else (result, "")


def is_intrinsic(value: dict[str, Any]) -> bool:
    if len(value) != 1:
        return False
    key = str(next(iter(value)))
    return key == "Ref" or key.startswith("Fn::")


def describe(value: Any) -> str:
    """`GetAtt Fn.Arn`, `Ref Name`: an intrinsic as a person would name it."""
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if isinstance(argument, list):
            argument = ".".join(str(a) for a in argument if isinstance(a, str | int))
        return f"{function.removeprefix('Fn::')} {argument}"
    return repr(value)


def _as_mapping(key: str, value: Any) -> Any:
    """Template lists that exports spell as mappings: session attributes and slot overrides."""
    if key == "sessionAttributes" and isinstance(value, list):
        return {str(a.get("key")): a.get("value") for a in value if isinstance(a, dict)}
    if key == "slots" and isinstance(value, list) and all(_is_override(v) for v in value):
        return {str(v["slotName"]): v.get("slotValueOverride") for v in value}
    return value


def _is_override(value: Any) -> bool:
    return isinstance(value, dict) and "slotName" in value and "name" not in value
