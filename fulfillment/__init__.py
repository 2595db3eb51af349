"""Fulfillment: Lex-format code-hook events, response builders and the dispatcher. Never imports `bot`.

The public names below load on first use (PEP 562), so `import fulfillment` costs next to
nothing and a Lambda that only needs the router never loads what it does not use:

* `Router` — per-intent, per-hook dispatch (`fulfillment.router`);
* `LexV2Event`, `LexV1Event`, `LexEvent`, `parse_event` — read-only event views
  (`fulfillment.events`); `interpreted_value`, `original_value`, `interpreted_values`,
  `resolved_values` — slot readers (`fulfillment.slots`);
* `lexv2`, `lexv1` — response builders returning plain dicts; `replies` and `Card` — the same
  replies for V2 and V1 events;
* `FulfillmentError`, `ResponseError`, `EventError` (`fulfillment.errors`).

Standard library only: nothing here may import `bot`, pydantic, boto3 or any other package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fulfillment import lexv1, lexv2, replies
    from fulfillment.errors import EventError, FulfillmentError, ResponseError
    from fulfillment.events import LexEvent, LexV1Event, LexV2Event, parse_event
    from fulfillment.replies import Card
    from fulfillment.router import Router
    from fulfillment.slots import (
        interpreted_value,
        interpreted_values,
        original_value,
        resolved_values,
    )

# Public name → the module that defines it ("" for the submodules themselves).
_EXPORTS = {
    "Router": "router",
    "LexEvent": "events",
    "LexV1Event": "events",
    "LexV2Event": "events",
    "parse_event": "events",
    "interpreted_value": "slots",
    "interpreted_values": "slots",
    "original_value": "slots",
    "resolved_values": "slots",
    "Card": "replies",
    "EventError": "errors",
    "FulfillmentError": "errors",
    "ResponseError": "errors",
    "lexv1": "",
    "lexv2": "",
    "replies": "",
}

__all__ = [
    "Card", "EventError", "FulfillmentError", "LexEvent", "LexV1Event", "LexV2Event",
    "ResponseError", "Router", "interpreted_value", "interpreted_values", "lexv1", "lexv2",
    "original_value", "parse_event", "replies", "resolved_values",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fulfillment' has no attribute {name!r}")
    if not module:
        return importlib.import_module(f"fulfillment.{name}")
    value = getattr(importlib.import_module(f"fulfillment.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
