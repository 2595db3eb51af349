"""The `SessionStore` contract.

A store keeps one JSON document per conversation (what the dialog engine needs to resume it) with
a version number for optimistic concurrency, plus small keyed records with their own TTL (e.g.
platform delivery ids, to drop retries), and each bot's missed utterances, bounded by count and
age (what users said that the bot did not understand, for its authors). Time is always passed in
(`now`, epoch seconds) so tests control the clock; a record past its expiry behaves as if it did
not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.errors import BotError
from bot.turn import SessionKey


class SessionConflict(BotError):
    """Another writer saved the session since it was loaded: this turn's update is refused."""


class SessionStoreUnavailable(BotError):
    """The store's backing service cannot be reached or refuses to work now (down, timed out,
    out of memory, read-only). Its message is fixed text safe to show anyone (never a URL,
    password, key or stored value); the same call may succeed once the service is back."""


@dataclass(frozen=True, slots=True)
class StoredSession:
    data: dict[str, Any]
    version: int  # 1 for the first save, +1 on each save
    expires_at: float  # epoch seconds; the session is gone after this


@dataclass(frozen=True, slots=True)
class MissedUtterance:
    """A turn the bot did not understand well: it fell back, or its top intent scored close to
    the threshold. It names the bot, alias and locale, never the user or the session."""

    at: float  # epoch seconds
    bot_id: str
    bot_name: str
    alias_id: str
    locale_id: str
    text: str
    # The top interpretations, best first: (intent, confidence; None for the fallback).
    intents: tuple[tuple[str, float | None], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "botId": self.bot_id,
            "botName": self.bot_name,
            "aliasId": self.alias_id,
            "localeId": self.locale_id,
            "text": self.text,
            "intents": [{"name": n, "confidence": c} for n, c in self.intents],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MissedUtterance:
        return cls(
            at=float(data["at"]),
            bot_id=data["botId"],
            bot_name=data["botName"],
            alias_id=data["aliasId"],
            locale_id=data["localeId"],
            text=data["text"],
            intents=tuple((i["name"], i["confidence"]) for i in data.get("intents", ())),
        )


class SessionStore(Protocol):
    def load(self, key: SessionKey, now: float) -> StoredSession | None:
        """The session, or None when there is none or it has expired."""
        ...

    def save(
        self,
        key: SessionKey,
        data: dict[str, Any],
        *,
        expected_version: int,
        now: float,
        ttl_seconds: float,
    ) -> int:
        """Store `data` if the stored version is still `expected_version` (0: no live session);
        return the new version, or raise SessionConflict. An expired session counts as absent.
        Data JSON cannot carry (NaN, a lone surrogate) raises `strict_json.JsonRefused`, with
        nothing written."""
        ...

    def delete(self, key: SessionKey, now: float | None = None) -> bool:
        """Remove the session; False when there was none, or it had expired by `now`. Without
        `now` there is no clock to judge expiry by, so any stored session counts."""
        ...

    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        """Record `record_id` atomically; True the first time, False while it is remembered."""
        ...

    def forget(self, namespace: str, record_id: str) -> bool:
        """Remove a remembered record; False when there was none."""
        ...

    def purge_expired(self, now: float, limit: int | None = None) -> int:
        """Delete sessions and records expired by `now`, at most `limit` of each kind (None: the
        store's own batch size); return how many went."""
        ...

    def record_missed(
        self, entry: MissedUtterance, *, max_count: int, max_age_seconds: float
    ) -> None:
        """Keep `entry` among its bot's missed utterances, then drop that bot's entries older
        than `max_age_seconds` (before `entry.at`) and all but the newest `max_count`."""
        ...

    def missed_utterances(
        self, bot_id: str, *, since: float, now: float, max_age_seconds: float
    ) -> list[MissedUtterance]:
        """The bot's missed utterances recorded at or after `since` and younger than
        `max_age_seconds` at `now`, oldest first."""
        ...

    def close(self) -> None: ...
