"""Turns per second, latency, memory and cold start of `bot serve` with the example bot, against a
bare FastAPI echo on the same path, measured the way a user would run them.

One uvicorn worker is pinned to core 0 (taskset), wrk to core 1, with one connection per wrk
thread (`-t8 -c8`, bench/conversation.lua): each connection holds one whole registration
conversation at a time, its turns in order, and every answer is checked against the conversation
(status 2xx and the expected dialog action). A wrong answer, a non-2xx one or a socket error is
never counted as a turn: it is reported, and the run exits 1. Each round measures the echo, the
bot with its in-process code hook, the same bot without code hooks, and the echo again; ratios
are against the mean of the two echo runs, whose spread is printed; the same ratios from the
servers' CPU time per request (`cpu_ratio_*`) hold when other work shares the machine, where
throughput does not. SQLite sessions throughout.

Also printed: p50/p99 at a paced ~200 requests/s, peak RSS, cold start (process start to the
first answered turn, model already trained), a per-turn CPU breakdown from a py-spy profile of
the served bot under full load (with `--profile`), and `--workers 2` scaling (with `--scaling`:
the server may use both cores, wrk still on core 1). Run from the project root on an idle
machine (check `uptime`):

    .venv/bin/python bench/turns.py [--seconds 10] [--rounds 3] [--profile] [--scaling]
"""

from __future__ import annotations

import argparse
import json
import linecache
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCRIPT = ROOT / "bench" / "conversation.lua"
CONNECTIONS = 8
ECHO_PATH = "/bots/X/botAliases/TSTALIASID/botLocales/en_US/sessions/"
FAILURES: list[str] = []
# Where a thread waits: threading's and queue's waits, the event loop's select, and a bare
# `.get()` of a C queue (an idle worker).
WAITS = ("Condition.wait", "Event.wait", "Queue.get", "EpollSelector.select")
QUEUE_GET = re.compile(r"\.get\(\)")

# A sample is charged to the first of these its stack meets, from the innermost frame outwards.
CATEGORIES = (
    ("json", ("/json/", "orjson", "bot/strict_json.py")),
    ("store", ("bot/sessions/", "/sqlite3/")),
    ("code hook", ("fulfillment/", "bot/hooks/")),
    ("nlu", ("bot/nlu/",)),
    ("dialog", ("bot/dialog/", "bot/project/")),
    ("wire (request, answer)", ("bot/api/", "bot/lex/", "bot/turn.py", "pydantic")),
    ("observability", ("bot/observability/", "prometheus_client", "/logging/")),
    ("edge (guards, limits, ids)", ("bot/server.py", "bot/security/", "bot/body_limit.py")),
    ("runtime", ("bot/runtime.py",)),
    ("http (uvicorn, starlette)", ("uvicorn/", "starlette/", "fastapi/", "h11/", "httptools")),
    ("event loop", ("asyncio/", "anyio/", "uvloop")),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=0.5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"server at {url} did not start")


def wrk(
    port: int, path: str, seconds: float, *, connections: int = CONNECTIONS, delay_ms: int = 0,
    check: bool = True, what: str = "", pid: int | None = None,
) -> dict[str, object]:  # fmt: skip
    """One wrk run; turns are the 2xx answers the conversation expected, and nothing else. With
    `pid`, also the server's CPU time per turn, which other load on the machine barely moves."""
    env = dict(os.environ, BOT_PATH=path, DELAY_MS=str(delay_ms), CHECK="1" if check else "0")
    cpu = _cpu_seconds(pid) if pid else 0.0
    out = subprocess.run(
        ["taskset", "-c", "1", "wrk", f"-t{connections}", f"-c{connections}", f"-d{seconds}s",
         "--timeout", "5s", "-s", str(SCRIPT), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    lines = out.splitlines()
    fields = next(x for x in lines if x.startswith("RESULT")).split()[1:]
    good, non_2xx, wrong, socket_errors = map(int, fields[:4])
    duration, p50, p99, worst = map(float, fields[4:])
    result: dict[str, object] = {
        "turns_per_s": round(good / duration, 1),
        "turns": good,
        **(
            {"cpu_ms_per_turn": round((_cpu_seconds(pid) - cpu) * 1000 / max(good, 1), 3)}
            if pid
            else {}
        ),
        "p50_ms": round(p50, 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(worst, 1),
    }
    if non_2xx or wrong or socket_errors:
        sample = next((x[7:] for x in lines if x.startswith("SAMPLE ")), "")
        result |= {"non_2xx": non_2xx, "wrong": wrong, "socket_errors": socket_errors}
        result["first_error"] = sample
        FAILURES.append(
            f"{what}: {non_2xx} non-2xx, {wrong} wrong, {socket_errors} socket errors; "
            f"first: {sample[:160]}"
        )
    return result


@contextmanager
def serving(args: list[str], port: int, cores: str = "0") -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(
        ["taskset", "-c", cores, *args, "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bot_without_hooks(folder: Path) -> Path:
    """A copy of the example bot without its `codeHook`, trained."""
    for name in ("intents", "training_data"):
        shutil.copytree(ROOT / name, folder / name)
    config = yaml.safe_load((ROOT / "bot.yaml").read_text())
    config.pop("codeHook", None)
    (folder / "bot.yaml").write_text(yaml.safe_dump(config))
    _train(folder)
    return folder


def _train(project: Path) -> None:
    command = [PYTHON, "-m", "bot.cli", "train", "--project", str(project)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def measure_echo(seconds: float) -> dict[str, object]:
    port = _free_port()
    command = [PYTHON, "-m", "uvicorn", "bench.echo_app:app", "--log-level", "warning"]
    with serving(command, port) as proc:
        _wait(f"http://127.0.0.1:{port}/docs", proc)
        wrk(port, ECHO_PATH, 1, check=False, what="echo warm-up")
        return wrk(port, ECHO_PATH, seconds, check=False, what="echo", pid=proc.pid)


def measure_bot(
    project: Path, seconds: float, *, name: str, workers: int = 1, paced: bool = False,
    profile: bool = False,
) -> dict[str, object]:  # fmt: skip
    port = _free_port()
    sessions = Path(tempfile.mkdtemp(prefix="bench-sessions-")) / "bench.sqlite"
    command = [PYTHON, "-m", "bot.cli", "serve", "--project", str(project),
               "--sessions", f"sqlite:///{sessions}", "--workers", str(workers)]  # fmt: skip
    started = time.monotonic()
    with serving(command, port, cores="0" if workers == 1 else "0,1") as proc:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/health", proc)
        bot_id = httpx.get(f"{base}/health").json()["bot"]["botId"]
        path = f"/bots/{bot_id}/botAliases/TSTALIASID/botLocales/en_US/sessions/"
        first = httpx.post(f"{base}{path}cold-1/text", json={"text": "register me for PyCon"})
        cold_start = time.monotonic() - started
        first.raise_for_status()
        wrk(port, path, 1, what=f"{name} warm-up")
        one = proc.pid if workers == 1 else None
        report: dict[str, object] = {"full_load": wrk(port, path, seconds, what=name, pid=one)}
        if paced:
            # Four connections, each pausing 18 ms between turns: about 200 requests/s.
            at_200 = wrk(port, path, seconds, connections=4, delay_ms=18, what=f"{name} paced")
            report["at_200_rps"] = at_200
        if profile:
            report["served_profile"] = profile_served(proc.pid, port, path, seconds, name)
        if workers == 1:
            report["cold_start_s"] = round(cold_start, 3)
            report["peak_rss_mb"] = round(_peak_rss_mb(proc.pid), 1)
    shutil.rmtree(sessions.parent, ignore_errors=True)
    return report


def profile_served(pid: int, port: int, path: str, seconds: float, name: str) -> dict[str, object]:
    """Per-turn CPU milliseconds of the served path by part: the server's CPU time per turn under
    full load, shared out as py-spy's samples of the thread holding the GIL fall. (Sampling every
    thread instead charges a thread's wait for the GIL to the call that released it: SQLite's,
    `os.urandom`'s.) Time outside the GIL (SQLite's C code, system calls) is shared out too."""
    raw = Path(tempfile.mkdtemp(prefix="bench-profile-")) / "stacks.txt"
    spy = subprocess.Popen(
        ["taskset", "-c", "1", str(Path(PYTHON).parent / "py-spy"), "record", "--pid", str(pid),
         "--nonblocking", "--gil", "--full-filenames", "-r", "250", "-d", str(int(seconds) + 2),
         "-f", "raw", "-o", str(raw)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1)  # py-spy attached
    cpu = _cpu_seconds(pid)
    run = wrk(port, path, seconds, what=f"{name} profiled")
    cpu = _cpu_seconds(pid) - cpu
    spy.wait()
    parts, leaves = _charged(raw.read_text())
    shutil.rmtree(raw.parent, ignore_errors=True)
    total = sum(parts.values()) or 1
    per_turn = cpu * 1000 / max(int(run["turns"]), 1)  # type: ignore[call-overload]
    return {
        "turns_per_s_while_profiled": run["turns_per_s"],
        "cpu_ms_per_turn": round(per_turn, 3),
        "ms_per_turn": {k: round(per_turn * v / total, 3) for k, v in parts.most_common()},
        "hottest_frames_pct": {k: round(100 * v / total, 1) for k, v in leaves.most_common(12)},
    }


def _charged(stacks: str) -> tuple[Counter[str], Counter[str]]:
    parts: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    for line in stacks.splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not count.isdigit() or _waiting(frames[-1]):
            continue
        parts[_category(frames)] += int(count)
        leaves[_short(frames[-1])] += int(count)
    return parts, leaves


def _waiting(frame: str) -> bool:
    """A thread blocked in a wait (py-spy here counts it as active): an idle worker, the event
    loop's select, a turn waiting for its hook. Told by the source line the frame is on."""
    function, _, where = frame.partition(" (")
    if function in WAITS:
        return True
    path, _, number = where.rstrip(")").rpartition(":")
    return number.isdigit() and QUEUE_GET.search(linecache.getline(path, int(number))) is not None


def _category(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, marks in CATEGORIES:
            if any(mark in frame for mark in marks):
                return name
    return "other"


def _short(frame: str) -> str:
    """`function (path/to/file.py:12)` as `function (file.py)`."""
    function, _, where = frame.partition(" (")
    return f"{function} ({where.rpartition('/')[2].partition(':')[0]})"


def _spread(values: list[float]) -> list[float]:
    return [round(min(values), 3), round(max(values), 3)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="py-spy the served bot (round 1)")
    parser.add_argument("--scaling", action="store_true", help="also serve with --workers 2")
    args = parser.parse_args()
    seconds = args.seconds
    load = Path("/proc/loadavg").read_text().split()[:3]
    _train(ROOT)
    bare = bot_without_hooks(Path(tempfile.mkdtemp(prefix="bench-bot-")))
    rounds = []
    try:
        for n in range(args.rounds):
            echo_before = measure_echo(seconds)
            hooks = measure_bot(
                ROOT, seconds, name="bot", paced=True, profile=args.profile and n == 0
            )
            no_hooks = measure_bot(bare, seconds, name="bot without hooks")
            two = measure_bot(ROOT, seconds, name="2 workers", workers=2) if args.scaling else None
            echo_after = measure_echo(seconds)
            rates = [float(e["turns_per_s"]) for e in (echo_before, echo_after)]  # type: ignore[arg-type]
            cpus = [float(e["cpu_ms_per_turn"]) for e in (echo_before, echo_after)]  # type: ignore[arg-type]
            echo, echo_cpu = sum(rates) / 2, sum(cpus) / 2
            one: dict = hooks["full_load"]  # type: ignore[assignment]
            bare_one: dict = no_hooks["full_load"]  # type: ignore[assignment]
            row = {
                "echo_turns_per_s": rates,
                "echo_cpu_ms_per_request": cpus,
                "echo_spread_pct": round(100 * abs(rates[0] - rates[1]) / echo, 1),
                "bot": hooks,
                "bot_without_hooks": no_hooks,
                "ratio_with_hooks": round(one["turns_per_s"] / echo, 3),
                "ratio_without_hooks": round(bare_one["turns_per_s"] / echo, 3),
                # The same ratios from CPU time per request: what one core would serve.
                "cpu_ratio_with_hooks": round(echo_cpu / one["cpu_ms_per_turn"], 3),
                "cpu_ratio_without_hooks": round(echo_cpu / bare_one["cpu_ms_per_turn"], 3),
            }
            if two is not None:
                tps = two["full_load"]["turns_per_s"]  # type: ignore[index]
                row |= {"workers_2": two, "workers_2_scaling": round(tps / one["turns_per_s"], 2)}
            rounds.append(row)
    finally:
        shutil.rmtree(bare, ignore_errors=True)
    summary = {
        key: _spread([float(r[key]) for r in rounds])  # type: ignore[arg-type]
        for key in (
            "ratio_with_hooks",
            "ratio_without_hooks",
            "cpu_ratio_with_hooks",
            "cpu_ratio_without_hooks",
            "echo_spread_pct",
        )
    }
    report = {
        "load_average_before": load,
        "seconds_per_run": seconds,
        "connections": f"-t{CONNECTIONS} -c{CONNECTIONS}",
        "rounds": rounds,
        "summary": summary,
        "failures": FAILURES,
    }
    print(json.dumps(report, indent=2))
    if FAILURES:
        sys.exit(1)


if __name__ == "__main__":
    main()
