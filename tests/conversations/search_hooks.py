"""The fulfilment Lambda of the V1 search-intent bot, written as a Lex user writes it: it notes
the event (so tests can see `kendraResponse`) and closes the intent without a message of its
own, so the intent's conclusion statement says the answer. (The V2 bot's Lambda is
`tests.hooks.handlers.close_fulfilled`, behind a fake of the Lambda Invoke API.)"""

from __future__ import annotations

from typing import Any

EVENTS: list[dict[str, Any]] = []


def v1_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    EVENTS.append(event)
    return {
        "sessionAttributes": event.get("sessionAttributes") or {},
        "dialogAction": {"type": "Close", "fulfillmentState": "Fulfilled"},
    }
