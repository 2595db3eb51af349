"""`bot serve --workers 2` over Redis, run for real as a subprocess: a conversation goes on
across both workers, and after one of them is killed with SIGKILL; the supervisor replaces the
dead worker, exits 0 on SIGTERM, and refuses a `memory://` store."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ConnectionClosedError, EndpointConnectionError, ReadTimeoutError

from bot.runtime import bot_id_for
from tests.redis_servers import delete_keys, free_port, redis_for_tests, with_key_prefix

BOT = shutil.which("bot") or str(Path(sys.executable).with_name("bot"))
START_TIMEOUT = 120.0
ONCE = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30)
LOST_WORKER = (ConnectionClosedError, EndpointConnectionError, ReadTimeoutError)


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str

    def workers(self) -> set[int]:
        """The supervisor's worker processes (uvicorn spawns them), found through /proc."""
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid and b"spawn_main" in cmdline:
                found.add(int(entry.name))
        return found


@pytest.fixture(scope="module")
def project(trained_bot: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, _, root = trained_bot
    dest = tmp_path_factory.mktemp("serve-workers")
    shutil.copytree(root, dest, dirs_exist_ok=True)
    return dest


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    with redis_for_tests() as redis_url:
        store_url, prefix = with_key_prefix(redis_url)
        port = free_port()
        args = [BOT, "serve", "--project", str(project), "--port", str(port), "--workers", "2"]
        env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
        process = subprocess.Popen(
            [*args, "--sessions", store_url],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            server = Served(process, f"http://127.0.0.1:{port}")
            _wait_until(lambda: _healthy(server) and len(server.workers()) == 2, START_TIMEOUT)
            yield server
        finally:
            _stop(Served(process, ""))
            delete_keys(redis_url, prefix)


def _stop(server: Served) -> None:
    """SIGTERM, then SIGKILL for the supervisor and its workers if they are not gone in time."""
    if server.process.poll() is not None:
        return
    workers = server.workers()
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _healthy(server: Served) -> bool:
    if server.process.poll() is not None:
        stderr = server.process.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
        raise RuntimeError(f"bot serve exited: {stderr}")
    try:
        return httpx.get(server.url + "/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _wait_until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _say(server: Served, session: str, text: str) -> dict[str, Any]:
    """One turn on a connection of its own (a new client each time), retried while a killed
    worker's connection breaks; the other worker or the replacement answers."""
    deadline = time.monotonic() + 30
    while True:
        lex = boto3.client(
            "lexv2-runtime",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=ONCE,
        )
        try:
            return lex.recognize_text(  # type: ignore[no-any-return]
                botId=bot_id_for("EventBot"),
                botAliasId="TSTALIASID",
                localeId="en_US",
                sessionId=session,
                text=text,
            )
        except LOST_WORKER:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


CONVERSATION = [
    ("register me for PyCon", "eventDate"),
    ("tomorrow", "firstName"),
    ("Maria", "email"),
    ("maria@example.com", None),
]


def _converse(server: Served, session: str, between: Callable[[], None] = lambda: None) -> int:
    """A whole registration, `between` called halfway; the number of turns taken."""
    for number, (text, slot) in enumerate(CONVERSATION):
        if number == 2:
            between()
        action = _say(server, session, text)["sessionState"]["dialogAction"]
        if slot is None:
            assert action["type"] == "ConfirmIntent"
        else:
            assert action.get("slotToElicit") == slot, action
    answer = _say(server, session, "yes")
    assert answer["sessionState"]["intent"]["state"] == "Fulfilled"
    return len(CONVERSATION) + 1


def _turns_counted(server: Served) -> float:
    text = httpx.get(server.url + "/metrics", timeout=10).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("bot_turns_total{")
    )


def test_a_registration_goes_on_across_two_workers_sharing_redis(served: Served) -> None:
    turns = sum(_converse(served, f"user-{n}") for n in range(4))
    # Every worker writes its counts to the multiprocess folder; any worker answers the sum.
    assert _turns_counted(served) == turns


def test_a_worker_killed_mid_conversation_is_replaced_and_the_conversation_goes_on(
    served: Served,
) -> None:
    before = served.workers()
    victim = min(before)

    def kill_a_worker() -> None:
        os.kill(victim, signal.SIGKILL)

    _converse(served, "survivor", between=kill_a_worker)
    _wait_until(lambda: len(served.workers() - before) == 1, 30)
    assert victim not in served.workers()
    _wait_until(lambda: _healthy(served), 30)
    _converse(served, "after-the-restart")


def test_sigterm_stops_the_supervisor_with_status_0(served: Served) -> None:
    workers = served.workers()
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=15) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_several_workers_refuse_a_memory_store(project: Path) -> None:
    done = subprocess.run(
        [BOT, "serve", "--project", str(project), "--port", str(free_port())]
        + ["--workers", "2", "--sessions", "memory://"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    message = " ".join(done.stderr.split())
    assert "--workers 2 needs a session store every worker shares" in message
    assert "memory://" in message
