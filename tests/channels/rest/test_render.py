"""The bot's messages in the Rasa REST channel's output shape (pure functions)."""

from __future__ import annotations

from bot.turn import Button, Message, ResponseCard
from channels.rest import render


def test_a_card_is_its_text_with_its_buttons_then_its_image() -> None:
    card = ResponseCard("PyCon", "Friday", "https://e.com/p.png", (Button("Yes", "yes"),))
    assert render("u", [Message.text("Sure."), Message("ImageResponseCard", card=card)]) == [
        {"recipient_id": "u", "text": "Sure."},
        {
            "recipient_id": "u",
            "text": "PyCon\nFriday",
            "buttons": [{"title": "Yes", "payload": "yes"}],
        },
        {"recipient_id": "u", "image": "https://e.com/p.png"},
    ]


def test_a_card_without_buttons_is_text_and_image() -> None:
    card = ResponseCard("PyCon", None, "https://e.com/p.png")
    assert render("u", [Message("ImageResponseCard", card=card)]) == [
        {"recipient_id": "u", "text": "PyCon"},
        {"recipient_id": "u", "image": "https://e.com/p.png"},
    ]


def test_ssml_is_text_and_a_json_custom_payload_is_custom() -> None:
    messages = [
        Message("SSML", "<speak>Hello <break/>there</speak>"),
        Message("CustomPayload", '{"widget": "calendar"}'),
        Message("CustomPayload", "plain words"),
    ]
    assert render("u", messages) == [
        {"recipient_id": "u", "text": "Hello there"},
        {"recipient_id": "u", "custom": {"widget": "calendar"}},
        {"recipient_id": "u", "text": "plain words"},
    ]
