"""What every channel adapter shares: settings from the environment, session ids for platform
users, the bridge to the engine (one neutral turn per platform message, platform retries dropped
once seen), and sending a reply with bounded retries after the webhook was acknowledged.

Secrets are `SecretStr`: they never appear in logs or reprs.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar, overload

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.concurrency import run_in_threadpool

from bot.observability import metrics
from bot.runtime import CHANNEL_ALIAS, BotRuntime  # noqa: F401 - channel sessions' alias
from bot.turn import TurnRequest, TurnResponse

log = logging.getLogger("channels")
A = TypeVar("A")

PLATFORM_ATTRIBUTE = "x-amz-lex:channels:platform"
# Slack's last retry comes minutes after the first try; keep seen deliveries well past it.
DELIVERY_TTL_SECONDS = 3600
_NOT_ALLOWED = re.compile(r"[^0-9a-zA-Z._:-]")


class ChannelSettings(BaseSettings):
    """Channel secrets and endpoints, from the conventional environment variables."""

    model_config = SettingsConfigDict(extra="ignore")

    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    facebook_app_secret: SecretStr | None = None
    facebook_verify_token: SecretStr | None = None
    facebook_page_access_token: SecretStr | None = None
    facebook_graph_url: str = "https://graph.facebook.com"
    facebook_graph_version: str = "v19.0"
    rest_webhook_token: SecretStr | None = None
    rest_cors_origins: list[str] = []

    @property
    def slack_enabled(self) -> bool:
        return self.slack_signing_secret is not None and self.slack_bot_token is not None

    @property
    def facebook_enabled(self) -> bool:
        return None not in (
            self.facebook_app_secret,
            self.facebook_verify_token,
            self.facebook_page_access_token,
        )


def session_id_for(*parts: str) -> str:
    """A session id from platform identifiers that passes botocore's rules (2-100 of
    [0-9a-zA-Z._:-]); long or unusual ids keep a hash so two users never share a session."""
    raw = ":".join(parts)
    clean = _NOT_ALLOWED.sub("-", raw)
    if clean != raw or len(clean) > 100:
        digest = hashlib.sha256(raw.encode()).hexdigest()[:16]
        clean = f"{clean[:80]}-{digest}"
    return clean if len(clean) >= 2 else f"{clean}--"


class SessionTurns:
    """One lock per session id, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: Counter[str] = Counter()

    @asynccontextmanager
    async def one_at_a_time(self, session_id: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(session_id, asyncio.Lock())
        self._users[session_id] += 1
        try:
            async with lock:
                yield
        finally:
            self._users[session_id] -= 1
            if not self._users[session_id]:
                del self._users[session_id], self._locks[session_id]


class ChannelBridge:
    """One platform's way into the engine."""

    def __init__(self, runtime: BotRuntime, platform: str) -> None:
        self.runtime = runtime
        self.platform = platform
        # A user typing twice quickly gets two answers in order, not a lost turn to a Conflict.
        self.turns = SessionTurns()

    def first_delivery(self, delivery_id: str) -> bool:
        """True the first time a platform delivery id is seen, across workers sharing a store."""
        return self.runtime.first_delivery(
            f"{self.platform}-delivery", delivery_id, DELIVERY_TTL_SECONDS
        )

    @overload
    async def turn(self, session_id: str, text: str) -> TurnResponse: ...

    @overload
    async def turn(
        self, session_id: str, text: str, *, answer: Callable[[TurnResponse], A]
    ) -> A: ...

    async def turn(
        self, session_id: str, text: str, *, answer: Callable[[TurnResponse], Any] | None = None
    ) -> Any:
        """One turn; with `answer`, the reply as the channel sends it, made before the turn is
        saved (a reply that cannot be made leaves the session as it was)."""
        key = self.runtime.channel_key(session_id)
        request = TurnRequest(
            key, text[:1024], request_attributes={PLATFORM_ATTRIBUTE: self.platform}
        )
        # Channel turns run after the acknowledgement, off the event loop: hooks may be slow.
        if answer is None:
            return await run_in_threadpool(self.runtime.recognize, request)
        return await run_in_threadpool(self.runtime.recognize, request, answer=answer)


async def send_with_retry(
    send: Callable[[], Awaitable[None]],
    *,
    what: str,
    channel: str,
    attempts: int = 4,
    first_delay: float = 0.5,
) -> bool:
    """Run `send`, retrying with exponential backoff; False (logged) when every attempt failed.
    Sends and retries are counted by `channel` (`slack`, `facebook`, `rest`)."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            await send()
            metrics.record_channel_send(channel, sent=True)
            return True
        except Exception as exc:  # noqa: BLE001 - the platform's error is logged, then retried
            log.warning("%s failed (attempt %d/%d): %s", what, attempt, attempts, exc)
            if attempt < attempts:
                metrics.record_channel_retry(channel)
                await asyncio.sleep(delay)
                delay *= 2
    log.error("%s failed after %d attempts; reply dropped", what, attempts)
    metrics.record_channel_send(channel, sent=False)
    return False
