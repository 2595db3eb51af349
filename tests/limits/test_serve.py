"""`bot serve` reads its limits from the environment and hands them to the app and to uvicorn:
the body limit, the connection limit (503 beyond it) and the header size (400 beyond it); a bad
value stops it at start with the variable named."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

BOT = shutil.which("bot") or str(Path(sys.executable).with_name("bot"))


@pytest.fixture(scope="module")
def project(trained_bot, tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, _, root = trained_bot
    dest = tmp_path_factory.mktemp("serve-limits")
    shutil.copytree(root, dest, dirs_exist_ok=True)
    return dest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def url(project: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "BOT_MAX_BODY_BYTES": "4096", "BOT_MAX_CONNECTIONS": "3"}
    args = [BOT, "serve", "--project", str(project), "--port", str(port)]
    server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"bot serve exited: {server.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                httpx.get(url + "/health", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_body_limit_comes_from_the_environment(url: str) -> None:
    body = b'{"text": "' + b"x" * 5000 + b'"}'
    answer = httpx.post(
        url + "/model/parse", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413
    assert "limit of 4,096 bytes" in answer.json()["message"]


def test_a_request_head_growing_past_16_kb_is_refused_by_the_http_parser(url: str) -> None:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        # A head that never ends (as a slow client sends it): buffered up to 16 KB, then refused.
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"x" * 20_000)
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400 ")


def test_connections_beyond_the_limit_are_answered_503(url: str) -> None:
    held = [httpx.Client(base_url=url) for _ in range(2)]
    try:
        for client in held:  # each keeps its connection open after its answer (keep-alive)
            assert client.get("/health").status_code == 200
        # A third connection makes three, the limit (uvicorn counts the one asking too).
        assert httpx.get(url + "/health").status_code == 503
    finally:
        for client in held:
            client.close()


def test_a_bad_limit_stops_bot_serve_naming_the_variable(project: Path) -> None:
    env = {**os.environ, "BOT_MAX_CONNECTIONS": "0"}
    done = subprocess.run(
        [BOT, "serve", "--project", str(project), "--port", str(free_port())],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "BOT_MAX_CONNECTIONS" in done.stderr
