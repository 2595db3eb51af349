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
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

import httpx
import redis
from _serving import wait_until_up

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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


# ------------------------------------------------------------------ the machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def yardstick() -> float:
    """Seconds for `s = 0; for i in range(10_000_000): s += i`: this machine's speed, now."""
    started = time.perf_counter()
    s = 0
    for i in range(10_000_000):
        s += i
    return round(time.perf_counter() - started, 3)


def machine() -> dict[str, object]:
    return {
        "cores": len(os.sched_getaffinity(0)),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "yardstick_s": yardstick(),
    }


def group_cpu(pgid: int) -> dict[int, float]:
    """CPU seconds (user + system) of every live process in process group `pgid`, by pid."""
    used = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if int(fields[2]) == pgid:
            used[int(entry)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return used


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_cpu() -> float:
    """CPU seconds every process of the machine has used since boot (from /proc/stat): what is
    not ours of it shows how much another job took from the measurement."""
    ticks = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, ticks[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


# ------------------------------------------------------------------ processes we start


@contextmanager
def started(
    args: list[str], log: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `args` in a process group of its own (its id is the pid), output to `log`; at exit,
    SIGTERM it (a supervisor lets its workers drain), then SIGKILL whatever is left."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # orphans of a supervisor that died
        except ProcessLookupError:
            pass


@contextmanager
def redis_server(folder: Path) -> Iterator[tuple[str, int]]:
    """A throwaway `redis-server` on a free loopback port: its URL and process group."""
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(folder)]  # fmt: skip
    with started(args, folder / "redis.log") as proc:
        client = redis.Redis(port=port, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start: {folder / 'redis.log'}")
                time.sleep(0.05)
        client.close()
        yield f"redis://127.0.0.1:{port}/0", proc.pid


@contextmanager
def bot_server(
    store_url: str, workers: int, log: Path, env: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """`bot serve --workers N` on a free port, answering and idle: its base URL and group."""
    port = free_port()
    args = [PYTHON, "-m", "bot.cli", "serve", "--port", str(port), "--sessions", store_url,
            "--workers", str(workers)]  # fmt: skip
    with started(args, log, env) as proc:
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}/health", proc)
            wait_until_idle(proc.pid, workers)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}; server log: {log.read_text()[-2000:]}") from None
        yield base, proc.pid


def wait_until_idle(pgid: int, workers: int, timeout: float = 60) -> None:
    """/health answers as soon as one worker is up: wait until all N are there and have
    finished loading (the group has used under 5 % of a core for half a second)."""
    deadline = time.monotonic() + timeout
    before = group_cpu(pgid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = group_cpu(pgid)
        busy = sum(now.values()) - sum(before.get(pid, 0.0) for pid in now)
        if len(now) >= workers + (workers > 1) and busy < 0.025:  # + the supervisor
            return
        before = now
    raise RuntimeError(f"the {workers} workers did not settle within {timeout:.0f} s")


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
        before = (own_cpu(), group_cpu(server_group), group_cpu(redis_group), machine_cpu())
        await asyncio.sleep(seconds)
        after = (own_cpu(), group_cpu(server_group), group_cpu(redis_group), machine_cpu())
        stop.set()
        await asyncio.gather(*tasks)
    return figures(tally, seconds, before, after)


def figures(tally: Tally, seconds: float, before: tuple, after: tuple) -> dict[str, object]:
    """Turns, latency and cores used in the window, from CPU snapshots taken at its ends
    (this process, the server's processes, Redis's, the whole machine)."""
    latencies = sorted(tally.latencies_ms)
    turns = len(latencies)

    def percentile(p: float) -> float:
        return round(latencies[min(turns - 1, int(p / 100 * turns))], 2) if turns else 0.0

    def per_process(index: int) -> list[float]:
        return [(cpu - before[index].get(pid, 0.0)) / seconds for pid, cpu in after[index].items()]

    client = (after[0] - before[0]) / seconds
    server, redis_ = per_process(1), sum(per_process(2))
    machine_ = (after[3] - before[3]) / seconds
    return {
        "turns_per_s": round(turns / seconds, 1),
        "p50_ms": percentile(50),
        "p99_ms": percentile(99),
        "turns": turns,
        "conversations": tally.conversations,
        "errors": len(tally.errors),
        "first_errors": tally.errors[:5],
        "cores_used": {
            "load_generator": round(client, 2),
            "bot_serve": round(sum(server), 2),
            "bot_serve_by_process": sorted(
                (round(c, 2) for c in server if c > 0.005), reverse=True
            ),
            "redis": round(redis_, 2),
            # Anything else running on the machine meanwhile (another job disturbs the figures).
            "other_processes": round(max(machine_ - client - sum(server) - redis_, 0.0), 2),
        },
        "load_generator_cpu_ms_per_turn": round(client * seconds * 1000 / turns, 3)
        if turns
        else None,
    }


# ------------------------------------------------------------------ the bench


def run(args: argparse.Namespace) -> dict[str, object]:
    report: dict[str, object] = {"machine": machine()}
    subprocess.run([PYTHON, "-m", "bot.cli", "train"], cwd=ROOT, check=True, capture_output=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    runs: list[dict[str, object]] = []
    env = dict(os.environ)
    if args.hook_workers:
        env["BOT_HOOK_WORKERS"] = str(args.hook_workers)
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
