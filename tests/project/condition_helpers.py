"""Building the inputs of a condition for the condition-language tests."""

from __future__ import annotations

from typing import Any

from bot.project.conditions import ConditionEnv, SlotReading, parse_condition


def reading(*values: str, kind: str = "string") -> SlotReading:
    return SlotReading(tuple(values), kind)


def env(
    slots: dict[str, Any] | None = None,
    session: dict[str, Any] | None = None,
    request: dict[str, Any] | None = None,
    transcript: str = "",
    mode: str = "Text",
) -> ConditionEnv:
    return ConditionEnv(slots or {}, session or {}, request or {}, transcript, mode)


def holds(expression: str, **kwargs: Any) -> bool:
    return parse_condition(expression).evaluate(env(**kwargs))
