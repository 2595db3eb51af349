"""Deciding which turns were missed and keeping them in the session store.

A turn is missed when the fallback intent came first, or when the top intent scored below the
locale's threshold plus a margin (understood, but barely). An answer to a slot prompt is read
against that slot, not against the intents, and is never missed. What is kept names the bot,
alias and locale, the text and the top intents with their confidences: never the user or the
session. A store that cannot keep it now does not fail the turn: the user still gets an answer,
and the loss is logged and counted as a store error.
"""

from __future__ import annotations

import logging

from bot.errors import BotError
from bot.nlu.types import FALLBACK_INTENT, Interpretation
from bot.sessions.base import MissedUtterance, SessionStore
from bot.settings import MissedSettings
from bot.turn import SessionKey, TurnResponse

log = logging.getLogger("bot.missed")

TOP_INTENTS = 3  # how many interpretations an entry keeps


def is_missed(interpretations: list[Interpretation], threshold: float, margin: float) -> bool:
    """Whether a turn read as `interpretations` (best first) was missed."""
    if not interpretations:
        return False
    top = interpretations[0]
    if top.intent == FALLBACK_INTENT:
        return True
    return top.confidence is not None and top.confidence < threshold + margin


class MissedRecorder:
    """Keeps a bot's missed turns in its session store, bounded as `settings` says."""

    def __init__(
        self, store: SessionStore, bot_name: str, settings: MissedSettings | None = None
    ) -> None:
        self.store = store
        self.bot_name = bot_name
        self.settings = settings or MissedSettings.model_construct()

    def observe(
        self, key: SessionKey, response: TurnResponse, threshold: float, now: float
    ) -> bool:
        """Record the turn of `response` if it was missed; True when it was recorded."""
        settings = self.settings
        if settings.missed_max_count <= 0 or not response.input_text:
            return False
        if not is_missed(response.interpretations, threshold, settings.missed_margin):
            return False
        entry = MissedUtterance(
            at=now,
            bot_id=key.bot_id,
            bot_name=self.bot_name,
            alias_id=key.alias_id,
            locale_id=key.locale_id,
            text=response.input_text,
            intents=tuple((i.intent, i.confidence) for i in response.interpretations[:TOP_INTENTS]),
        )
        try:
            self.store.record_missed(
                entry,
                max_count=settings.missed_max_count,
                max_age_seconds=settings.max_age_seconds,
            )
        except BotError as exc:  # the store's fixed reason: no text, no key
            log.warning("missed utterance not recorded: %s", exc)
            return False
        return True

    def entries(self, bot_id: str, *, since: float, now: float) -> list[MissedUtterance]:
        """The bot's missed utterances since `since`, oldest first."""
        return self.store.missed_utterances(
            bot_id, since=since, now=now, max_age_seconds=self.settings.max_age_seconds
        )
