from datetime import UTC, datetime

import pytest

from bot.nlu.engine import MAX_INTERPRETATIONS, ElicitedSlot
from bot.nlu.types import FALLBACK_INTENT, ParseContext, SlotValue

REGISTER = "RegisterUserForEvent"


def _value(result, slot):
    value = result.top.slots[slot]
    assert isinstance(value, SlotValue), f"{slot} not filled: {result.top}"
    return value


def test_training_utterance_matches_exactly_with_confidence_one(engine, ctx):
    result = engine.parse("I want to register for an event!", ctx)
    assert (result.source, result.top.intent, result.top.confidence) == ("exact", REGISTER, 1.0)


def test_intent_and_slots_from_a_new_sentence(engine, ctx):
    result = engine.parse("please sign me up for PyCon tomorrow, I'm Maria", ctx)
    assert result.top.intent == REGISTER
    assert _value(result, "eventName").interpreted_value == "PyCon"
    assert _value(result, "eventDate").interpreted_value == "2026-11-24"


def test_synonym_resolves_to_the_canonical_event(engine, ctx):
    value = _value(engine.parse("register me for the python conference", ctx), "eventName")
    assert (value.original_value, value.interpreted_value) == ("the python conference", "PyCon")
    assert value.resolved_values == ["PyCon"]


def test_tomorrow_is_relative_to_the_users_time_zone(engine):
    # 23:30 UTC on the 23rd is already the 24th in Tokyo: tomorrow there is the 25th.
    late = ParseContext(now=datetime(2026, 11, 23, 23, 30, tzinfo=UTC), time_zone="Asia/Tokyo")
    result = engine.parse("register me for PyCon tomorrow", late)
    assert _value(result, "eventDate").interpreted_value == "2026-11-25"


def test_slot_value_spans_point_into_the_text(engine, ctx):
    text = "register me for DevOps Days on 12 March 2027"
    result = engine.parse(text, ctx)
    date = _value(result, "eventDate")
    assert text[date.start : date.end] == "12 March 2027"
    assert date.interpreted_value == "2027-03-12"


def test_unrelated_text_gets_the_fallback_first_without_a_score(engine, ctx):
    result = engine.parse("what is the boiling point of mercury", ctx)
    assert result.top.intent == FALLBACK_INTENT
    assert result.top.confidence is None
    assert result.top.to_lex() == {"intent": {"name": FALLBACK_INTENT, "slots": {}}}


def test_empty_text_gets_the_fallback(engine, ctx):
    assert engine.parse("   ", ctx).top.intent == FALLBACK_INTENT


def test_at_most_five_interpretations_each_listing_the_intents_slots(engine, ctx):
    result = engine.parse("tell me about the AWS Summit", ctx)
    assert 1 < len(result.interpretations) <= MAX_INTERPRETATIONS
    register = [i for i in result.interpretations if i.intent == REGISTER]
    for i in register:
        assert set(i.slots) == {"eventName", "eventDate", "firstName", "email"}


def test_a_high_threshold_puts_the_fallback_first(engine, ctx):
    result = engine.parse("could you tell me more about PyCon", ctx, threshold=0.9999)
    assert result.top.intent == FALLBACK_INTENT
    assert result.interpretations[1].intent != FALLBACK_INTENT
    assert result.interpretations[1].confidence is not None


def test_lex_shape_of_an_interpretation(engine, ctx):
    lex = engine.parse("register me for PyCon", ctx).top.to_lex()
    assert lex["nluConfidence"]["score"] > 0.4
    assert lex["intent"]["slots"]["eventName"] == {
        "value": {
            "originalValue": "PyCon",
            "interpretedValue": "PyCon",
            "resolvedValues": ["PyCon"],
        }
    }
    assert lex["intent"]["slots"]["email"] is None


@pytest.mark.parametrize(
    ("slot", "answer", "interpreted"),
    [
        ("firstName", "Maria", "Maria"),
        ("firstName", "my name is Ana", "Ana"),
        ("eventDate", "the 12th", "2026-12-12"),
        ("eventDate", "tomorrow please", "2026-11-24"),
        ("email", "jo@example.com", "jo@example.com"),
        ("email", "it's jo@example.com thanks", "jo@example.com"),
        ("eventName", "serverless days", "Serverless Days"),
        ("eventName", "I'd like the kubernetes meetup", "Cloud Native Meetup"),
    ],
)
def test_bare_answer_fills_the_elicited_slot(engine, ctx, slot, answer, interpreted):
    result = engine.parse(answer, ctx, elicited=ElicitedSlot(REGISTER, slot))
    assert (result.source, result.top.intent, result.top.confidence) == ("elicited", REGISTER, 1.0)
    assert _value(result, slot).interpreted_value == interpreted


def test_answer_may_volunteer_other_slots(engine, ctx):
    result = engine.parse(
        "PyCon on 12 March 2027", ctx, elicited=ElicitedSlot(REGISTER, "eventName")
    )
    assert _value(result, "eventName").interpreted_value == "PyCon"
    assert _value(result, "eventDate").interpreted_value == "2027-03-12"


def test_answer_that_is_not_a_value_is_parsed_as_an_intent(engine, ctx):
    result = engine.parse("cancel", ctx, elicited=ElicitedSlot(REGISTER, "email"))
    assert result.source != "elicited"
    assert result.top.intent == "AMAZON.CancelIntent"


def test_unknown_elicited_slot_falls_back_to_intent_parsing(engine, ctx):
    result = engine.parse("hello there", ctx, elicited=ElicitedSlot(REGISTER, "noSuchSlot"))
    assert result.top.intent == "Greeting"
