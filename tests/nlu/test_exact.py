from bot.nlu.exact import ExactMatcher
from bot.nlu.types import EntitySpan, Example


def test_exact_match_ignores_case_and_punctuation():
    m = ExactMatcher.fit([Example("Hello there", "Greeting")])
    hit = m.match("  hello, THERE! ")
    assert hit is not None and hit[0].intent == "Greeting"


def test_exact_match_keeps_annotated_slots_by_word():
    ex = Example("register me for PyCon", "Register", (EntitySpan(16, 21, "event", "PyCon"),))
    hit = ExactMatcher.fit([ex]).match("Register me for pycon.")
    assert hit is not None
    exact, words = hit
    ((slot, a, b, value),) = exact.slots
    assert (slot, words[a].text, b - a, value) == ("event", "pycon", 1, "PyCon")


def test_the_same_words_for_two_intents_are_not_an_exact_match():
    m = ExactMatcher.fit(
        [Example("stop", "AMAZON.StopIntent"), Example("stop", "AMAZON.CancelIntent")]
    )
    assert m.match("stop") is None


def test_exact_table_round_trips_through_json():
    ex = Example("register me for PyCon", "Register", (EntitySpan(16, 21, "event", "PyCon"),))
    m = ExactMatcher.fit([ex])
    again = ExactMatcher.from_json(m.to_json())
    assert again.match("register me for pycon")[0] == m.match("register me for pycon")[0]
