"""Rendering prompts: message choice per group and placeholder substitution."""

from __future__ import annotations

import random

from bot.dialog.prompts import MessageRenderer, substitute
from bot.nlu.types import SlotValue
from bot.project.messages import PromptSpecification, ResponseSpecification
from bot.turn import Button, IntentState, Message, ResponseCard

INTENT = IntentState(
    "OrderPizza",
    {
        "size": SlotValue("big", "large", ["large"]),
        "crust": SlotValue("thin", None, []),
        "toppings": [
            SlotValue("ham", "ham", ["ham"]),
            SlotValue("olive", "olives", ["olives"]),
            SlotValue("basil", "basil", ["basil"]),
        ],
        "drink": None,
    },
)


def _prompt(strategy: str) -> PromptSpecification:
    return PromptSpecification.model_validate(
        {
            "messageGroupsList": [
                {"message": "First?", "variations": ["Second?", "Third?"]},
                "Always.",
            ],
            "messageSelectionStrategy": strategy,
        }
    )


def test_ordered_strategy_picks_the_message_by_attempt():
    renderer = MessageRenderer(random.Random(0))
    said = [renderer.prompt(_prompt("Ordered"), None, {}, attempt) for attempt in range(4)]
    assert [m[0].content for m in said] == ["First?", "Second?", "Third?", "First?"]
    assert all(m[1].content == "Always." for m in said)


def test_random_strategy_uses_the_injected_generator():
    first = MessageRenderer(random.Random(7))
    second = MessageRenderer(random.Random(7))
    picks = [first.prompt(_prompt("Random"), None, {})[0].content for _ in range(20)]
    assert picks == [second.prompt(_prompt("Random"), None, {})[0].content for _ in range(20)]
    assert set(picks) == {"First?", "Second?", "Third?"}


def test_slot_placeholder_says_the_interpreted_value_else_the_original():
    assert substitute("A {size} pizza, {crust} crust", INTENT, {}) == "A large pizza, thin crust"


def test_list_slot_is_said_as_a_list():
    assert substitute("With {toppings}.", INTENT, {}) == "With ham, olives and basil."


def test_unfilled_slot_says_nothing_and_unknown_placeholders_stay():
    assert substitute("[{drink}] {other}", INTENT, {}) == "[] {other}"


def test_session_attribute_placeholder_is_substituted():
    text = "Hey [FirstName], what toppings would you like? [missing]"
    assert substitute(text, None, {"FirstName": "Ana"}) == (
        "Hey Ana, what toppings would you like? [missing]"
    )


def test_custom_payload_is_sent_as_is():
    response = ResponseSpecification.model_validate(
        {"messageGroupsList": [{"message": {"customPayload": {"value": '{"size": "{size}"}'}}}]}
    )
    said = MessageRenderer(random.Random(0)).response(response, INTENT, {})
    assert said == [Message("CustomPayload", '{"size": "{size}"}')]


def test_image_card_texts_are_substituted():
    response = ResponseSpecification.model_validate(
        {
            "messageGroupsList": [
                {
                    "message": {
                        "imageResponseCard": {
                            "title": "A {size} pizza",
                            "subtitle": "for [name]",
                            "buttons": [{"text": "Add {crust}", "value": "{crust}"}],
                        }
                    }
                }
            ]
        }
    )
    said = MessageRenderer(random.Random(0)).response(response, INTENT, {"name": "Ana"})
    assert said == [
        Message(
            "ImageResponseCard",
            card=ResponseCard("A large pizza", "for Ana", None, (Button("Add thin", "thin"),)),
        )
    ]


def test_request_attribute_placeholder_is_substituted_and_never_read_again():
    text = "Answer: ((x-amz-lex:qnA-search-response)) [FirstName] ((unknown))"
    request = {"x-amz-lex:qnA-search-response": "see {size} and [FirstName]"}
    assert substitute(text, INTENT, {"FirstName": "Ana"}, request) == (
        "Answer: see {size} and [FirstName] Ana ((unknown))"
    )


def test_a_message_whose_request_placeholders_all_have_values_is_chosen():
    answer = "x-amz-lex:kendra-search-response-answer-1"
    faq = "x-amz-lex:kendra-search-response-question_answer-answer-1"
    response = ResponseSpecification.model_validate(
        {
            "messageGroupsList": [
                {"message": f"FAQ: (({faq}))", "variations": [f"Answer: (({answer}))"]},
            ]
        }
    )
    renderer = MessageRenderer(random.Random(0))
    said = {renderer.response(response, None, {}, request={answer: "42"})[0] for _ in range(10)}
    assert said == {Message.text("Answer: 42")}
    # With no value for any of them, the group still says one of its messages.
    assert len(renderer.response(response, None, {})) == 1
