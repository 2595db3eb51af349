"""What every channel adapter shares (their settings are in `channels.settings`): session ids for
platform users, the bridge to the engine (one neutral turn per platform message, platform
retries dropped once seen), and sending a reply with bounded retries after the webhook was
acknowledged.

A platform that redelivers what is not acknowledged (Slack, Messenger) gets its 200 even while
the session store is unreachable: the delivery waits in the bridge's `StoreBacklog` and is
answered once the store is back, in arrival order, within bounds (places, retries) that make
the webhook answer 503 again rather than grow. Nothing here may wait for the store unbounded.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar, overload

from starlette.concurrency import run_in_threadpool

from bot.errors import ServiceUnavailable
from bot.observability import metrics
from bot.runtime import CHANNEL_ALIAS, BotRuntime  # noqa: F401 - channel sessions' alias
from bot.turn import TurnRequest, TurnResponse

log = logging.getLogger("channels")
A = TypeVar("A")
D = TypeVar("D")  # one platform delivery (a Slack utterance or click, a Messenger utterance)

PLATFORM_ATTRIBUTE = "x-amz-lex:channels:platform"
# Slack's last retry comes minutes after the first try; keep seen deliveries well past it.
DELIVERY_TTL_SECONDS = 3600
_NOT_ALLOWED = re.compile(r"[^0-9a-zA-Z._:-]")
# A channel's runtime, or what names the one to answer from now (a bot's channel alias, which
# moves with `bot alias set` and DRAFT reloads).
Runtimes = BotRuntime | Callable[[], BotRuntime]
STAYED_DOWN = "the session store stayed unreachable after %d retries"
NO_PLACE = "no place was left to wait for the session store"


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


@dataclass(frozen=True, slots=True)
class StoreRetryPolicy:
    """How an acknowledged delivery waits for an unreachable session store: tried again
    `retries` times, first `first_delay` seconds after the failure, each pause doubled up to
    `max_delay` (about two minutes in all); at most `places` deliveries wait in one process,
    beyond which the webhook answers 503 and the platform delivers again later."""

    retries: int = 8
    first_delay: float = 1.0
    max_delay: float = 30.0
    places: int = 256

    def delay(self, failures: int) -> float:
        """The pause after the `failures`-th failed try in a row."""
        return min(self.first_delay * 2 ** min(failures - 1, 62), self.max_delay)


@dataclass(frozen=True, slots=True)
class _Waiting:
    delivery_id: str
    answer: Callable[[], Awaitable[None]]
    joined: int  # the backlog's failed tries when it joined


class StoreBacklog:
    """Deliveries acknowledged while the session store could not be reached, answered in the
    order they arrived once it is back; also turns whose store failed after their delivery was
    recorded. One task retries the waiting deliveries (while any wait) and each answer runs in a
    task of its own; every waiting delivery, answer and turn holds one of `policy.places`."""

    def __init__(
        self,
        platform: str,
        policy: StoreRetryPolicy,
        first_delivery: Callable[[str], Awaitable[bool]],
    ) -> None:
        self.platform = platform
        self.policy = policy
        self._first_delivery = first_delivery
        self._channel = platform.lower()
        self._waiting: deque[_Waiting] = deque()
        self._answering: set[asyncio.Task[None]] = set()
        self._turns = 0  # turns waiting for the store
        self._failures = 0  # failed tries of the store by `_retry_waiting`
        self._retrying: asyncio.Task[None] | None = None

    @property
    def busy(self) -> bool:
        """Deliveries are waiting: a new one goes behind them, so a user's turns stay in order."""
        return bool(self._waiting)

    def add(
        self, deliveries: Sequence[tuple[str, Callable[[], Awaitable[None]]]], *, refuse: bool
    ) -> None:
        """Keep acknowledged deliveries (id, answer) until the store says whether each is new,
        then answer it. Without a place for all of them: ServiceUnavailable (503) when the caller
        may still `refuse` them, the ones beyond the free places dropped otherwise."""
        free = max(self.policy.places - self._taken(), 0)
        if len(deliveries) > free and refuse:
            metrics.record_channel_store_wait(self._channel, "refused")
            raise ServiceUnavailable(
                f"{self.policy.places} {self.platform} deliveries already wait for the session "
                "store; try again later"
            )
        for delivery_id, _ in deliveries[free:]:
            self._give_up(f"{self.platform} delivery {delivery_id}", NO_PLACE)
        self._waiting.extend(
            _Waiting(key, answer, self._failures) for key, answer in deliveries[:free]
        )
        if self._waiting and (self._retrying is None or self._retrying.done()):
            self._retrying = asyncio.create_task(self._retry_waiting())

    def _taken(self) -> int:
        return len(self._waiting) + len(self._answering) + self._turns

    async def turn(self, attempt: Callable[[], Awaitable[A]]) -> A:
        """`attempt` (a turn whose delivery was recorded), tried again with backoff while the
        store is unreachable; its last ServiceUnavailable once it gives up, or at once when no
        place is free."""
        failures, holding = 0, False
        try:
            while True:
                try:
                    result = await attempt()
                except ServiceUnavailable:
                    failures += 1
                    if not holding and self._taken() < self.policy.places:
                        self._turns, holding = self._turns + 1, True
                    if not holding or failures > self.policy.retries:
                        why = STAYED_DOWN % (failures - 1) if holding else NO_PLACE
                        self._give_up(f"a {self.platform} turn", why)
                        raise
                    await asyncio.sleep(self.policy.delay(failures))
                    continue
                if failures:
                    metrics.record_channel_store_wait(self._channel, "recovered")
                return result
        finally:
            if holding:
                self._turns -= 1

    async def _retry_waiting(self) -> None:
        """After each pause, try the store again for the oldest delivery; once it answers, take
        every waiting delivery in order until it fails again."""
        while self._waiting:
            await asyncio.sleep(self.policy.delay(self._failures_of(self._waiting[0])))
            try:
                while self._waiting:
                    head = self._waiting[0]
                    first = await self._first_delivery(head.delivery_id)
                    self._waiting.popleft()
                    self._pass_on(head, first)
            except ServiceUnavailable:
                self._failures += 1
                while self._waiting and self._failures_of(self._waiting[0]) > self.policy.retries:
                    dropped = self._waiting.popleft()
                    self._give_up(
                        f"{self.platform} delivery {dropped.delivery_id}",
                        STAYED_DOWN % self.policy.retries,
                    )
            except Exception:  # a store bug, not an outage: that delivery must not block the rest
                dropped = self._waiting.popleft()
                log.exception("%s delivery %s dropped", self.platform, dropped.delivery_id)

    def _failures_of(self, waiting: _Waiting) -> int:
        return self._failures - waiting.joined + 1  # its own first try failed, or was not made

    def _pass_on(self, waiting: _Waiting, first: bool) -> None:
        if not first:
            log.info("%s delivery %s already handled; dropped", self.platform, waiting.delivery_id)
            metrics.record_channel_store_wait(self._channel, "duplicate")
            return
        metrics.record_channel_store_wait(self._channel, "recovered")
        task = asyncio.create_task(self._answer(waiting))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    async def _answer(self, waiting: _Waiting) -> None:
        try:
            await waiting.answer()
        except Exception:  # nobody waits on this task: log, and go on with the others
            log.exception("%s delivery %s failed", self.platform, waiting.delivery_id)

    def _give_up(self, what: str, why: str) -> None:
        log.error("%s dropped: %s", what, why)
        metrics.record_channel_store_wait(self._channel, "given_up")


class ChannelBridge:
    """One platform's way into the engine. With `store_retry`, for a platform that was
    acknowledged before the turn, deliveries and turns wait for an unreachable store in a
    backlog; without it (a caller waiting for the answer), the outage is the caller's 503."""

    def __init__(
        self, runtime: Runtimes, platform: str, store_retry: StoreRetryPolicy | None = None
    ) -> None:
        self._current = runtime if callable(runtime) else lambda: runtime
        self.platform = platform
        # A user typing twice quickly gets two answers in order, not a lost turn to a Conflict.
        self.turns = SessionTurns()
        self.backlog = (
            None
            if store_retry is None
            else StoreBacklog(platform, store_retry, self._first_delivery_off_loop)
        )

    @property
    def runtime(self) -> BotRuntime:
        return self._current()

    def first_delivery(self, delivery_id: str) -> bool:
        """True the first time a platform delivery id is seen, across workers sharing a store."""
        return self.runtime.first_delivery(
            f"{self.platform}-delivery", delivery_id, DELIVERY_TTL_SECONDS
        )

    async def _first_delivery_off_loop(self, delivery_id: str) -> bool:
        return await run_in_threadpool(self.first_delivery, delivery_id)

    async def admit(
        self,
        said: Sequence[D],
        delivery_id: Callable[[D], str],
        answer: Callable[[D], Awaitable[None]],
    ) -> list[D]:
        """Of one webhook call's verified deliveries, those to answer now (after the
        acknowledgement), in order; platform retries already seen are dropped. While the store
        cannot be reached, or deliveries already wait for it, the rest wait in the backlog and
        `answer` runs once it is back. ServiceUnavailable (503: the platform delivers the call
        again later) when the backlog has no room for them and none was recorded yet."""
        backlog = self.backlog
        if backlog is None:
            raise TypeError(f"the {self.platform} bridge has no store backlog")
        fresh: list[D] = []
        for number, item in enumerate(said):
            if not backlog.busy:
                key = delivery_id(item)
                try:
                    if await self._first_delivery_off_loop(key):
                        fresh.append(item)
                    else:
                        log.info("%s delivery %s already handled; dropped", self.platform, key)
                    continue
                except ServiceUnavailable:
                    pass  # acknowledged all the same: it waits for the store
            waiting = [(delivery_id(w), partial(answer, w)) for w in said[number:]]
            backlog.add(waiting, refuse=not fresh)
            break
        return fresh

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
        saved (a reply that cannot be made leaves the session as it was). With a backlog, a turn
        the store failed is tried again as its `StoreRetryPolicy` says."""
        runtime = self.runtime  # the whole turn, retries included, on the version it started on
        key = runtime.channel_key(session_id)
        request = TurnRequest(
            key, text[:1024], request_attributes={PLATFORM_ATTRIBUTE: self.platform}
        )

        # Channel turns run after the acknowledgement, off the event loop: hooks may be slow.
        async def attempt() -> Any:
            if answer is None:
                return await run_in_threadpool(runtime.recognize, request)
            return await run_in_threadpool(runtime.recognize, request, answer=answer)

        # Callers hold the session's turn: while this one waits for the store, the next wait too.
        return await (attempt() if self.backlog is None else self.backlog.turn(attempt))


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
