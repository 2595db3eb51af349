"""Turns per second and latency of `bot serve --workers N` (N = 1, 2, 4) on one Redis, over the
Lex V2 RecognizeText route, with whole registration conversations of the example bot.

Starts its own `redis-server` (free loopback port, no persistence) and, for each N, a
`bot serve --workers N --sessions redis://…` on a free port, and stops them at the end, even on
error. The load generator is this process: asyncio, `--sessions` concurrent sessions, each
session's turns strictly in order, every answer checked (HTTP 200, the dialog action and slot
the turn must give); a new session, on a new connection, after each completed conversation.
Nothing is pinned: the load generator, the workers and Redis share the machine's cores, and the
output says how much of them each took. Run from the project root:

    .venv/bin/python bench/workers.py [--seconds 10] [--sessions 16] [--workers 1 2 4]
        [--client raw|httpx] [--hook-workers N]

Prints JSON on stdout and a short summary on stderr; exits 1 on any error or wrong answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

import httpx
from _measured_server import (
    CpuSnapshot,
    bot_server,
    cores_used,
    cpu_snapshot,
    machine,
    percentile,
    redis_server,
    server_env,
    train_example_bot,
)


class Turn(NamedTuple):
    text: str
    action: str  # the dialogAction.type the answer must have
    slot: str | None  # and the slot it elicits


# The README's example conversation; each answer is checked against its row.
CONVERSATION = (
    Turn("register me for PyCon", "ElicitSlot", "eventDate"),
    Turn("tomorrow", "ElicitSlot", "firstName"),
    Turn("Maria", "ElicitSlot", "email"),
    Turn("maria@example.com", "ConfirmIntent", None),
    Turn("yes", "Close", None),
)


# ------------------------------------------------------------------ two HTTP clients


class Http(Protocol):
    async def post(self, path: str, body: bytes, *, last: bool) -> tuple[int, bytes]: ...

    async def close(self) -> None: ...


class RawHttp:
    """HTTP/1.1 over asyncio streams, one keep-alive connection per conversation. About 0.2 ms
    of CPU per turn here, against 1.6-2.1 ms for httpx: with httpx the client, not the server,
    would be measured."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: bytes, *, last: bool) -> tuple[int, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        close = b"Connection: close\r\n" if last else b""
        writer.write(
            b"POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n%s\r\n%s"
            % (path.encode(), self.host.encode(), self.port, len(body), close, body)
        )
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = next(
            (int(v) for k, _, v in (x.partition(b":") for x in lines[1:])
             if k.strip().lower() == b"content-length"),
            None,
        )  # fmt: skip
        if length is None:
            raise ValueError(f"answer without Content-Length: {head!r}")
        answer = await reader.readexactly(length)
        if last:
            await self.close()
        return status, answer

    async def close(self) -> None:
        if self._streams is not None:
            writer = self._streams[1]
            self._streams = None
            writer.close()
            await writer.wait_closed()


class HttpxHttp:
    """httpx's AsyncClient, shared by all sessions; `Connection: close` on a conversation's last
    turn, so the next conversation connects anew (to whichever worker accepts)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(self, path: str, body: bytes, *, last: bool) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"}
        if last:
            headers["Connection"] = "close"
        answer = await self.client.post(path, content=body, headers=headers)
        return answer.status_code, answer.content

    async def close(self) -> None:
        pass


# ------------------------------------------------------------------ the load


@dataclass
class Tally:
    window: tuple[float, float] = (float("inf"), float("inf"))
    latencies_ms: list[float] = field(default_factory=list)
    conversations: int = 0
    errors: list[str] = field(default_factory=list)

    def counts(self, done: float) -> bool:
        return self.window[0] <= done < self.window[1]


def wrong_answer(status: int, body: bytes, turn: Turn) -> str | None:
    """Why this answer is not the one `turn` must get; None when it is."""
    if status != 200:
        return f"{turn.text!r}: HTTP {status} {body[:200]!r}"
    try:
        state = json.loads(body)["sessionState"]
        action, intent = state["dialogAction"], state["intent"]
        got = (action["type"], action.get("slotToElicit"), intent["name"], intent["state"])
    except (ValueError, KeyError, TypeError):
        return f"{turn.text!r}: malformed answer {body[:200]!r}"
    closed = "Fulfilled" if turn.action == "Close" else "InProgress"
    if got != (turn.action, turn.slot, "RegisterUserForEvent", closed):
        return f"{turn.text!r}: got {got}, expected {(turn.action, turn.slot, closed)}"
    return None


async def converse(
    http: Http, path: str, tally: Tally, stop: asyncio.Event, ids: Iterator[str]
) -> None:
    """Whole conversations, one after another, until `stop`; each turn waits for its answer."""
    while not stop.is_set():
        session = f"{path}{next(ids)}/text"
        for i, turn in enumerate(CONVERSATION):
            last = i == len(CONVERSATION) - 1
            request = json.dumps({"text": turn.text}).encode()
            started_at = time.perf_counter()
            try:
                status, body = await http.post(session, request, last=last)
                problem = wrong_answer(status, body, turn)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                    httpx.HTTPError, ValueError, IndexError) as exc:  # fmt: skip
                problem = f"{turn.text!r}: {type(exc).__name__}: {exc}"
            done = time.perf_counter()
            if problem is not None:
                tally.errors.append(problem)
                await http.close()
                break  # a new session, on a new connection
            if tally.counts(done):
                tally.latencies_ms.append((done - started_at) * 1000)
                tally.conversations += last
            if stop.is_set():
                await http.close()
                break


async def measure(
    base: str, bot_id: str, client: str, sessions: int, warmup: float, seconds: float,
    server_group: int, redis_group: int,
) -> dict[str, object]:  # fmt: skip
    """Drive the server for `warmup` + `seconds`; the figures of the last `seconds`."""
    path = f"/bots/{bot_id}/botAliases/TSTALIASID/botLocales/en_US/sessions/"
    run = secrets.token_hex(4)
    ids = (f"bench-{run}-{n}" for n in range(10**9))
    tally, stop = Tally(), asyncio.Event()
    host, port = base.removeprefix("http://").split(":")
    limits = httpx.Limits(max_connections=sessions, max_keepalive_connections=sessions)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as shared:
        https: list[Http] = [
            RawHttp(host, int(port)) if client == "raw" else HttpxHttp(shared)
            for _ in range(sessions)
        ]
        tasks = [asyncio.create_task(converse(h, path, tally, stop, ids)) for h in https]
        await asyncio.sleep(warmup)
        tally.window = (time.perf_counter(), time.perf_counter() + seconds)
        before = cpu_snapshot(server_group, redis_group)
        await asyncio.sleep(seconds)
        after = cpu_snapshot(server_group, redis_group)
        stop.set()
        await asyncio.gather(*tasks)
    return figures(tally, seconds, before, after)


def figures(
    tally: Tally, seconds: float, before: CpuSnapshot, after: CpuSnapshot
) -> dict[str, object]:
    """Turns, latency and cores used in the window, from CPU snapshots taken at its ends."""
    latencies = sorted(tally.latencies_ms)
    turns = len(latencies)
    own_ms = (after.own - before.own) * 1000
    return {
        "turns_per_s": round(turns / seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 2) if turns else 0.0,
        "p99_ms": round(percentile(latencies, 99), 2) if turns else 0.0,
        "turns": turns,
        "conversations": tally.conversations,
        "errors": len(tally.errors),
        "first_errors": tally.errors[:5],
        "cores_used": cores_used(before, after, seconds, "load_generator"),
        "load_generator_cpu_ms_per_turn": round(own_ms / turns, 3) if turns else None,
    }


# ------------------------------------------------------------------ the bench


def run(args: argparse.Namespace) -> dict[str, object]:
    report: dict[str, object] = {"machine": machine()}
    train_example_bot()
    folder = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    runs: list[dict[str, object]] = []
    env = server_env(args.hook_workers)
    try:
        with redis_server(folder) as (store_url, redis_group):
            for workers in args.workers:
                log = folder / f"serve-{workers}.log"
                with bot_server(store_url, workers, log, env) as (base, server_group):
                    bot_id = httpx.get(f"{base}/health").json()["bot"]["botId"]
                    result = asyncio.run(
                        measure(base, bot_id, args.client, args.sessions, args.warmup,
                                args.seconds, server_group, redis_group)
                    )  # fmt: skip
                runs.append({"workers": workers, **result})
                print(f"workers={workers}: {result['turns_per_s']} turns/s", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base_rate = next((r["turns_per_s"] for r in runs if r["workers"] == 1), None)
    for r in runs:
        r["scaling_vs_1_worker"] = round(r["turns_per_s"] / base_rate, 2) if base_rate else None
    report["setup"] = {
        "client": args.client,
        "concurrent_sessions": args.sessions,
        "hook_workers": args.hook_workers or "default",
        "warmup_s": args.warmup,
        "measured_s": args.seconds,
        "turns": [t.text for t in CONVERSATION],
        "sharing": f"load generator, bot serve workers and redis-server all ran unpinned on "
        f"the same {len(os.sched_getaffinity(0))} cores",
    }
    report["runs"] = runs
    return report


def summary(report: dict) -> str:
    m = report["machine"]
    setup = report["setup"]
    head = (
        f"{m['cores']} cores shared by the load generator ({setup['client']} client, "
        f"{setup['concurrent_sessions']} sessions), the workers and Redis; yardstick "
        f"{m['yardstick_s']} s; load average before {m['load_average_before']}"
    )
    lines = [head]
    for r in report["runs"]:
        c = r["cores_used"]
        lines.append(
            f"--workers {r['workers']}: {r['turns_per_s']:>7} turns/s  p50 {r['p50_ms']} ms  "
            f"p99 {r['p99_ms']} ms  errors {r['errors']}  x{r['scaling_vs_1_worker']} vs 1  "
            f"(cores: client {c['load_generator']}, workers {c['bot_serve']}, redis {c['redis']}, "
            f"other processes {c['other_processes']})"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--sessions", type=int, default=16, help="concurrent sessions")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    parser.add_argument(
        "--hook-workers", type=int, default=0, help="BOT_HOOK_WORKERS (default: the product's)"
    )
    report = run(parser.parse_args())
    print(json.dumps(report, indent=2))
    print(summary(report), file=sys.stderr)
    failed = [r for r in report["runs"] if r["errors"] or not r["turns"]]
    if failed:
        sys.exit(
            f"FAILED: errors or no answered turn with --workers {[r['workers'] for r in failed]}"
        )


if __name__ == "__main__":
    main()
