"""`bot serve --workers 2 --reload`, run for real: the supervisor retrains an edited DRAFT and
every worker swaps the new model in; a broken edit leaves them all on the last good model, also
a worker that starts again meanwhile."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx

from bot.runtime import bot_id_for
from tests.redis_servers import free_port
from tests.serve.test_workers import BOT, START_TIMEOUT, Served, _healthy, _stop, _wait_until
from tests.workspace.conftest import set_greeting, write_bot

TURNS = 16  # each on a connection of its own, so both workers answer some


def _greetings(server: Served) -> set[str]:
    said = set()
    path = f"/bots/{bot_id_for('ShopBot')}/botAliases/TSTALIASID/botLocales/en_US/sessions"
    for n in range(TURNS):
        reply = httpx.post(
            f"{server.url}{path}/s-{time.monotonic_ns()}-{n}/text", json={"text": "hello"}
        )
        assert reply.status_code == 200, reply.text
        said.add(reply.json()["messages"][0]["content"])
    return said


def test_workers_follow_the_draft_their_supervisor_retrains(tmp_path: Path) -> None:
    root = write_bot(tmp_path / "shop", "ShopBot", "Hello from the first draft")
    port = free_port()
    process = subprocess.Popen(
        [BOT, "serve", "--project", str(root), "--port", str(port), "--workers", "2", "--reload"]
        + ["--sessions", f"sqlite:///{tmp_path / 'sessions.sqlite'}"],
        env={k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Served(process, f"http://127.0.0.1:{port}")
    try:
        _wait_until(lambda: _healthy(server) and len(server.workers()) == 2, START_TIMEOUT)
        assert _greetings(server) == {"Hello from the first draft"}
        set_greeting(root, "Hello from the second draft")
        _wait_until(lambda: _greetings(server) == {"Hello from the second draft"}, 60)
        (root / "intents" / "Greeting.yaml").write_text("name: Greeting\nsampleUtterances: 7\n")
        time.sleep(3)  # a few polls of the supervisor and the workers
        assert _greetings(server) == {"Hello from the second draft"}
        # A worker that starts while the draft is broken loads the last published DRAFT.
        lost = next(iter(server.workers()))
        os.kill(lost, signal.SIGKILL)
        _wait_until(lambda: lost not in server.workers() and len(server.workers()) == 2, 60)
        _wait_until(lambda: _healthy(server), 30)
        assert _greetings(server) == {"Hello from the second draft"}
    finally:
        _stop(server)
