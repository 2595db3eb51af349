"""`ObservedStore`: any `SessionStore` with its failures counted by operation
(`bot_session_store_errors_total`) and its lost races counted (`bot_session_conflicts_total`).

It changes nothing a store does: every call goes through, every exception goes on unchanged. A
conflict (another writer saved first) and data refused as JSON (the caller's, before anything
was written) are answers, not store failures; anything else raised is one. Wrapping at the
runtime facade counts every store alike, whichever backend it is.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from bot import strict_json
from bot.observability import metrics
from bot.sessions.base import MissedUtterance, SessionConflict, SessionStore, StoredSession
from bot.turn import SessionKey


class _Counted:
    """Counts the exception leaving a block as a failure of `operation` (reusable, stateless)."""

    def __init__(self, operation: str) -> None:
        self.operation = operation

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if isinstance(exc, SessionConflict):
            metrics.record_session_conflict()
        elif isinstance(exc, Exception) and not isinstance(exc, strict_json.JsonRefused):
            metrics.record_store_error(self.operation)


_WATCHES = {operation: _Counted(operation) for operation in metrics.STORE_OPERATIONS}


class ObservedStore:
    """A `SessionStore` that counts how the store it wraps fails."""

    def __init__(self, store: SessionStore) -> None:
        self.inner = store

    def load(self, key: SessionKey, now: float) -> StoredSession | None:
        with _WATCHES["load"]:
            return self.inner.load(key, now)

    def save(
        self,
        key: SessionKey,
        data: dict[str, Any],
        *,
        expected_version: int,
        now: float,
        ttl_seconds: float,
    ) -> int:
        with _WATCHES["save"]:
            return self.inner.save(
                key, data, expected_version=expected_version, now=now, ttl_seconds=ttl_seconds
            )

    def delete(self, key: SessionKey, now: float | None = None) -> bool:
        with _WATCHES["delete"]:
            return self.inner.delete(key, now)

    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        with _WATCHES["remember"]:
            return self.inner.remember(namespace, record_id, now=now, ttl_seconds=ttl_seconds)

    def forget(self, namespace: str, record_id: str) -> bool:
        with _WATCHES["forget"]:
            return self.inner.forget(namespace, record_id)

    def purge_expired(self, now: float, limit: int | None = None) -> int:
        with _WATCHES["purge_expired"]:
            return self.inner.purge_expired(now, limit)

    def record_missed(
        self, entry: MissedUtterance, *, max_count: int, max_age_seconds: float
    ) -> None:
        with _WATCHES["record_missed"]:
            self.inner.record_missed(entry, max_count=max_count, max_age_seconds=max_age_seconds)

    def missed_utterances(
        self, bot_id: str, *, since: float, now: float, max_age_seconds: float
    ) -> list[MissedUtterance]:
        with _WATCHES["missed_utterances"]:
            return self.inner.missed_utterances(
                bot_id, since=since, now=now, max_age_seconds=max_age_seconds
            )

    def close(self) -> None:
        self.inner.close()

    def __getattr__(self, name: str) -> Any:
        # What a backend offers beyond the contract (a file path, a create-table helper).
        if name == "inner":  # not set yet (a copy being built): never recurse
            raise AttributeError(name)
        return getattr(self.inner, name)


def observed(store: SessionStore) -> SessionStore:
    """`store`, counted (once: an observed store is not wrapped again)."""
    return store if isinstance(store, ObservedStore) else ObservedStore(store)
