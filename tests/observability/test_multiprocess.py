"""Several worker processes, one `/metrics`: with `PROMETHEUS_MULTIPROC_DIR` set before they
start, each process writes its values to that folder, and whichever answers the scrape reports
the sum over all of them (prometheus_client's multiprocess mode)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI

from bot.observability import metrics
from bot.observability.endpoint import metrics_routes
from tests.observability.conftest import scrape
from tests.serving import serving_app

ROOT = Path(__file__).resolve().parents[2]

# What one worker records: `turns` answered turns of Greeting, each a fallback too (labels only
# matter here), and one code-hook call.
WORKER = """
import sys
from bot.observability import metrics
from prometheus_client import values
assert values.ValueClass.__name__ == "MmapedValue", values.ValueClass
for _ in range(int(sys.argv[1])):
    metrics.record_turn(api="V2", intent="Greeting", dialog_action="Close", seconds=0.01,
                        fallback=True, confidence=0.9, confidence_intent="Greeting")
metrics.record_hook_call(transport="python", source="dialog", seconds=0.002, error=None)
"""


def run_worker(directory: Path, turns: int) -> None:
    env = {**os.environ, metrics.MULTIPROCESS_ENV: str(directory), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(turns)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_metrics_aggregate_every_worker_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    run_worker(tmp_path, turns=3)
    run_worker(tmp_path, turns=4)
    assert len({p.name.rsplit("_", 1)[-1] for p in tmp_path.glob("*.db")}) == 2  # two pids

    monkeypatch.setenv(metrics.MULTIPROCESS_ENV, str(tmp_path))
    app = FastAPI()
    app.include_router(metrics_routes(None))
    with serving_app(app) as url:
        scraped = scrape(url)

    turns = {"intent": "Greeting", "dialog_action": "Close", "api": "V2"}
    assert scraped.value("bot_turns_total", **turns) == 7
    assert scraped.value("bot_fallbacks_total", api="V2") == 7
    assert scraped.value("bot_turn_duration_seconds_count", api="V2") == 7
    assert scraped.value("bot_nlu_confidence_count", intent="Greeting") == 7
    assert scraped.value("bot_hook_calls_total", transport="python", source="dialog") == 2
    # Only the workers' files are read: this process's own values are not in the sum.
    assert "process_resident_memory_bytes" not in scraped.body


def test_one_process_exposes_its_own_registry(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(metrics.MULTIPROCESS_ENV, raising=False)
    body, content_type = metrics.exposition()
    assert content_type.startswith("text/plain")
    assert b"bot_turns_total" in body
    assert b"process_resident_memory_bytes" in body
