"""`MemorySessionStore`: the `SessionStore` contract in a dict, for tests and single-process use.

Everything lives in this process and is lost when it exits; one lock makes each operation atomic
across threads. Documents are kept as JSON text so a caller never shares a dict with the store
and the data behaves exactly as in the persistent stores. It must never be used where several
processes serve the same bot: they would not see each other's sessions.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from bot import strict_json
from bot.sessions.base import MissedUtterance, SessionConflict, StoredSession
from bot.turn import SessionKey

# Sweep expired entries once per this many writes, so the dicts do not grow forever.
PURGE_EVERY = 256


@dataclass(slots=True)
class _Entry:
    document: str  # JSON text
    version: int
    expires_at: float


class MemorySessionStore:
    def __init__(self, *, purge_every: int = PURGE_EVERY) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[SessionKey, _Entry] = {}
        self._records: dict[tuple[str, str], float] = {}
        self._missed: dict[str, list[MissedUtterance]] = {}  # by bot id, oldest first
        self._purge_every = purge_every
        self._writes = 0

    def load(self, key: SessionKey, now: float) -> StoredSession | None:
        with self._lock:
            entry = self._live(key, now)
            if entry is None:
                return None
            document, version, expires_at = entry.document, entry.version, entry.expires_at
        return StoredSession(json.loads(document), version, expires_at)

    def save(
        self,
        key: SessionKey,
        data: dict[str, Any],
        *,
        expected_version: int,
        now: float,
        ttl_seconds: float,
    ) -> int:
        # Outside the lock (it may be slow); strict, so what could not be read back is refused.
        document = strict_json.dumps(data).decode()
        with self._lock:
            entry = self._live(key, now)
            current = entry.version if entry else 0
            if current != expected_version:
                raise SessionConflict(
                    f"session {key.session_id} is at version {current}, not {expected_version}"
                )
            self._sessions[key] = _Entry(document, current + 1, now + ttl_seconds)
            self._count_write(now)
            return current + 1

    def delete(self, key: SessionKey, now: float | None = None) -> bool:
        with self._lock:
            entry = self._sessions.pop(key, None)
            return entry is not None and (now is None or entry.expires_at > now)

    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        with self._lock:
            expires_at = self._records.get((namespace, record_id))
            if expires_at is not None and expires_at > now:
                return False
            self._records[(namespace, record_id)] = now + ttl_seconds
            self._count_write(now)
            return True

    def forget(self, namespace: str, record_id: str) -> bool:
        with self._lock:
            return self._records.pop((namespace, record_id), None) is not None

    def record_missed(
        self, entry: MissedUtterance, *, max_count: int, max_age_seconds: float
    ) -> None:
        with self._lock:
            kept = self._missed.setdefault(entry.bot_id, [])
            kept.append(entry)
            kept.sort(key=lambda e: e.at)  # a clock may step back between workers
            oldest = entry.at - max_age_seconds
            kept[:] = [e for e in kept if e.at > oldest][-max_count:] if max_count > 0 else []

    def missed_utterances(
        self, bot_id: str, *, since: float, now: float, max_age_seconds: float
    ) -> list[MissedUtterance]:
        oldest = now - max_age_seconds
        with self._lock:
            return [e for e in self._missed.get(bot_id, ()) if e.at >= since and e.at > oldest]

    def purge_expired(self, now: float, limit: int | None = None) -> int:
        """Drop entries expired by `now` (up to `limit` of each kind); return how many went."""
        with self._lock:
            return self._purge(now, limit)

    def close(self) -> None:
        with self._lock:
            self._sessions.clear()
            self._records.clear()
            self._missed.clear()

    # ------------------------------------------------------------ internals (lock held)

    def _live(self, key: SessionKey, now: float) -> _Entry | None:
        entry = self._sessions.get(key)
        return entry if entry is not None and entry.expires_at > now else None

    def _count_write(self, now: float) -> None:
        self._writes += 1
        if self._writes % self._purge_every == 0:
            self._purge(now)

    def _purge(self, now: float, limit: int | None = None) -> int:
        dead_sessions = [k for k, e in self._sessions.items() if e.expires_at <= now][:limit]
        dead_records = [k for k, exp in self._records.items() if exp <= now][:limit]
        for key in dead_sessions:
            del self._sessions[key]
        for record in dead_records:
            del self._records[record]
        return len(dead_sessions) + len(dead_records)
