"""Engine behaviour on small hand-made domains: contexts, free-form answers, multi-valued slots."""

import pytest

from bot.nlu.engine import ElicitedSlot, NLUEngine
from bot.nlu.types import (
    Domain,
    EntitySpan,
    Example,
    IntentSpec,
    SlotSpec,
    SlotTypeSpec,
    SlotTypeValue,
    SlotValue,
)


def _ex(text, intent, *marked):
    spans = []
    for slot, value in marked:
        start = text.index(value)
        spans.append(EntitySpan(start, start + len(value), slot, value))
    return Example(text, intent, tuple(spans))


TOPPINGS = SlotTypeSpec(
    "Topping",
    tuple(SlotTypeValue(v) for v in ["cheese", "ham", "olives", "mushrooms", "peppers"]),
    "TopResolution",
)


@pytest.fixture(scope="module")
def pizza_engine():
    intents = {
        "OrderPizza": IntentSpec(
            "OrderPizza",
            {
                "toppings": SlotSpec("toppings", "Topping", multi_valued=True),
                "note": SlotSpec("note", "AMAZON.FreeFormInput"),
            },
        ),
        "MoreInfo": IntentSpec("MoreInfo", {}, input_contexts=("ordered",)),
        "Hello": IntentSpec("Hello", {}),
    }
    examples = [
        _ex("i want a pizza with cheese and ham", "OrderPizza", ("toppings", "cheese and ham")),
        _ex("order a pizza with olives", "OrderPizza", ("toppings", "olives")),
        _ex(
            "pizza with mushrooms, peppers and olives please",
            "OrderPizza",
            ("toppings", "mushrooms, peppers and olives"),
        ),
        _ex("can i get a pizza", "OrderPizza"),
        _ex("one pizza please", "OrderPizza"),
        _ex("a pizza with ham", "OrderPizza", ("toppings", "ham")),
        _ex("yes tell me more", "MoreInfo"),
        _ex("more details please", "MoreInfo"),
        _ex("tell me more about it", "MoreInfo"),
        _ex("hello", "Hello"),
        _ex("hi there", "Hello"),
        _ex("good morning", "Hello"),
    ]
    domain = Domain(intents, {"Topping": TOPPINGS}, tuple(examples))
    return NLUEngine.fit(domain, workers=1)


def test_multi_valued_slot_lists_each_value(pizza_engine, ctx):
    result = pizza_engine.parse("a pizza with cheese and olives", ctx)
    values = result.top.slots["toppings"]
    assert isinstance(values, list)
    assert [v.interpreted_value for v in values] == ["cheese", "olives"]
    lex = result.top.to_lex()["intent"]["slots"]["toppings"]
    assert lex["shape"] == "List"
    assert [v["value"]["interpretedValue"] for v in lex["values"]] == ["cheese", "olives"]


def test_free_form_answer_takes_the_whole_text(pizza_engine, ctx):
    text = "ring the bell twice, the door is round the back"
    result = pizza_engine.parse(text, ctx, elicited=ElicitedSlot("OrderPizza", "note"))
    value = result.top.slots["note"]
    assert isinstance(value, SlotValue) and value.interpreted_value == text


def test_intent_with_input_context_needs_that_context_active(pizza_engine, ctx):
    assert pizza_engine.parse("tell me more about it", ctx).top.intent != "MoreInfo"
    active = pizza_engine.parse("tell me more about it", ctx, active_contexts={"ordered"})
    assert active.top.intent == "MoreInfo"


def test_top_resolution_drops_a_value_that_is_not_listed(pizza_engine, ctx):
    result = pizza_engine.parse("pizza", ctx, elicited=ElicitedSlot("OrderPizza", "toppings"))
    assert result.source != "elicited"
