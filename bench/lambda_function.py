"""The example bot as an AWS Lambda function, on this machine: cold start, the handler's duration
per turn, the session item per turn, and what a million turns would cost on Lambda.

Builds the zip with `bot package lambda` (or takes `--package DIR` holding function.zip),
unzips it into an empty folder and runs its handler in fresh interpreters that see nothing else
(`python -I -S`), fed HTTP API events of whole registration conversations, with sessions in moto's
DynamoDB server on loopback. Run from the project root:

    .venv/bin/python bench/lambda_function.py [--conversations 200] [--cold-starts 5]

What is measured is measured here, not on Lambda: the handler's wall and CPU time per turn in
the function's own process, and the DynamoDB calls answered by moto on this machine. Lambda
gives a function CPU in proportion to its memory (one vCPU at 1,769 MB), so the billed duration at
256 and 512 MB is estimated as CPU time × 1,769 / MB plus the time spent waiting on DynamoDB
(measured against moto, which answers slower than DynamoDB does from inside its region). Prices:
us-east-1, x86, as published (see PRICES).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import boto3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.aws_lambda.package import build_package
from bot.sessions.dynamodb_items import item_size, session_pk
from bot.sessions.dynamodb_table import create_table
from bot.turn import SessionKey
from tests.deploy import lambda_events as events
from tests.dynamodb_servers import AWS_TEST_ENV, ENDPOINT_ENV, moto_dynamodb

TOKEN = "bench-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
CONVERSATION = events.REGISTRATION
FULL_VCPU_MB = 1769
PRICES = {
    "lambda_per_request": 0.20 / 1e6,
    "lambda_per_gb_second": 0.0000166667,
    "dynamodb_per_wru": 0.625 / 1e6,
    "dynamodb_per_rru": 0.125 / 1e6,
    "http_api_per_request": 1.00 / 1e6,
}
# The function's process: times each handler call (wall and CPU, all threads) and answers one
# JSON line per event line: {"answer": ..., "wall_ms": ..., "cpu_ms": ...}.
DRIVER = """
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, sys.argv[1])
import bot_lambda
imported = time.perf_counter()
print(json.dumps({"import_ms": (imported - started) * 1000}), flush=True)
for line in sys.stdin:
    event = json.loads(line)
    wall, cpu = time.perf_counter(), time.process_time()
    answer = bot_lambda.handler(event, None)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"answer": answer, "wall_ms": wall * 1000, "cpu_ms": cpu * 1000}), flush=True)
"""


class Function:
    """One execution environment: a fresh interpreter holding the unzipped function."""

    def __init__(self, folder: Path, env: dict[str, str], scratch: Path) -> None:
        driver = scratch / "driver.py"
        driver.write_text(DRIVER)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", str(driver), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=scratch,
        )
        self.import_ms = float(self._line()["import_ms"])

    def _line(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            assert self.proc.stderr is not None
            raise RuntimeError(f"the function died: {self.proc.stderr.read()[-2000:]}")
        return dict(json.loads(line))

    def call(self, event: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(event) + "\n")
        self.proc.stdin.flush()
        return self._line()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def turn(function: Function, bot_id: str, session: str, text: str, action: str) -> dict[str, Any]:
    path = f"/bots/{bot_id}/botAliases/TSTALIASID/botLocales/en_US/sessions/{session}/text"
    result = function.call(events.http_api("POST", path, {"text": text}, AUTH))
    answer = result["answer"]
    if answer["statusCode"] != 200:
        raise RuntimeError(f"{text!r}: HTTP {answer['statusCode']}: {answer['body'][:300]}")
    got = json.loads(answer["body"])["sessionState"]["dialogAction"]["type"]
    if got != action:
        raise RuntimeError(f"{text!r}: {got}, expected {action}")
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def yardstick() -> float:
    started = time.perf_counter()
    s = 0
    for i in range(10_000_000):
        s += i
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, help="folder holding function.zip (default: build)")
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--cold-starts", type=int, default=5)
    args = parser.parse_args()

    loop_seconds = yardstick()
    with tempfile.TemporaryDirectory(prefix="bench-lambda-") as scratch_name:
        scratch = Path(scratch_name)
        if args.package is None:
            # The example bot in English: its optional ja_JP locale's dictionary alone is over
            # Lambda's 250 MB.
            project = scratch / "bot"
            project.mkdir()
            shutil.copy(ROOT / "bot.yaml", project / "bot.yaml")
            for folder_name in ("intents", "training_data"):
                shutil.copytree(ROOT / folder_name, project / folder_name)
            built = build_package(project, scratch / "out")
            zip_path, zip_note = built.zip_path, built.describe()
        else:
            zip_path, zip_note = args.package / "function.zip", str(args.package)
        folder = scratch / "function"
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(folder)
        with moto_dynamodb() as endpoint:
            table = "bench-sessions"
            store = f"dynamodb://{table}?region={events.REGION}"
            os.environ.update({**AWS_TEST_ENV, ENDPOINT_ENV: endpoint})
            create_table(store)
            env = {
                **AWS_TEST_ENV,
                ENDPOINT_ENV: endpoint,
                "PATH": os.environ.get("PATH", ""),
                "HOME": str(scratch),
                "BOT_SESSIONS": store,
                "BOT_API_AUTH": "token",
                "BOT_API_TOKENS": TOKEN,
                "BOT_ALLOWED_HOSTS": events.ALLOWED_HOSTS,
            }
            figures = run(folder, env, scratch, table, args)
    figures["yardstick_loop_seconds"] = round(loop_seconds, 3)
    figures["package"] = zip_note
    print(json.dumps(figures, indent=2))
    cost = figures["cost_per_million_turns_usd"]
    print(
        f"\ncold start {figures['cold_start_ms']['median']:.0f} ms (fresh process → first "
        f"answer); handler {figures['handler_ms']['cpu_mean']:.2f} ms CPU, "
        f"{figures['handler_ms']['wall_p50']:.2f} ms wall p50 per turn; item ≤ "
        f"{figures['item_bytes']['max']} B; per 1M turns before API Gateway: "
        f"${cost['256MB']['before_api_gateway']:.3f} at 256 MB, "
        f"${cost['512MB']['before_api_gateway']:.3f} at 512 MB (Lex: $750)"
    )


def run(
    folder: Path, env: dict[str, str], scratch: Path, table: str, args: argparse.Namespace
) -> dict[str, Any]:
    # Cold starts: process start → module imported → first answer (the app is built then).
    colds, imports = [], []
    bot_id = ""
    for n in range(args.cold_starts):
        function = Function(folder, env, scratch)
        health = function.call(events.http_api("GET", "/health"))
        bot_id = json.loads(health["answer"]["body"])["bot"]["botId"]
        turn(function, bot_id, f"cold-{n}", *CONVERSATION[0])
        colds.append((time.perf_counter() - function.started) * 1000)
        imports.append(function.import_ms)
        function.close()

    # Warm: whole conversations in one execution environment, as Lambda reuses one.
    function = Function(folder, env, scratch)
    function.call(events.http_api("GET", "/health"))
    dynamodb = boto3.client("dynamodb")
    walls, cpus, sizes = [], [], []
    for n in range(args.conversations):
        session = f"user-{n}"
        for text, action in CONVERSATION:
            result = turn(function, bot_id, session, text, action)
            walls.append(result["wall_ms"])
            cpus.append(result["cpu_ms"])
            if n < 20:  # the item's size after each turn of the first conversations
                key = session_pk(SessionKey(bot_id, "TSTALIASID", "en_US", session))
                item = dynamodb.get_item(TableName=table, Key={"pk": {"S": key}})["Item"]
                sizes.append(item_size(item))
    function.close()

    cpu_mean, wall_mean = statistics.fmean(cpus), statistics.fmean(walls)
    io_ms = max(0.0, wall_mean - cpu_mean)
    write_units = math.ceil(max(sizes) / 1024)
    read_units = math.ceil(max(sizes) / 4096)
    cost: dict[str, Any] = {}
    for memory in (256, 512):
        billed_ms = math.ceil(cpu_mean * max(1.0, FULL_VCPU_MB / memory) + io_ms)
        compute = memory / 1024 * billed_ms / 1000 * PRICES["lambda_per_gb_second"] * 1e6
        requests = PRICES["lambda_per_request"] * 1e6
        dynamodb_cost = (
            write_units * PRICES["dynamodb_per_wru"] + read_units * PRICES["dynamodb_per_rru"]
        ) * 1e6
        before = requests + compute + dynamodb_cost
        cost[f"{memory}MB"] = {
            "billed_ms_estimate": billed_ms,
            "lambda_requests": round(requests, 3),
            "lambda_duration": round(compute, 3),
            "dynamodb": round(dynamodb_cost, 3),
            "before_api_gateway": round(before, 3),
            "with_http_api": round(before + PRICES["http_api_per_request"] * 1e6, 3),
        }
    return {
        "cold_start_ms": {
            "median": round(statistics.median(colds), 1),
            "min": round(min(colds), 1),
            "max": round(max(colds), 1),
            "import_median": round(statistics.median(imports), 1),
            "runs": len(colds),
        },
        "turns": len(walls),
        "handler_ms": {
            "wall_mean": round(wall_mean, 3),
            "wall_p50": round(percentile(walls, 0.5), 3),
            "wall_p99": round(percentile(walls, 0.99), 3),
            "cpu_mean": round(cpu_mean, 3),
            "dynamodb_wait_mean": round(io_ms, 3),
        },
        "item_bytes": {"max": max(sizes), "mean": round(statistics.fmean(sizes))},
        "units_per_turn": {"write": write_units, "read_consistent": read_units},
        "cost_per_million_turns_usd": cost,
        "lex_per_million_text_requests_usd": 750,
        "note": (
            "in-process timing of the handler on this machine with DynamoDB answered by moto; "
            "billed duration estimated as CPU × 1769/MB + DynamoDB wait"
        ),
    }


if __name__ == "__main__":
    main()
