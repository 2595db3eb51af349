"""Lex V2 dialog hooks that set session attributes Lex would refuse, each recording its calls in
`CALLS` (by session id), and one that behaves, for comparison."""

from __future__ import annotations

from typing import Any

CALLS: list[str] = []


def _delegating(event: dict[str, Any], attributes: dict[str, Any]) -> dict[str, Any]:
    CALLS.append(event["sessionId"])
    state = event["sessionState"]
    return {
        "sessionState": {
            "dialogAction": {"type": "Delegate"},
            "intent": state["intent"],
            "sessionAttributes": {**(state.get("sessionAttributes") or {}), **attributes},
        }
    }


def well_behaved(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _delegating(event, {"hooked": "yes"})


def lone_surrogate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _delegating(event, {"name": "\ud800"})


def not_a_number(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _delegating(event, {"score": float("nan")})


def oversized_attributes(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _delegating(event, {"blob": "x" * 13_000})  # over Lex's 12 KB, under its 25 KB answer


def too_many_context_attributes(event: dict[str, Any], context: Any) -> dict[str, Any]:
    answer = _delegating(event, {})
    answer["sessionState"]["activeContexts"] = [
        {
            "name": "crowded",
            "timeToLive": {"timeToLiveInSeconds": 60, "turnsToLive": 3},
            "contextAttributes": {f"k{i}": "v" for i in range(11)},
        }
    ]
    return answer
