"""The kept, bounded threads that run runtime-API turns which may wait on a code hook, off the
event loop.

At most `BOT_TURN_THREADS` turns run at once; more wait in line for a free thread (as they would
for anyio's limiter). Threads start lazily up to that number and are reused. A turn runs in the
context (log context, request id) of the request that sent it, and its result or exception is
handed back to that request's event loop. Handing a turn over and back costs one queue put and
one `call_soon_threadsafe`: 35 µs on one core, where anyio's `to_thread` took 100 µs.
It must never run a turn on the event loop, and never start more threads than its size.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
_Job = tuple[
    asyncio.AbstractEventLoop, "asyncio.Future[Any]", contextvars.Context, Callable[[], Any]
]


class TurnThreads:
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("turns need at least one thread")
        self.size = size
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        # Exact counts, so a job never waits while fewer than `size` threads are busy: a job
        # takes a free thread, or a new one, or waits in line; a thread that finishes takes the
        # next job in line, or becomes free.
        self._free = 0
        self._waiting = 0

    @property
    def threads(self) -> int:
        """Threads started so far (never more than `size`)."""
        with self._lock:
            return len(self._threads)

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` on one of the threads; its result, or its exception raised."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        job = partial(fn, *args, **kwargs)
        self._jobs.put((loop, future, contextvars.copy_context(), job))
        thread = None
        with self._lock:
            if self._free:
                self._free -= 1
            elif len(self._threads) < self.size:
                name = f"turn-{len(self._threads) + 1}"
                thread = threading.Thread(target=self._work, name=name, daemon=True)
                self._threads.append(thread)
            else:
                self._waiting += 1
        if thread is not None:
            thread.start()
        return await future

    def _work(self) -> None:
        while True:
            loop, future, context, job = self._jobs.get()
            try:
                result = context.run(job)
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting request
                _hand_back(loop, future, None, exc)
            else:
                _hand_back(loop, future, result, None)
            del job, future, context
            with self._lock:
                if self._waiting:
                    self._waiting -= 1
                else:
                    self._free += 1


def _hand_back(
    loop: asyncio.AbstractEventLoop,
    future: asyncio.Future[Any],
    result: Any,
    error: BaseException | None,
) -> None:
    try:
        loop.call_soon_threadsafe(_settle, future, result, error)
    except RuntimeError:  # the loop has closed: nobody is waiting any more
        log.debug("a turn finished after its event loop closed")


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # the request was cancelled while its turn ran
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
