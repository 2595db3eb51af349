"""The bounded set of worker threads that runs in-process (`python:`) code hooks.

A thread cannot be stopped: a hook that hangs keeps its worker until it returns. So the number of
workers is fixed (`BOT_HOOK_WORKERS`, default 8), threads start lazily up to that number and are
reused. A call that finds every worker busy waits for one to free up, at most for its own
timeout (the waiters are turn threads, themselves bounded), and is then refused with `HookBusy`:
healthy hooks under load queue briefly, hung ones cannot hold a turn longer than its timeout.
The number of threads never grows with the number of turns. One set serves
the whole process (`shared_workers()`), created at the first in-process hook call.

Nothing here knows events or answers: a job is a plain callable, and it must not raise.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from bot.hooks.failures import HookFailure
from bot.settings import OperationsSettings

log = logging.getLogger(__name__)

_Job = tuple[Callable[[], None], Callable[[], None] | None]  # the job, then who to tell


class HookBusy(HookFailure):
    """Every hook worker is busy (hooks that have not returned): the call was not made."""


class HookWorkers:
    """At most `size` jobs at once, each on its own daemon thread."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a hook pool needs at least one worker")
        self.size = size
        self._lock = threading.Lock()
        self._free = threading.Condition(self._lock)  # notified when a worker frees up
        self._busy = 0
        self._threads: list[threading.Thread] = []
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._closed = False

    @property
    def busy(self) -> int:
        """Jobs running now (a hung hook counts until it returns)."""
        with self._lock:
            return self._busy

    @property
    def threads(self) -> int:
        """Worker threads started so far (never more than `size`)."""
        with self._lock:
            return len(self._threads)

    def start(
        self,
        job: Callable[[], None],
        *,
        what: str,
        finished: Callable[[], None] | None = None,
        wait: float = 0.0,
    ) -> None:
        """Run `job` on a free worker, waiting up to `wait` seconds for one, or raise `HookBusy`
        (naming `what`). `finished` is called once the job has returned and its worker is free
        again, so a caller woken by it may start the next job at once."""
        with self._free:
            if self._busy >= self.size and not self._closed:
                self._free.wait_for(lambda: self._busy < self.size or self._closed, wait)
            if self._closed:
                raise RuntimeError("the code-hook workers are closed")
            if self._busy >= self.size:
                raise HookBusy(
                    f"{what} was not called: all {self.size} code-hook workers stayed busy "
                    f"for {wait:g} s with hooks that had not returned (BOT_HOOK_WORKERS sets "
                    "how many)"
                )
            self._busy += 1
            # Every admitted job has a thread to run on: a worker that just finished picks the
            # next one up, so a job never waits behind a hung hook.
            if len(self._threads) < self._busy:
                self._spawn()
        self._jobs.put((job, finished))

    def close(self) -> None:
        """Let each worker end once its current job returns. The shared workers are never closed
        (they live as long as the process); a pool made for one purpose may be."""
        with self._free:
            self._closed = True
            count = len(self._threads)
            self._free.notify_all()
        for _ in range(count):
            self._jobs.put(None)

    def _spawn(self) -> None:
        number = len(self._threads) + 1
        thread = threading.Thread(target=self._work, name=f"code-hook-{number}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, finished = item
            try:
                job()
            except BaseException:  # a worker outlives any job
                log.exception("a code-hook job raised")
            finally:
                with self._free:
                    self._busy -= 1
                    self._free.notify()
            if finished is not None:
                finished()


_shared: HookWorkers | None = None
_shared_lock = threading.Lock()


def shared_workers() -> HookWorkers:
    """The process-wide workers, sized by `BOT_HOOK_WORKERS` when first needed."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = HookWorkers(OperationsSettings().hook_workers)
        return _shared


def connection_limit() -> int:
    """How many connections a Lambda or HTTP hook client keeps: as many as hook workers."""
    return OperationsSettings().hook_workers
