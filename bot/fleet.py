"""Which runtime answers a request: the bots a server runs, each alias of each bot and the
version it answers from, addressed as the runtime APIs name them (V2: botId, alias id or name,
locale; V1: botName, alias name).

A bot's alias table is one immutable dict, replaced whole when an alias moves: resolving is a dict
lookup with no file access, and a turn keeps the runtime it resolved until it ends, so a turn in
flight finishes on the version it started with. This module never loads a bot or watches a file
(`bot.workspace` does); it only answers "who serves this".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.errors import NotFound
from bot.project.bot_config import DRAFT
from bot.runtime import CHANNEL_ALIAS, V1_LOCALE, BotRuntime
from bot.turn import SessionKey

V1_LATEST = "$LATEST"  # how Lex V1 names the DRAFT
TEST_ALIAS_NAME = "TestBotAlias"  # what Lex names the TSTALIASID alias


@dataclass(frozen=True, slots=True)
class AliasRoute:
    """One alias now: its id (part of every session key), its name and its version's runtime."""

    alias_id: str
    name: str
    version: str
    runtime: BotRuntime


@dataclass(slots=True)
class BotRoutes:
    """One bot: `draft` serves its console; `aliases` maps alias ids and names to routes and is
    only ever replaced whole; the channels answer from `channel_alias` (None: the DRAFT)."""

    name: str
    bot_id: str
    draft: BotRuntime
    aliases: Mapping[str, AliasRoute] = field(default_factory=dict)
    channel_alias: str | None = None

    def channel_runtime(self) -> BotRuntime:
        """What a channel turn answers from now: it follows alias moves and DRAFT reloads."""
        route = self.aliases.get(self.channel_alias) if self.channel_alias else None
        return self.draft if route is None else route.runtime

    def listed(self) -> list[AliasRoute]:
        """Each alias once, in bot.yaml's order."""
        return list({id(r): r for r in self.aliases.values()}.values())

    def swap(self, routes: list[AliasRoute]) -> None:
        table: dict[str, AliasRoute] = {}
        for route in routes:
            table[route.name] = route
            table[route.alias_id] = route
            if route.alias_id == "TSTALIASID":
                table[TEST_ALIAS_NAME] = route
        self.aliases = table  # one reference assignment: readers see the old or the new table

    def route(self, alias: str) -> AliasRoute:
        """An alias by its id or name."""
        found = self.aliases.get(alias)
        if found is None:
            names = ", ".join(r.name for r in self.listed())
            raise NotFound(f"Bot alias {alias} not found for bot {self.name} (it has {names})")
        return found


def routes_for(runtime: BotRuntime) -> BotRoutes:
    """A bot served from one runtime, every alias on it (tests, `bot shell`)."""
    ident = runtime.identity
    bot = BotRoutes(ident.name, ident.bot_id, runtime)
    bot.swap([AliasRoute(a, a, DRAFT, runtime) for a in ident.aliases])
    return bot


class Fleet:
    def __init__(self, bots: list[BotRoutes]) -> None:
        if not bots:
            raise ValueError("a server needs at least one bot")
        self.bots = bots
        self._by_id = {b.bot_id: b for b in bots}
        self._by_name = {b.name: b for b in bots}

    @classmethod
    def of(cls, runtime: BotRuntime) -> Fleet:
        return cls([routes_for(runtime)])

    @property
    def first(self) -> BotRuntime:
        """The first bot's DRAFT: what `/health`'s `bot` names (and the console opens on)."""
        return self.bots[0].draft

    def bot(self, name: str | None = None) -> BotRoutes:
        """A bot by name; the first bot when no name is given."""
        if name is None:
            return self.bots[0]
        found = self._by_name.get(name)
        if found is None:
            names = ", ".join(b.name for b in self.bots)
            raise NotFound(f"Bot {name} not found (this server runs {names})")
        return found

    def runtimes(self) -> list[BotRuntime]:
        seen = {id(r.runtime): r.runtime for b in self.bots for r in b.listed()}
        seen |= {id(b.draft): b.draft for b in self.bots}
        return list(seen.values())

    @property
    def calls_out(self) -> bool:
        return any(r.calls_out for r in self.runtimes())

    # ------------------------------------------------------------ addressing

    def v2(
        self,
        bot_id: str,
        alias: str,
        locale_id: str,
        session_id: str,
        *,
        channel_sessions: bool = False,
    ) -> tuple[BotRuntime, SessionKey, str]:
        """The runtime, session and alias name (a code hook's `aliasName`) of a V2 request;
        `alias` is an alias id or name."""
        bot = self._by_id.get(bot_id)
        if bot is None:
            names = ", ".join(f"{b.bot_id} ({b.name})" for b in self.bots)
            raise NotFound(f"Bot {bot_id} not found (this server runs {names})")
        if alias == CHANNEL_ALIAS:
            if not channel_sessions:
                raise NotFound(
                    f"Bot alias {alias} holds channel conversations; the runtime API reaches "
                    "them only with BOT_API_CHANNEL_SESSIONS=allow"
                )
            runtime, alias_id, name = bot.channel_runtime(), CHANNEL_ALIAS, CHANNEL_ALIAS
        else:
            route = bot.aliases.get(alias)
            if route is None:
                raise NotFound(f"Bot alias {alias} not found for bot {bot_id}")
            runtime, alias_id, name = route.runtime, route.alias_id, route.name
        if locale_id not in runtime.identity.locales:
            raise NotFound(f"Locale {locale_id} not found for bot {bot_id}")
        return runtime, SessionKey(bot.bot_id, alias_id, locale_id, session_id), name

    def v1(self, bot_name: str, alias: str, user_id: str) -> tuple[BotRuntime, SessionKey, str]:
        """The runtime, session and V1 `botVersion` (`$LATEST` for the DRAFT) of a V1 request."""
        bot = self._by_name.get(bot_name)
        if bot is None:
            raise NotFound(f"Bot {bot_name} not found")
        route = bot.aliases.get(alias)
        if route is None:
            raise NotFound(f"Alias {alias} not found for bot {bot_name}")
        version = V1_LATEST if route.version == DRAFT else route.version
        return route.runtime, SessionKey(bot.bot_id, alias, V1_LOCALE, user_id), version

    # ------------------------------------------------------------ upkeep

    def describe(self) -> list[dict[str, Any]]:
        """Every bot, as `/health` lists them."""
        return [
            {
                "name": b.name,
                "botId": b.bot_id,
                "locales": list(b.draft.identity.locales),
                "aliases": [
                    {"botAliasName": r.name, "botAliasId": r.alias_id, "botVersion": r.version}
                    for r in b.listed()
                ],
            }
            for b in self.bots
        ]

    def store_problem(self) -> str | None:
        return self.first.store_problem()

    def purge_expired(self, limit: int | None = None) -> int:
        # The bots share one store: purging through one of them purges for all.
        return self.first.purge_expired(limit)
