"""The example bot ships out-of-scope and in-scope test utterances that are not in its training
data; at the default threshold most unrelated requests must fall back and in-scope ones must not."""

from pathlib import Path

from bot.nlu.dataset import read_jsonl
from bot.nlu.types import FALLBACK_INTENT

DATA = Path(__file__).resolve().parent.parent / "data"


def _share(engine, project, ctx, name, expected):
    examples = read_jsonl(DATA / name)
    threshold = project.config.nluConfidenceThreshold
    hits = sum(
        engine.parse(e.text, ctx, threshold=threshold).top.intent == expected(e) for e in examples
    )
    return hits / len(examples), len(examples)


def test_at_least_80_percent_of_out_of_scope_utterances_fall_back(trained_bot, ctx):
    project, engine, _ = trained_bot
    share, n = _share(engine, project, ctx, "oos.jsonl", lambda e: FALLBACK_INTENT)
    assert n >= 50
    assert share >= 0.80


def test_at_least_95_percent_of_in_scope_utterances_keep_their_intent(trained_bot, ctx):
    project, engine, _ = trained_bot
    share, n = _share(engine, project, ctx, "in_scope.jsonl", lambda e: e.intent)
    assert n >= 50
    assert share >= 0.95
