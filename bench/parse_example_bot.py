"""Parse latency on the example bot: its in-scope and out-of-scope test utterances, and answers
to slot prompts (dates, names, e-mail addresses), after a warm-up on its training examples.

    .venv/bin/python bench/parse_example_bot.py        (from the project root; trains if needed)
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bot.nlu.dataset import read_jsonl
from bot.nlu.engine import ElicitedSlot
from bot.nlu.types import ParseContext
from bot.training import load_model, train_project

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = [
    ("eventDate", "tomorrow"), ("eventDate", "the 12th"), ("eventDate", "12 March 2027"),
    ("eventDate", "next friday please"), ("firstName", "Maria"), ("firstName", "my name is Ana"),
    ("email", "jo@example.com"), ("eventName", "the python conference"),
]  # fmt: skip


def _timed(fn, rounds: int = 5) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    train_project(ROOT)
    project, engine = load_model(ROOT)
    ctx = ParseContext(now=datetime.now(UTC), time_zone=project.config.timeZone)
    for ex in project.domain().examples[:300]:
        engine.parse(ex.text, ctx)
    texts = [
        e.text
        for f in ("in_scope.jsonl", "oos.jsonl")
        for e in read_jsonl(ROOT / "tests" / "data" / f)
    ]
    intents = [t for text in texts for t in _timed(lambda text=text: engine.parse(text, ctx))]
    answers = [
        t
        for slot, text in ANSWERS
        for t in _timed(
            lambda s=slot, x=text: engine.parse(
                x, ctx, elicited=ElicitedSlot("RegisterUserForEvent", s)
            )
        )
    ]
    report = {}
    for name, ms in (("utterance", intents), ("elicited_answer", answers)):
        report[f"{name}_ms_p50"] = round(float(np.percentile(ms, 50)), 4)
        report[f"{name}_ms_p99"] = round(float(np.percentile(ms, 99)), 4)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
