from collections import Counter

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.nlu.intent_classifier import IntentClassifier, char_grams

TEXTS = [
    "book a table for two",
    "reserve a table tonight",
    "i need a restaurant booking",
    "what's the weather like",
    "will it rain tomorrow",
    "is it sunny in paris",
    "play some jazz",
    "put on a song by adele",
    "play the latest album",
]
LABELS = ["Book"] * 3 + ["Weather"] * 3 + ["Play"] * 3


@pytest.mark.parametrize("text", ["Hello  world", "a", "ab cd", "Ünïcode wörds here", "x  y z"])
def test_char_grams_match_scikit_learn_char_wb(text):
    sk = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    assert Counter(char_grams(text)) == Counter(sk(text))


def test_classifier_predicts_its_training_intents():
    clf = IntentClassifier.fit(TEXTS, LABELS)
    for text, label in zip(TEXTS, LABELS):
        probs = clf.probabilities(text)
        assert clf.classes[int(np.argmax(probs))] == label


def test_probabilities_sum_to_one():
    clf = IntentClassifier.fit(TEXTS, LABELS)
    assert clf.probabilities("play music in paris").sum() == pytest.approx(1.0)


def test_unknown_words_give_the_prior_not_an_error():
    clf = IntentClassifier.fit(TEXTS, LABELS)
    assert clf.probabilities("zzzz qqqq").shape == (3,)


def test_persisted_classifier_scores_the_same(tmp_path):
    clf = IntentClassifier.fit(TEXTS, LABELS)
    clf.persist(tmp_path)
    again = IntentClassifier.load(tmp_path)
    assert again.classes == clf.classes
    np.testing.assert_allclose(
        again.margins("play jazz in paris"), clf.margins("play jazz in paris")
    )


def test_two_intents_are_supported():
    clf = IntentClassifier.fit(TEXTS[:6], LABELS[:6])
    assert clf.classes[int(np.argmax(clf.probabilities("will it rain")))] == "Weather"
