"""The engine facade every interface talks to: which bot, alias and locale exist, and one
conversation turn as load → dialog → save, with optimistic concurrency per session.

A turn is computed once and saved only if nobody saved the session meanwhile; the loser of a race
gets `Conflict` and the turn is never re-run (it may have called a code hook). A turn is saved only
once its answer has been produced: one that cannot be written leaves the session as it was.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, overload

from bot import strict_json
from bot.dialog.engine import DialogEngine
from bot.dialog.hooks import CodeHooks
from bot.errors import Conflict, InternalFailure, NotFound, ServiceUnavailable
from bot.missed.recording import MissedRecorder
from bot.nlu.understanding import Understanding
from bot.observability.logs import hashed
from bot.observability.store import observed
from bot.observability.turns import TurnObserver
from bot.project.loader import BotProject
from bot.sessions.base import SessionConflict, SessionStore, SessionStoreUnavailable
from bot.sessions.upkeep import write_problem
from bot.settings import MissedSettings
from bot.turn import Message, SessionKey, SessionState, TurnRequest, TurnResponse

log = logging.getLogger("bot.runtime")

Api = Literal["V2", "V1"]
A = TypeVar("A")  # what a caller makes of a turn's response before it is saved
V1_LOCALE = "v1"  # V1 conversations live beside V2 ones under their own locale-less key
# Channel conversations (Slack, Facebook, REST) live under an alias no bot file can configure, so
# the runtime API cannot name them unless the operator opts in (BOT_API_CHANNEL_SESSIONS=allow).
CHANNEL_ALIAS = "$CHANNELS"


@contextmanager
def _store_reachable() -> Iterator[None]:
    """A store that cannot be reached answers 503 with its fixed reason, no traceback: the
    client may send the request again once the store is back."""
    try:
        yield
    except SessionStoreUnavailable as exc:
        log.warning("session store unavailable: %s", exc)
        raise ServiceUnavailable(
            f"The session store is unavailable ({exc}); try again later"
        ) from None


def bot_id_for(name: str) -> str:
    """A stable 10-character alphanumeric id, as botocore requires of `botId`."""
    return hashlib.sha256(name.encode()).hexdigest()[:10].upper()


@dataclass(frozen=True, slots=True)
class BotIdentity:
    name: str
    bot_id: str
    aliases: tuple[str, ...]
    locales: tuple[str, ...]


class BotRuntime:
    def __init__(
        self,
        project: BotProject,
        nlu: Understanding,
        store: SessionStore,
        *,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        dialog: DialogEngine | None = None,
        hooks: CodeHooks | None = None,
        other_locales: Mapping[str, DialogEngine] | None = None,
        missed: MissedSettings | None = None,
    ) -> None:
        """`missed` says which turns are kept as missed utterances (by default: fallbacks and
        top intents within 0.15 of the threshold)."""
        self.project = project
        self.nlu = nlu
        self.store = observed(store)  # its failures counted, whichever backend it is
        self.clock = clock
        self.dialog = dialog or DialogEngine(project, nlu, hooks=hooks, clock=clock, rng=rng)
        # One dialog engine per locale; V1 conversations (locale "v1") use the first locale's.
        self._dialogs = {project.locale: self.dialog, V1_LOCALE: self.dialog} | dict(
            other_locales or {}
        )
        # A turn that may call a code hook can wait for seconds: servers run such turns off-loop.
        self.calls_out = any(d.calls_out for d in self._dialogs.values()) or hooks is not None
        config = project.config
        self.identity = BotIdentity(
            config.name, bot_id_for(config.name), tuple(config.aliases), tuple(config.locale_ids)
        )
        intents = {name for d in self._dialogs.values() for name in d.project.intents}
        self._observer = TurnObserver(config.name, intents)
        self.missed = MissedRecorder(self.store, config.name, missed)

    # ------------------------------------------------------------ addressing

    def v2_key(
        self,
        bot_id: str,
        alias_id: str,
        locale_id: str,
        session_id: str,
        *,
        channel_sessions: bool = False,
    ) -> SessionKey:
        """A runtime API request's session; `channel_sessions` lets it name `CHANNEL_ALIAS`."""
        ident = self.identity
        if bot_id != ident.bot_id:
            raise NotFound(
                f"Bot {bot_id} not found (this server runs {ident.bot_id}, {ident.name})"
            )
        if alias_id == CHANNEL_ALIAS and not channel_sessions:
            raise NotFound(
                f"Bot alias {alias_id} holds channel conversations; the runtime API reaches "
                "them only with BOT_API_CHANNEL_SESSIONS=allow"
            )
        if alias_id not in ident.aliases and alias_id != CHANNEL_ALIAS:
            raise NotFound(f"Bot alias {alias_id} not found for bot {bot_id}")
        if locale_id not in ident.locales:
            raise NotFound(f"Locale {locale_id} not found for bot {bot_id}")
        return SessionKey(bot_id, alias_id, locale_id, session_id)

    def channel_key(self, session_id: str) -> SessionKey:
        """Where a channel conversation lives: `CHANNEL_ALIAS`, the first locale (a channel
        message names no locale)."""
        ident = self.identity
        return SessionKey(ident.bot_id, CHANNEL_ALIAS, ident.locales[0], session_id)

    def v1_key(self, bot_name: str, alias: str, user_id: str) -> SessionKey:
        ident = self.identity
        if bot_name != ident.name:
            raise NotFound(f"Bot {bot_name} not found")
        if alias not in ident.aliases:
            raise NotFound(f"Alias {alias} not found for bot {bot_name}")
        return SessionKey(ident.bot_id, alias, V1_LOCALE, user_id)

    # ------------------------------------------------------------ operations

    @overload
    def recognize(self, request: TurnRequest, api: Api = "V2") -> TurnResponse: ...

    @overload
    def recognize(
        self, request: TurnRequest, api: Api = "V2", *, answer: Callable[[TurnResponse], A]
    ) -> A: ...

    def recognize(
        self,
        request: TurnRequest,
        api: Api = "V2",
        *,
        answer: Callable[[TurnResponse], Any] | None = None,
    ) -> Any:
        """One turn. With `answer` (the response as the caller sends it: wire JSON, headers),
        that is produced before the turn is saved, and returned."""
        channel = request.key.alias_id == CHANNEL_ALIAS
        with self._observer.turn(request.key, "channel" if channel else api) as watch:
            now = self.clock()
            with _store_reachable():
                stored = self.store.load(request.key, now)
            document = stored.data if stored else None
            dialog = self._dialogs[request.key.locale_id]
            response, new_document = dialog.run_turn(request, document, api=api)
            watch.response = response
            # The answer is made before the turn is saved: if it cannot be, nothing is.
            produced = response if answer is None else answer(response)
            self._save(request.key, new_document, stored.version if stored else 0)
            self.missed.observe(request.key, response, dialog.project.threshold, now)
        return produced

    def get_session(self, key: SessionKey) -> TurnResponse:
        with _store_reachable():
            stored = self.store.load(key, self.clock())
        if stored is None:
            raise NotFound(f"No session found for sessionId {key.session_id}")
        return self._dialogs[key.locale_id].get_session(stored.data)

    @overload
    def put_session(
        self,
        key: SessionKey,
        state: SessionState,
        messages: list[Message],
        request_attributes: dict[str, str],
    ) -> TurnResponse: ...

    @overload
    def put_session(
        self,
        key: SessionKey,
        state: SessionState,
        messages: list[Message],
        request_attributes: dict[str, str],
        *,
        answer: Callable[[TurnResponse], A],
    ) -> A: ...

    def put_session(
        self,
        key: SessionKey,
        state: SessionState,
        messages: list[Message],
        request_attributes: dict[str, str],
        *,
        answer: Callable[[TurnResponse], Any] | None = None,
    ) -> Any:
        """PutSession; `answer` as for `recognize`."""
        with _store_reachable():
            stored = self.store.load(key, self.clock())
        response, document = self._dialogs[key.locale_id].put_session(
            key, state, messages, request_attributes, stored.data if stored else None
        )
        produced = response if answer is None else answer(response)
        self._save(key, document, stored.version if stored else 0)
        return produced

    def delete_session(self, key: SessionKey) -> None:
        with _store_reachable():
            deleted = self.store.delete(key, self.clock())
        if not deleted:
            raise NotFound(f"No session found for sessionId {key.session_id}")

    # ------------------------------------------------------------ upkeep

    def store_problem(self) -> str | None:
        """Why the session store cannot be written now (safe to show), or None when it can."""
        return write_problem(self.store, self.clock())

    def nlu_problem(self) -> str | None:
        """Why a locale's NLU cannot parse now (a Rasa server down), or None when all can."""
        for dialog in {id(d): d for d in self._dialogs.values()}.values():
            problem = dialog.nlu.problem()
            if problem is not None:
                return problem
        return None

    def first_delivery(self, namespace: str, delivery_id: str, ttl_seconds: float) -> bool:
        """True the first time a channel delivery id is seen (across workers sharing the store);
        an unreachable store is `ServiceUnavailable`, which the channels wait out (`channels.core`)."""
        with _store_reachable():
            return self.store.remember(
                namespace, delivery_id, now=self.clock(), ttl_seconds=ttl_seconds
            )

    def purge_expired(self, limit: int | None = None) -> int:
        """Delete up to `limit` expired sessions and up to `limit` expired delivery records."""
        return self.store.purge_expired(self.clock(), limit)

    def _save(self, key: SessionKey, document: dict, version: int) -> None:
        try:
            with _store_reachable():
                self.store.save(
                    key,
                    document,
                    expected_version=version,
                    now=self.clock(),
                    ttl_seconds=self.project.config.idleSessionTTLInSeconds,
                )
        except SessionConflict:
            raise Conflict(
                f"Session {key.session_id} was changed by a concurrent request; send the turn again"
            ) from None
        except strict_json.JsonRefused as exc:  # refused before anything was written
            log.error("turn for session %s not saved: its state %s", hashed(key.session_id), exc)
            raise InternalFailure(
                f"This turn could not be saved (its state {exc}); the session was left as it was"
            ) from None
