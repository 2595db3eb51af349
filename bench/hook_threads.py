"""Threads of a server whose in-process code hook hangs: 200 turns must not leave 200 threads.

Serves a copy of the example bot (`bot serve`, loopback, memory sessions) whose dialog hook sleeps
an hour against a 1 s `timeoutInSeconds`, sends RecognizeText turns that call it (a new session
each, `--concurrency` at a time), and prints JSON: the server's thread count (from /proc) before,
at its peak and after, the status codes and error messages seen, and the pool sizes. Goal: the
thread count grows by at most the hook pool (`BOT_HOOK_WORKERS`) plus the turn threads in use,
never with the number of turns. Stops the server by itself. Run from the project root:

    .venv/bin/python bench/hook_threads.py [--turns 200] [--concurrency 16] [--workers 8]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Self

import httpx
import yaml
from _serving import wait_until_up

ROOT = Path(__file__).resolve().parent.parent
HOOK = """
import time


def handler(event, context):
    time.sleep(3600)  # far beyond the bot's 1 s timeoutInSeconds
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise RuntimeError("no thread count in /proc")


def _hanging_bot(folder: Path) -> Path:
    for name in ("intents", "training_data"):
        shutil.copytree(ROOT / name, folder / name)
    config = yaml.safe_load((ROOT / "bot.yaml").read_text())
    config["codeHook"] = {"uri": "python:hanging_hook:handler", "timeoutInSeconds": 1}
    (folder / "bot.yaml").write_text(yaml.safe_dump(config))
    (folder / "hanging_hook.py").write_text(HOOK)
    return folder


class PeakThreads:
    """Samples the server's thread count every 20 ms while the turns run."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = _threads(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _threads(self.pid))


def _turn(client: httpx.Client, path: str, n: int) -> tuple[int, str]:
    answer = client.post(f"{path}bench-{n}/text", json={"text": "register me for PyCon"})
    if answer.status_code == 200:
        return 200, "answered"
    message = answer.json().get("message", "")
    kind = "timed out" if "timed out" in message else "workers busy" if "busy" in message else ""
    return answer.status_code, kind or message[:80]


def measure(turns: int, concurrency: int, workers: int) -> dict[str, object]:
    folder = _hanging_bot(Path(tempfile.mkdtemp(prefix="hook-threads-")))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, BOT_HOOK_WORKERS=str(workers))
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--project", str(folder), "--port", str(port),
         "--sessions", "memory://"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(f"{base}/health", proc)
        bot_id = httpx.get(f"{base}/health").json()["bot"]["botId"]
        path = f"/bots/{bot_id}/botAliases/TSTALIASID/botLocales/en_US/sessions/"
        before = _threads(proc.pid)
        started = time.monotonic()
        with (
            PeakThreads(proc.pid) as peak,
            httpx.Client(base_url=base, timeout=30) as client,
            ThreadPoolExecutor(concurrency) as pool,
        ):
            seen = list(pool.map(lambda n: _turn(client, path, n), range(turns)))
        elapsed = time.monotonic() - started
        after = _threads(proc.pid)
        return {
            "turns": turns,
            "concurrency": concurrency,
            "hook_workers": workers,
            "turn_threads": int(os.environ.get("BOT_TURN_THREADS", "40")),
            "server_threads": {"before": before, "peak": peak.peak, "after": after},
            "statuses": dict(Counter(status for status, _ in seen)),
            "answers": dict(Counter(f"{status} {kind}" for status, kind in seen)),
            "seconds": round(elapsed, 2),
        }
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=8, help="BOT_HOOK_WORKERS for the server")
    args = parser.parse_args()
    print(json.dumps(measure(args.turns, args.concurrency, args.workers), indent=2))


if __name__ == "__main__":
    main()
