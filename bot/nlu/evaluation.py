"""Evaluating the NLU on a JSON-lines train/test pair: accuracy, F1, speed and memory.

Speed is measured single-threaded: the engine is warmed up on training utterances only, then the
test set is parsed once, in order, each parse timed on its own.
"""

from __future__ import annotations

import gc
import random
import resource
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from bot.nlu.dataset import infer_domain
from bot.nlu.engine import DEFAULT_THRESHOLD, NLUEngine
from bot.nlu.sentence_encoder import DEFAULT_PIPELINE
from bot.nlu.types import FALLBACK_INTENT, OUT_OF_SCOPE_LABELS, Example, ParseContext

WARMUP_PARSES = 300


@dataclass
class Evaluation:
    metrics: dict[str, Any]
    per_intent: dict[str, dict[str, float]]
    confusions: list[tuple[str, str, int]]
    predictions: list[dict[str, Any]] = field(default_factory=list)


def _gold(intent: str) -> str:
    return FALLBACK_INTENT if intent in OUT_OF_SCOPE_LABELS else intent


def evaluate(
    train: Sequence[Example],
    test: Sequence[Example],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[str], None] | None = None,
    locale: str = "en_US",
    pipeline: str = DEFAULT_PIPELINE,
) -> Evaluation:
    """Train on `train`, measure on `test`; `locale` is the data's language (e.g. "ja_JP")."""
    run = _Run(pipeline)
    run.measure(train, test, threshold, progress or (lambda _msg: None), locale)
    return run.report(len(train), len(test))


def evaluate_folds(
    examples: Sequence[Example],
    folds: int,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[str], None] | None = None,
    locale: str = "en_US",
    pipeline: str = DEFAULT_PIPELINE,
) -> Evaluation:
    """K-fold cross-validation on one set (folds stratified by intent, fixed shuffle): every
    example is tested once, by a model that did not see it. The report has the keys of
    `evaluate`; `train_seconds` and `n_train` are per fold, on average."""
    if folds < 2:
        raise ValueError("--folds needs at least 2 folds")
    say = progress or (lambda _msg: None)
    parts = split_folds(examples, folds)
    run = _Run(pipeline)
    for k, test in enumerate(parts):
        train = [e for j, part in enumerate(parts) if j != k for e in part]
        run.measure(train, test, threshold, _prefixed(say, f"fold {k + 1}/{folds}: "), locale)
    report = run.report(round(len(examples) * (folds - 1) / folds), len(examples))
    report.metrics["train_seconds"] = round(report.metrics["train_seconds"] / folds, 2)
    report.metrics["folds"] = folds
    return report


def _prefixed(say: Callable[[str], None], prefix: str) -> Callable[[str], None]:
    return lambda msg: say(prefix + msg)


def split_folds(examples: Sequence[Example], folds: int) -> list[list[Example]]:
    """Deal each intent's examples, shuffled with a fixed seed, round-robin into `folds` parts."""
    by_intent: dict[str, list[Example]] = {}
    for ex in examples:
        by_intent.setdefault(ex.intent, []).append(ex)
    parts: list[list[Example]] = [[] for _ in range(folds)]
    rng = random.Random(0)
    turn = 0
    for intent in sorted(by_intent):
        group = by_intent[intent]
        rng.shuffle(group)
        for ex in group:
            parts[turn % folds].append(ex)
            turn += 1
    return parts


class _Run:
    """Predictions, timings and slot counts gathered over one or more train/test pairs."""

    def __init__(self, pipeline: str = DEFAULT_PIPELINE) -> None:
        self.pipeline = pipeline
        self.timings: list[float] = []
        self.predictions: list[dict[str, Any]] = []
        self.train_seconds = 0.0
        self.tp = self.fp = self.fn = 0

    def measure(
        self,
        train: Sequence[Example],
        test: Sequence[Example],
        threshold: float,
        say: Callable[[str], None],
        locale: str,
    ) -> None:
        say(f"training on {len(train)} examples")
        start = time.perf_counter()
        engine = NLUEngine.fit(
            infer_domain(train), progress=say, locale=locale, pipeline=self.pipeline
        )
        self.train_seconds += time.perf_counter() - start
        ctx = ParseContext(now=datetime.now(UTC))

        # A long-lived process keeps the model for its lifetime: moving it out of the
        # collector's reach stops full collections from walking the vocabulary objects.
        gc.collect()
        gc.freeze()
        say("warming up on training utterances")
        for ex in train[:WARMUP_PARSES]:
            engine.parse(ex.text, ctx, threshold=threshold)

        say(f"parsing {len(test)} test utterances")
        for ex in test:
            t0 = time.perf_counter()
            result = engine.parse(ex.text, ctx, threshold=threshold)
            self.timings.append(time.perf_counter() - t0)
            gold = {(e.entity, e.start, e.end) for e in ex.entities}
            found = {(e.slot, e.start, e.end) for e in result.entities}
            self.tp += len(gold & found)
            self.fp += len(found - gold)
            self.fn += len(gold - found)
            self.predictions.append(
                {
                    "text": ex.text,
                    "intent": _gold(ex.intent),
                    "predicted": result.top.intent,
                    "confidence": result.top.confidence,
                    "slots": [
                        {"entity": s, "start": a, "end": b, "value": ex.text[a:b]}
                        for s, a, b in sorted(found, key=lambda x: x[1])
                    ],
                }
            )
        gc.unfreeze()

    def report(self, n_train: int, n_test: int) -> Evaluation:
        tp, fp, fn = self.tp, self.fp, self.fn
        metrics = _intent_metrics(self.predictions)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        ms = np.asarray(self.timings) * 1000
        metrics.update(
            slot_micro_f1=round(2 * precision * recall / (precision + recall), 4) if tp else 0.0,
            slot_precision=round(precision, 4),
            slot_recall=round(recall, 4),
            train_seconds=round(self.train_seconds, 2),
            n_train=n_train,
            n_test=n_test,
            parse_ms_p50=round(float(np.percentile(ms, 50)), 4) if len(ms) else None,
            parse_ms_p99=round(float(np.percentile(ms, 99)), 4) if len(ms) else None,
            peak_rss_mb=round(_peak_rss_mb(), 1),
            pipeline=self.pipeline,
        )
        per_intent, confusions = _per_intent(self.predictions)
        return Evaluation(metrics, per_intent, confusions, self.predictions)


def _intent_metrics(predictions: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [p["predicted"] == p["intent"] for p in predictions]
    out: dict[str, Any] = {"intent_accuracy": round(float(np.mean(ok)), 4) if ok else 0.0}
    labels = sorted({p["intent"] for p in predictions})
    f1s = [_f1(predictions, label) for label in labels]
    out["intent_macro_f1"] = round(float(np.mean(f1s)), 4) if f1s else 0.0
    oos = [p for p in predictions if p["intent"] == FALLBACK_INTENT]
    if oos:
        scope = [p for p in predictions if p["intent"] != FALLBACK_INTENT]
        out["in_scope_accuracy"] = (
            round(float(np.mean([p["predicted"] == p["intent"] for p in scope])), 4)
            if scope
            else None
        )
        out["oos_recall"] = round(
            float(np.mean([p["predicted"] == FALLBACK_INTENT for p in oos])), 4
        )
    return out


def _f1(predictions: list[dict[str, Any]], label: str) -> float:
    tp = sum(p["intent"] == label and p["predicted"] == label for p in predictions)
    fp = sum(p["intent"] != label and p["predicted"] == label for p in predictions)
    fn = sum(p["intent"] == label and p["predicted"] != label for p in predictions)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _per_intent(
    predictions: list[dict[str, Any]],
) -> tuple[dict[str, dict[str, float]], list[tuple[str, str, int]]]:
    table = {}
    for label in sorted({p["intent"] for p in predictions}):
        tp = sum(p["intent"] == label and p["predicted"] == label for p in predictions)
        fp = sum(p["intent"] != label and p["predicted"] == label for p in predictions)
        fn = sum(p["intent"] == label and p["predicted"] != label for p in predictions)
        table[label] = {
            "support": tp + fn,
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "f1": _f1(predictions, label),
        }
    pairs = Counter(
        (p["intent"], p["predicted"]) for p in predictions if p["intent"] != p["predicted"]
    )
    return table, [(a, b, n) for (a, b), n in pairs.most_common(10)]


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024  # Linux reports KiB
