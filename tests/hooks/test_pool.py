"""In-process hooks run on a bounded pool of workers: a hung hook keeps its worker until it returns,
the number of threads never grows with the number of calls, a call that finds every worker busy
waits for one at most for its own timeout and then fails (a 424 over the runtime API), and
healthy hooks under load all answer. Lambda and HTTP clients pool as many connections as there
are workers."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import ValidationError

from bot.dialog.hooks import HookTimeout
from bot.hooks import HookBusy, HookFailure, HookWorkers, pool
from bot.hooks.transports import HttpTransport, LambdaTransport, PythonTransport
from bot.settings import OperationsSettings
from tests.hooks import handlers

EVENT = {"invocationSource": "DialogCodeHook", "sessionId": "pool-1"}


@pytest.fixture(autouse=True)
def hung_hooks_are_released() -> Iterator[None]:
    handlers.RELEASE.clear()
    yield
    handlers.RELEASE.set()


def hanging(workers: HookWorkers, timeout: float) -> PythonTransport:
    return PythonTransport("tests.hooks.handlers", "hang", timeout, workers=workers)


def outcome(transport: PythonTransport) -> str:
    try:
        transport.invoke(EVENT)
    except HookBusy:
        return "busy"
    except HookTimeout:
        return "timeout"
    return "answer"


def wait_until(condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_hung_hooks_never_start_more_threads_than_the_pool() -> None:
    workers = HookWorkers(3)
    transport = hanging(workers, timeout=0.05)
    before = threading.active_count()
    with ThreadPoolExecutor(8) as callers:  # 40 calls, 8 at a time
        results = list(callers.map(lambda _: outcome(transport), range(40)))
    after = threading.active_count()  # the callers have ended

    assert results.count("timeout") == 3
    assert results.count("busy") == 37
    assert after - before <= 3
    assert (workers.threads, workers.busy) == (3, 3)
    workers.close()


def test_a_call_finding_every_worker_hung_fails_after_its_timeout_with_a_clear_reason() -> None:
    workers = HookWorkers(2)
    for _ in range(2):
        assert outcome(hanging(workers, timeout=0.05)) == "timeout"

    patient = hanging(workers, timeout=0.2)
    with pytest.raises(HookBusy) as refused:
        patient.invoke(EVENT)

    assert isinstance(refused.value, HookFailure)  # handled like any failed call
    assert refused.value.reason == (
        "python:tests.hooks.handlers:hang was not called: all 2 code-hook workers stayed busy "
        "for 0.2 s with hooks that had not returned (BOT_HOOK_WORKERS sets how many)"
    )
    workers.close()


def test_more_healthy_calls_than_workers_wait_their_turn_and_all_answer() -> None:
    workers = HookWorkers(2)
    quick = PythonTransport("tests.hooks.handlers", "echo_event", 30, workers=workers)
    with ThreadPoolExecutor(12) as callers:  # 12 at once on 2 workers
        answers = list(callers.map(lambda _: quick.invoke(EVENT), range(120)))

    assert answers == [EVENT] * 120
    assert workers.threads == 2
    workers.close()


def test_a_worker_is_free_again_once_its_hung_hook_returns() -> None:
    workers = HookWorkers(1)
    transport = hanging(workers, timeout=0.05)
    assert outcome(transport) == "timeout"
    assert outcome(transport) == "busy"

    handlers.RELEASE.set()
    wait_until(lambda: workers.busy == 0)

    assert transport.invoke(EVENT) == EVENT
    assert workers.threads == 1
    workers.close()


def test_hooks_that_raise_do_not_use_up_the_workers() -> None:
    workers = HookWorkers(1)
    failing = PythonTransport("tests.hooks.handlers", "v1_handler", 1, workers=workers)
    for _ in range(5):
        with pytest.raises(HookFailure, match="raised KeyError"):
            failing.invoke(EVENT)
    assert (workers.threads, workers.busy) == (1, 0)
    workers.close()


def test_the_shared_pool_and_the_hook_clients_are_sized_by_bot_hook_workers(
    monkeypatch: pytest.MonkeyPatch, hook_server_url: str
) -> None:
    monkeypatch.setenv("BOT_HOOK_WORKERS", "3")
    monkeypatch.setattr(pool, "_shared", None)

    assert pool.shared_workers().size == 3
    assert pool.shared_workers() is pool.shared_workers()
    monkeypatch.setenv("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9")
    lambda_client = LambdaTransport("f", 1)._lambda()
    assert lambda_client.meta.config.max_pool_connections == 3
    http_client = HttpTransport(f"{hook_server_url}/hooks/echo_event", 1)._http()
    assert http_client._transport._pool._max_connections == 3
    assert http_client._transport._pool._max_keepalive_connections == 3


def test_the_default_pool_has_eight_workers_and_zero_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BOT_HOOK_WORKERS", raising=False)
    assert OperationsSettings().hook_workers == 8
    monkeypatch.setenv("BOT_HOOK_WORKERS", "0")
    with pytest.raises(ValidationError):
        OperationsSettings()


# ---------------------------------------------------------------- over the runtime API


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[HookWorkers]:
    workers = HookWorkers(2)
    monkeypatch.setattr(pool, "_shared", workers)
    yield workers
    handlers.RELEASE.set()
    workers.close()


def test_turns_against_a_hanging_hook_answer_424_and_threads_stay_bounded(
    hooked_bot, two_workers: HookWorkers
) -> None:
    bot = hooked_bot("hang", timeout=1)
    errors = bot.lex.exceptions.DependencyFailedException

    def turn() -> str:
        with pytest.raises(errors) as failed:
            bot.say(bot.new_session(), "register me for PyCon")
        return str(failed.value.response["Error"]["Message"])

    first = turn()  # starts the turn thread and the first hook worker
    baseline = threading.active_count()
    later = [turn() for _ in range(5)]
    after = threading.active_count()

    assert "timed out" in first
    assert "timed out" in later[0]  # the second worker
    busy = later[1:]
    assert all("all 2 code-hook workers stayed busy" in message for message in busy)
    assert after - baseline <= two_workers.size
    assert two_workers.threads == 2

    handlers.RELEASE.set()  # the hung hooks return: their workers serve again
    wait_until(lambda: two_workers.busy == 0)
    answer = bot.say(bot.new_session(), "register me for PyCon")
    assert answer["sessionState"]["intent"]["name"] == "RegisterUserForEvent"
