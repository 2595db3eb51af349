"""Watching conversation turns at the runtime facade: each turn's metrics (intent, dialog action,
fallback, NLU confidence, latency, or the error it ended in) and its log line (logger
`bot.turns`), under a log context naming the bot, the locale and the hashed session id.

Intent labels are clamped to the bot's own intents (any other name is `other`, no intent is
`none`), so a label never carries what a user typed. The turn's text and reply go to the log
line only as text fields, which the JSON formatter drops unless `BOT_LOG_TEXT=true`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.errors import RuntimeApiError
from bot.nlu.types import FALLBACK_INTENT
from bot.observability import metrics, trace
from bot.observability.logs import session_scope
from bot.turn import SessionKey, TurnResponse

NO_INTENT = "none"
UNEXPECTED = "Unexpected"  # an error outside the exception tree (a bug): its class is not a label

log = logging.getLogger("bot.turns")


@dataclass(slots=True)
class TurnWatch:
    """What the block watched learns: the response, once the dialog has computed it."""

    response: TurnResponse | None = None


class TurnObserver:
    """The metrics and log line of every turn of one bot; `intents` are its intent names (all
    locales): the only intent label values besides `other` and `none`."""

    def __init__(self, bot: str, intents: Iterable[str]) -> None:
        self.bot = bot
        self.intents = frozenset(intents) | {FALLBACK_INTENT}

    def intent_label(self, name: str | None) -> str:
        if name is None:
            return NO_INTENT
        return name if name in self.intents else metrics.OTHER

    @contextmanager
    def turn(self, key: SessionKey, api: str) -> Iterator[TurnWatch]:
        """Watch one turn of `api` (V2, V1 or channel): set `response` on what it yields."""
        watch = TurnWatch()
        started = time.perf_counter()
        with session_scope(self.bot, key.locale_id, key.session_id):
            try:
                yield watch
            except Exception as exc:
                error = type(exc).__name__ if isinstance(exc, RuntimeApiError) else UNEXPECTED
                seconds = time.perf_counter() - started
                metrics.record_turn_error(api=api, error=error, seconds=seconds)
                raise
            seconds = time.perf_counter() - started
            trace.turn_timed(seconds)
            if watch.response is not None:
                self._answered(watch.response, api, seconds)

    def _answered(self, response: TurnResponse, api: str, seconds: float) -> None:
        state = response.session_state
        intent = state.intent.name if state.intent is not None else None
        action = state.dialog_action.type if state.dialog_action is not None else "None"
        top = response.interpretations[0] if response.interpretations else None
        metrics.record_turn(
            api=api,
            intent=self.intent_label(intent),
            dialog_action=action,
            seconds=seconds,
            fallback=intent == FALLBACK_INTENT,
            confidence=top.confidence if top is not None else None,
            confidence_intent=self.intent_label(top.intent if top is not None else None),
        )
        if not log.isEnabledFor(logging.INFO):
            return
        log.info(
            "turn %s: %s, %s",
            api,
            self.intent_label(intent),
            action,
            extra={
                "api": api,
                "intent": self.intent_label(intent),
                "dialog_action": action,
                "nlu_confidence": top.confidence if top is not None else None,
                "duration_ms": round(seconds * 1000, 3),
                "input_text": response.input_text,
                "reply_text": [m.content for m in response.messages if m.content is not None],
            },
        )
