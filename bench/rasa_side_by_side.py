"""Our NLU and Rasa 3.6's DIET side by side on the same JSON-lines files: train time, peak
training memory, cold start and memory of each engine's HTTP parse server, parse p50/p99 over
HTTP (`POST /model/parse`), intent accuracy and slot micro-F1 on the test file.

    .venv/bin/python bench/rasa_side_by_side.py [--train F] [--test F] [--epochs 100]
        [--rasa ~/.cache/lexbot-rasa/venv-3.6.21/bin/rasa]

Defaults: SNIPS-70 draw 0 (490 utterances) against the SNIPS test file (700), both from
../shared/datasets. Rasa runs its suggested English pipeline (DIET) with the epochs given.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import yaml

from bot.nlu.dataset import read_jsonl
from bot.nlu.types import Example
from bot.rasa.project import pipeline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
OUT = ROOT / "bench" / "out" / "rasa_side_by_side"
RASA = Path.home() / ".cache" / "lexbot-rasa" / "venv-3.6.21" / "bin" / "rasa"
WARMUP = 20


# ---------------------------------------------------------------- our engine, in child processes


def train_ours(train: Path, model: Path) -> None:
    from bot.nlu.dataset import infer_domain
    from bot.nlu.engine import NLUEngine

    NLUEngine.fit(infer_domain(read_jsonl(train))).persist(model)
    peak = max(resource.getrusage(w).ru_maxrss for w in (0, -1))  # self, pool workers
    print(json.dumps({"peak_rss_mb": peak / 1024}))


def serve_ours(model: Path, port: int) -> None:
    import uvicorn
    from fastapi import Body, FastAPI

    from bot.api.rasa import parse_response
    from bot.nlu.engine import NLUEngine

    engine = NLUEngine.load(model)
    app = FastAPI()

    @app.get("/status")
    def status() -> dict[str, str]:
        return {"model_file": str(model)}

    @app.post("/model/parse")
    def parse(body: dict[str, Any] = Body()) -> dict[str, Any]:  # noqa: B008
        return parse_response(engine.parse(body["text"]))

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


# ---------------------------------------------------------------- Rasa


def write_rasa_project(examples: list[Example], folder: Path, epochs: int) -> None:
    by_intent: dict[str, list[str]] = {}
    entities: set[str] = set()
    for ex in examples:
        text, pos = "", 0
        for e in sorted(ex.entities, key=lambda e: e.start):
            text += ex.text[pos : e.start] + f"[{ex.text[e.start : e.end]}]({e.entity})"
            pos = e.end
            entities.add(e.entity)
        by_intent.setdefault(ex.intent, []).append(text + ex.text[pos:])
    nlu = [{"intent": k, "examples": "".join(f"- {t}\n" for t in v)} for k, v in by_intent.items()]
    (folder / "data").mkdir(parents=True, exist_ok=True)
    dump = yaml.safe_dump
    (folder / "data" / "nlu.yml").write_text(dump({"version": "3.1", "nlu": nlu}))
    domain = {"version": "3.1", "intents": sorted(by_intent), "entities": sorted(entities)}
    (folder / "domain.yml").write_text(dump(domain))
    (folder / "config.yml").write_text(dump(pipeline("en", epochs), sort_keys=False))


# ---------------------------------------------------------------- measuring


def timed_child(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a child and its descendants."""
    probe = (
        "import resource,subprocess,sys,json;r=subprocess.run(sys.argv[1:]).returncode;"
        "print(json.dumps([r,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", probe, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    code, peak = json.loads(done.stdout.strip().splitlines()[-1])
    if code != 0:
        raise SystemExit(f"{command[0]} failed:\n{done.stderr[-3000:]}")
    return seconds, peak / 1024


def served(command: list[str], port: int, cwd: Path | None = None) -> tuple[Any, float]:
    started = time.monotonic()
    log = (OUT / f"server-{port}.log").open("wb")
    process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    while True:
        if process.poll() is not None:
            raise SystemExit(f"server exited: see {log.name}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/status", timeout=2).status_code == 200:
                return process, time.monotonic() - started
        except httpx.HTTPError:
            time.sleep(0.2)


def measure(port: int, test: list[Example], train: list[Example]) -> dict[str, float]:
    url = f"http://127.0.0.1:{port}/model/parse"
    timings, right, tp, fp, fn = [], 0, 0, 0, 0
    with httpx.Client(timeout=30) as client:
        for ex in train[:WARMUP]:
            client.post(url, json={"text": ex.text})
        for ex in test:
            t0 = time.perf_counter()
            answer = client.post(url, json={"text": ex.text}).json()
            timings.append((time.perf_counter() - t0) * 1000)
            right += (answer.get("intent") or {}).get("name") == ex.intent
            gold = {(e.entity, e.start, e.end) for e in ex.entities}
            found = {(e["entity"], e["start"], e["end"]) for e in answer.get("entities", [])}
            tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {
        "intent_accuracy": right / len(test),
        "slot_micro_f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "parse_ms_p50": float(np.percentile(timings, 50)),
        "parse_ms_p99": float(np.percentile(timings, 99)),
    }


def rss_mb(pid: int) -> float:
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def run_engine(name: str, train_cmd, serve_cmd, port, cwd, test, train) -> dict[str, Any]:
    print(f"{name}: training", flush=True)
    seconds, peak = timed_child(train_cmd, cwd)
    print(f"{name}: serving", flush=True)
    process, cold = served(serve_cmd, port, cwd)
    try:
        row = {"engine": name, "train_s": seconds, "train_peak_rss_mb": peak, "cold_start_s": cold}
        row |= measure(port, test, train)
        row["server_rss_mb"] = rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(30)
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_train-ours":
        return train_ours(Path(sys.argv[2]), Path(sys.argv[3]))
    if len(sys.argv) > 1 and sys.argv[1] == "_serve-ours":
        return serve_ours(Path(sys.argv[2]), int(sys.argv[3]))
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", type=Path, default=DATA / "snips-70" / "train-70-s0.jsonl")
    parser.add_argument("--test", type=Path, default=DATA / "snips" / "test.jsonl")
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--rasa", default=str(RASA))
    parser.add_argument("--only", choices=["lexbot", "rasa"], help="Measure one engine.")
    args = parser.parse_args()
    train, test = read_jsonl(args.train), read_jsonl(args.test)
    OUT.mkdir(parents=True, exist_ok=True)
    me = [sys.executable, str(Path(__file__).resolve())]
    rows = []
    if args.only != "rasa":
        rows.append(ours(args, me, test, train))
    if args.only != "lexbot":
        rows.append(rasa(args, test, train))
    table(rows, args, len(train), len(test))


def ours(args: argparse.Namespace, me: list[str], test, train) -> dict[str, Any]:
    return run_engine(
        "lexbot",
        [*me, "_train-ours", str(args.train), str(OUT / "lexbot-model")],
        [*me, "_serve-ours", str(OUT / "lexbot-model"), "5311"],
        5311,
        None,
        test,
        train,
    )


def rasa(args: argparse.Namespace, test, train) -> dict[str, Any]:
    project = OUT / "rasa-project"
    write_rasa_project(train, project, args.epochs)
    model = ["--out", "models", "--fixed-model-name", "nlu"]
    return run_engine(
        f"Rasa 3.6 DIET ({args.epochs} epochs)",
        [args.rasa, "train", "nlu", "--config", "config.yml", "--nlu", "data/nlu.yml", *model],
        [args.rasa, "run", "--enable-api", "--model", "models/nlu.tar.gz", "--port", "5312"],
        5312,
        project,
        test,
        train,
    )


def table(rows: list[dict[str, Any]], args: argparse.Namespace, n_train: int, n_test: int) -> None:
    print(f"\n{n_train} training ({args.train.name}), {n_test} test ({args.test.name})\n")
    print("| engine | train | peak training RSS | cold start | server RSS "
          "| parse p50 / p99 (HTTP) | intent accuracy | slot micro-F1 |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['engine']} | {r['train_s']:.0f} s | {r['train_peak_rss_mb']:.0f} MB "
            f"| {r['cold_start_s']:.1f} s | {r['server_rss_mb']:.0f} MB "
            f"| {r['parse_ms_p50']:.1f} / {r['parse_ms_p99']:.1f} ms "
            f"| {r['intent_accuracy']:.3f} | {r['slot_micro_f1']:.3f} |"
        )  # fmt: skip


if __name__ == "__main__":
    main()
