"""Redis servers for tests: the one CI names in `BOT_TEST_REDIS_URL`, or a `redis-server` process
a test starts on a free loopback port (and stops and starts again, to cause an outage for real).

Never the machine's own Redis on 6379, and never a skip: without the variable and without the
`redis-server` program, a test that needs Redis fails and says what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self

import pytest
import redis

ENV = "BOT_TEST_REDIS_URL"
START_TIMEOUT = 10.0
MISSING = (
    f"the Redis tests need a Redis server: set {ENV}=redis://127.0.0.1:PORT/0 (.ci/run does) "
    "or install redis-server (apt-get install redis-server)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


class RedisServer:
    """A `redis-server` child process on a loopback port, in memory only (no RDB, no AOF)."""

    def __init__(self) -> None:
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        program = shutil.which("redis-server")
        if program is None:
            pytest.fail(MISSING, pytrace=False)
        # The same port on a restart, so a served bot finds its store where it was.
        args = ["--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly"]
        self._process = subprocess.Popen(
            [program, *args, "no", "--daemonize", "no", "--logfile", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not answers(self.url):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Kill the server at once (no save, no goodbye), as a crash or a network cut would."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=START_TIMEOUT)
            self._process = None

    def freeze(self) -> None:
        """Stop the server answering (SIGSTOP): connections stay open, replies never come."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def redis_for_tests() -> Iterator[str]:
    """The URL of a Redis to test against: `BOT_TEST_REDIS_URL`, else a server started here."""
    url = os.environ.get(ENV)
    if url:
        if not answers(url):
            pytest.fail(f"{ENV}={url} does not answer PING", pytrace=False)
        yield url
        return
    with RedisServer() as server:
        yield server.url


def with_key_prefix(url: str) -> tuple[str, str]:
    """`url` with a key prefix of its own, and that prefix: tests sharing a server never meet."""
    prefix = f"test:{uuid.uuid4().hex}:"
    return f"{url}{'&' if '?' in url else '?'}key_prefix={prefix}", prefix


def delete_keys(url: str, prefix: str) -> None:
    """Remove every key under `prefix` from the server `url` (without the prefix) names."""
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()
