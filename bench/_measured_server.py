"""The server side of bench/workers.py and bench/duplicates.py: a throwaway `redis-server` and a
`bot serve --workers N` on it, each on a free loopback port, waited for, and stopped at the end
even on error; and what frames their figures (the machine's speed, the cores each process took,
percentiles, the errors the server logged). It never generates load nor judges an answer: each
benchmark brings its own.
"""

from __future__ import annotations

import asyncio
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import NamedTuple

import redis
from _serving import wait_until_up

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def train_example_bot() -> None:
    subprocess.run([PYTHON, "-m", "bot.cli", "train"], cwd=ROOT, check=True, capture_output=True)


def server_env(hook_workers: int, **extra: str) -> dict[str, str]:
    """This process's environment plus `extra`, and BOT_HOOK_WORKERS when one is given (0: the
    product's default)."""
    env = dict(os.environ, **extra)
    if hook_workers:
        env["BOT_HOOK_WORKERS"] = str(hook_workers)
    return env


# ------------------------------------------------------------------ the machine


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


def percentile(ordered: list[float], p: float) -> float:
    """The `p`th percentile of a sorted, non-empty list (nearest rank, no interpolation)."""
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


# ------------------------------------------------------------------ CPU used


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


class CpuSnapshot(NamedTuple):
    own: float  # this process: the load generator (and whatever fake it serves)
    server: dict[int, float]
    redis: dict[int, float]
    machine: float


def cpu_snapshot(server_group: int, redis_group: int) -> CpuSnapshot:
    return CpuSnapshot(own_cpu(), group_cpu(server_group), group_cpu(redis_group), machine_cpu())


def cores_used(
    before: CpuSnapshot, after: CpuSnapshot, seconds: float, own: str
) -> dict[str, object]:
    """Cores each party used over `seconds`, from two snapshots; `own` names this process."""

    def per_process(b: dict[int, float], a: dict[int, float]) -> list[float]:
        return [(cpu - b.get(pid, 0.0)) / seconds for pid, cpu in a.items()]

    mine = (after.own - before.own) / seconds
    server = per_process(before.server, after.server)
    redis_ = sum(per_process(before.redis, after.redis))
    everyone = (after.machine - before.machine) / seconds
    return {
        own: round(mine, 2),
        "bot_serve": round(sum(server), 2),
        "bot_serve_by_process": sorted((round(c, 2) for c in server if c > 0.005), reverse=True),
        "redis": round(redis_, 2),
        # Anything else running on the machine meanwhile (another job disturbs the figures).
        "other_processes": round(max(everyone - mine - sum(server) - redis_, 0.0), 2),
    }


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


@asynccontextmanager
async def bot_server_off_loop(
    store_url: str, workers: int, log: Path, env: dict[str, str] | None = None
) -> AsyncIterator[tuple[str, int]]:
    """`bot_server`, its blocking start and stop run in a thread: the caller's event loop goes on
    meanwhile (bench/duplicates.py serves its fake Slack from it)."""
    server = bot_server(store_url, workers, log, env)
    address = await asyncio.to_thread(server.__enter__)
    try:
        yield address
    finally:
        await asyncio.to_thread(server.__exit__, None, None, None)


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


# ------------------------------------------------------------------ what the server logged

_ERROR = re.compile(r"^\S.*(Error|Exception|failed|refused)")  # a log line or a traceback's last


def logged_since(log: Path, offset: int) -> list[str]:
    """The lines of `log` past byte `offset` (its size once the server answered: the banner)."""
    with log.open("rb") as f:
        f.seek(offset)
        return f.read().decode(errors="replace").splitlines()


def commonest_errors(lines: list[str], most: int = 5) -> list[tuple[str, int]]:
    """The error lines among `lines` and how often each came, ids and numbers masked (lines
    that differ by ids only are one)."""
    shapes = (re.sub(r"[0-9a-f]{8,}|\d+", "#", x)[:200] for x in lines if _ERROR.match(x))
    return Counter(shapes).most_common(most)
