"""Cross-validation, the joint intent/slot view and place-name knowledge, on small shipped data."""

from pathlib import Path

from bot.nlu.dataset import read_jsonl
from bot.nlu.evaluation import evaluate, evaluate_folds, split_folds
from bot.nlu.gazetteer import Gazetteer
from bot.nlu.joint import reorder_by_slots
from bot.nlu.places import holds_places

DATA = Path(__file__).resolve().parent.parent / "data"


def test_folds_split_every_example_once_and_each_intent_evenly():
    examples = read_jsonl(DATA / "in_scope.jsonl")
    parts = split_folds(examples, 3)
    assert sorted(e.text for p in parts for e in p) == sorted(e.text for e in examples)
    register = [sum(e.intent == "RegisterUserForEvent" for e in p) for p in parts]
    assert max(register) - min(register) <= 1


def test_cross_validation_report_keeps_the_keys_of_a_train_test_report():
    examples = read_jsonl(DATA / "in_scope.jsonl")
    folds = evaluate_folds(examples, 3)
    plain = evaluate(examples[::2], examples[1::2])
    assert set(plain.metrics) <= set(folds.metrics)
    assert folds.metrics["n_test"] == len(examples) == len(folds.predictions)
    assert 0 < folds.metrics["intent_accuracy"] <= 1


def _words(text: str) -> list[str]:
    return text.split()


def _gazetteer() -> Gazetteer:
    g = Gazetteer()
    g.add("movie_name", "Medal for the General")
    g.add("object_name", "Pride and Prejudice")
    return g


SLOTS = {
    "SearchScreeningEvent": frozenset({"movie_name", "object_type"}),
    "SearchCreativeWork": frozenset({"object_name", "object_type"}),
}


def test_a_known_value_only_the_runner_up_can_hold_decides_between_two_close_intents():
    ranked = [("SearchCreativeWork", 0.6), ("SearchScreeningEvent", 0.35)]
    words = _words("i want to see medal for the general")
    assert reorder_by_slots(ranked, words, _gazetteer(), SLOTS) == [
        ("SearchScreeningEvent", 0.6),
        ("SearchCreativeWork", 0.35),
    ]


def test_the_joint_view_keeps_the_order_without_evidence_or_for_an_unlikely_runner_up():
    g = _gazetteer()
    close = [("SearchCreativeWork", 0.6), ("SearchScreeningEvent", 0.35)]
    assert reorder_by_slots(close, _words("i want to see pride and prejudice"), g, SLOTS) == close
    far = [("SearchCreativeWork", 0.99), ("SearchScreeningEvent", 0.01)]
    words = _words("i want to see medal for the general")
    assert reorder_by_slots(far, words, g, SLOTS) == far


def test_a_slot_whose_values_are_countries_or_states_holds_places():
    pairs = [("country", "France"), ("country", "japan"), ("country", "Peru"), ("country", "x")]
    assert holds_places(pairs)
    assert not holds_places([("eventName", "PyCon"), ("eventName", "AWS Summit")])
