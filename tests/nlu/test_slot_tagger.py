from bot.nlu.gazetteer import Gazetteer, own_values
from bot.nlu.slot_tagger import SlotTaggers, TaggedSpan, bio_tags, spans_from_tags
from bot.nlu.tokens import tokenize
from bot.nlu.types import EntitySpan, Example


def _example(text: str, intent: str, *marked: tuple[str, str]) -> Example:
    spans = []
    for slot, value in marked:
        start = text.index(value)
        spans.append(EntitySpan(start, start + len(value), slot, value))
    return Example(text, intent, tuple(spans))


def test_bio_tags_and_spans_round_trip():
    ex = _example("fly from new york to paris", "Fly", ("from", "new york"), ("to", "paris"))
    tokens = tokenize(ex.text)
    tags = bio_tags(tokens, ex)
    assert tags == ["O", "O", "B-from", "I-from", "O", "B-to"]
    assert spans_from_tags(tokens, tags) == [TaggedSpan("from", 9, 17), TaggedSpan("to", 21, 26)]


def test_tagged_span_never_ends_on_sentence_punctuation():
    tokens = tokenize("play Help! I Need Somebody?")
    tags = ["O", "B-track", "I-track", "I-track", "I-track", "I-track", "I-track"]
    assert spans_from_tags(tokens, tags) == [TaggedSpan("track", 5, 26)]
    assert spans_from_tags(tokenize("rate it ?"), ["O", "O", "B-rating"]) == []


def test_gazetteer_leaves_an_examples_own_value_out():
    g = Gazetteer()
    g.add("city", "paris")
    own = own_values([("city", "paris")])
    assert g.features(["paris"]) == [["gB=city", "gALL=city"]]
    assert g.features(["paris"], own) == [[]]


def test_gazetteer_keeps_values_seen_elsewhere():
    g = Gazetteer()
    g.add("city", "paris")
    g.add("city", "paris")
    assert "gB=city" in g.features(["to", "paris"], own_values([("city", "paris")]))[1]


def test_tagger_learns_slots_per_intent(tmp_path):
    cities = ["paris", "london", "rome", "berlin", "madrid", "oslo", "vienna", "dublin"]
    examples = []
    for i, a in enumerate(cities):
        b = cities[(i + 3) % len(cities)]
        examples.append(_example(f"fly from {a} to {b}", "Fly", ("from", a), ("to", b)))
        examples.append(_example(f"a flight to {b} from {a} please", "Fly", ("to", b), ("from", a)))
    g = Gazetteer()
    taggers = SlotTaggers.fit(examples, g, tmp_path)
    text = "fly from lisbon to prague"
    spans = taggers.tag("Fly", tokenize(text))
    assert [(s.slot, text[s.start : s.end]) for s in spans] == [
        ("from", "lisbon"),
        ("to", "prague"),
    ]
    assert taggers.tag("Unknown", tokenize(text)) == []
