"""The engine facade every interface talks to: which bot, alias and locale exist, and one
conversation turn as load → dialog → save, with optimistic concurrency per session.

A turn is computed once and saved only if nobody saved the session meanwhile; the loser of a race
gets `Conflict` and the turn is never re-run (it may have called a code hook).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.dialog.engine import DialogEngine
from bot.dialog.hooks import CodeHooks
from bot.errors import Conflict, NotFound
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.sessions.base import SessionConflict, SessionStore
from bot.turn import Message, SessionKey, SessionState, TurnRequest, TurnResponse

Api = Literal["V2", "V1"]
V1_LOCALE = "v1"  # V1 conversations live beside V2 ones under their own locale-less key


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
        nlu: NLUEngine,
        store: SessionStore,
        *,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        dialog: DialogEngine | None = None,
        hooks: CodeHooks | None = None,
        other_locales: Mapping[str, DialogEngine] | None = None,
    ) -> None:
        self.project = project
        self.nlu = nlu
        self.store = store
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

    # ------------------------------------------------------------ addressing

    def v2_key(self, bot_id: str, alias_id: str, locale_id: str, session_id: str) -> SessionKey:
        ident = self.identity
        if bot_id != ident.bot_id:
            raise NotFound(
                f"Bot {bot_id} not found (this server runs {ident.bot_id}, {ident.name})"
            )
        if alias_id not in ident.aliases:
            raise NotFound(f"Bot alias {alias_id} not found for bot {bot_id}")
        if locale_id not in ident.locales:
            raise NotFound(f"Locale {locale_id} not found for bot {bot_id}")
        return SessionKey(bot_id, alias_id, locale_id, session_id)

    def v1_key(self, bot_name: str, alias: str, user_id: str) -> SessionKey:
        ident = self.identity
        if bot_name != ident.name:
            raise NotFound(f"Bot {bot_name} not found")
        if alias not in ident.aliases:
            raise NotFound(f"Alias {alias} not found for bot {bot_name}")
        return SessionKey(ident.bot_id, alias, V1_LOCALE, user_id)

    # ------------------------------------------------------------ operations

    def recognize(self, request: TurnRequest, api: Api = "V2") -> TurnResponse:
        now = self.clock()
        stored = self.store.load(request.key, now)
        document = stored.data if stored else None
        dialog = self._dialogs[request.key.locale_id]
        response, new_document = dialog.run_turn(request, document, api=api)
        self._save(request.key, new_document, stored.version if stored else 0)
        return response

    def get_session(self, key: SessionKey) -> TurnResponse:
        stored = self.store.load(key, self.clock())
        if stored is None:
            raise NotFound(f"No session found for sessionId {key.session_id}")
        return self._dialogs[key.locale_id].get_session(stored.data)

    def put_session(
        self,
        key: SessionKey,
        state: SessionState,
        messages: list[Message],
        request_attributes: dict[str, str],
    ) -> TurnResponse:
        stored = self.store.load(key, self.clock())
        response, document = self._dialogs[key.locale_id].put_session(
            key, state, messages, request_attributes, stored.data if stored else None
        )
        self._save(key, document, stored.version if stored else 0)
        return response

    def delete_session(self, key: SessionKey) -> None:
        if not self.store.delete(key, self.clock()):
            raise NotFound(f"No session found for sessionId {key.session_id}")

    def _save(self, key: SessionKey, document: dict, version: int) -> None:
        try:
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
