"""Turns per second, latency, memory and cold start of one uvicorn worker serving the example bot,
against a bare FastAPI echo on the same path shape.

The server is pinned to core 0 (taskset), wrk (one thread, bench/conversation.lua: whole
conversations, a new session every six turns) to core 1. Run from the project root:

    .venv/bin/python bench/turns.py [--seconds 10]

Prints JSON: throughput of both and their ratio, p50/p99 under full load and at a fixed
200 requests/s, a per-turn time breakdown measured in-process, peak RSS, and cold start.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=0.5).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.02)
    raise RuntimeError(f"server at {url} did not start")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _wrk(
    port: int, path: str, seconds: int, connections: int, delay_ms: int = 0
) -> dict[str, float]:
    env = dict(os.environ, BOT_PATH=path, DELAY_MS=str(delay_ms))
    out = subprocess.run(
        ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", str(ROOT / "bench" / "conversation.lua"), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    requests, errors, duration, p50, p99 = map(float, line.split()[1:])
    return {
        "requests_per_s": round(requests / duration, 1),
        "non_2xx": int(errors),
        "p50_ms": round(p50, 3),
        "p99_ms": round(p99, 3),
    }


def _server(args: list[str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["taskset", "-c", "0", *args, "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def measure_bot(seconds: int) -> dict[str, object]:
    port = _free_port()
    sessions = Path(tempfile.mkdtemp()) / "bench.sqlite"
    subprocess.run([PYTHON, "-m", "bot.cli", "train"], cwd=ROOT, check=True, capture_output=True)
    started = time.monotonic()
    proc = _server([PYTHON, "-m", "bot.cli", "serve", "--sessions", f"sqlite:///{sessions}"], port)
    try:
        _wait(f"http://127.0.0.1:{port}/health", proc)
        bot_id = httpx.get(f"http://127.0.0.1:{port}/health").json()["bot"]["botId"]
        path = f"/bots/{bot_id}/botAliases/TSTALIASID/botLocales/en_US/sessions/"
        first = httpx.post(f"http://127.0.0.1:{port}{path}cold-1/text", json={"text": "hello"})
        cold_start = time.monotonic() - started
        first.raise_for_status()
        full = _wrk(port, path, seconds, connections=8)
        # Four connections, each pausing 18 ms between requests: about 200 requests/s.
        paced = _wrk(port, path, seconds, connections=4, delay_ms=18)
        return {"full_load": full, "at_200_rps": paced, "cold_start_s": round(cold_start, 3),
                "peak_rss_mb": round(_peak_rss_mb(proc.pid), 1)}  # fmt: skip
    finally:
        proc.terminate()
        proc.wait()


def measure_echo(seconds: int) -> dict[str, float]:
    port = _free_port()
    proc = _server([PYTHON, "-m", "uvicorn", "bench.echo_app:app", "--log-level", "warning"], port)
    try:
        _wait(f"http://127.0.0.1:{port}/docs", proc)
        return _wrk(port, "/bots/X/botAliases/TSTALIASID/botLocales/en_US/sessions/", seconds, 8)
    finally:
        proc.terminate()
        proc.wait()


def breakdown(rounds: int = 200) -> dict[str, float]:
    """Mean milliseconds per turn spent in NLU, dialog (without NLU), store, and JSON."""
    from bot.api.lex_v2 import recognize_text_response
    from bot.app import build_runtime
    from bot.turn import SessionKey, TurnRequest

    runtime = build_runtime(
        ROOT, store_url=f"sqlite:///{Path(tempfile.mkdtemp()) / 'b.sqlite'}", rng=random.Random(0)
    )
    turns = ["register me for PyCon", "tomorrow", "Maria", "maria@example.com", "yes", "hello"]
    totals = {"nlu": 0.0, "dialog": 0.0, "store": 0.0, "serialisation": 0.0}
    parse = runtime.nlu.parse

    def timed_parse(*a: object, **k: object) -> object:
        t = time.perf_counter()
        try:
            return parse(*a, **k)  # type: ignore[arg-type]
        finally:
            totals["nlu"] += time.perf_counter() - t

    runtime.nlu.parse = timed_parse  # type: ignore[method-assign]
    count = 0
    for r in range(rounds):
        key = SessionKey(runtime.identity.bot_id, "TSTALIASID", "en_US", f"b-{r}")
        for text in turns:
            t0 = time.perf_counter()
            stored = runtime.store.load(key, time.time())
            t1 = time.perf_counter()
            response, doc = runtime.dialog.run_turn(
                TurnRequest(key, text), stored.data if stored else None
            )
            t2 = time.perf_counter()
            runtime.store.save(
                key,
                doc,
                expected_version=stored.version if stored else 0,
                now=time.time(),
                ttl_seconds=300,
            )
            t3 = time.perf_counter()
            json.dumps(recognize_text_response(response))
            t4 = time.perf_counter()
            totals["store"] += (t1 - t0) + (t3 - t2)
            totals["dialog"] += t2 - t1
            totals["serialisation"] += t4 - t3
            count += 1
    totals["dialog"] -= totals["nlu"]
    return {k: round(v / count * 1000, 4) for k, v in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    seconds = parser.parse_args().seconds
    bot = measure_bot(seconds)
    echo = measure_echo(seconds)
    full = bot["full_load"]
    assert isinstance(full, dict)
    report = {
        "bot": bot,
        "echo": echo,
        "turns_per_s_ratio_to_echo": round(full["requests_per_s"] / echo["requests_per_s"], 3),
        "per_turn_ms": breakdown(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
