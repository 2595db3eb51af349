"""Rendering the bot's messages for Messenger, within its limits (pure functions)."""

from __future__ import annotations

from bot.turn import Button, Message, ResponseCard
from channels.facebook.render import card_text, render, split_text


def _card(buttons: int, **fields: str) -> Message:
    card = ResponseCard(
        title=fields.get("title", "Upcoming events"),
        subtitle=fields.get("subtitle"),
        image_url=fields.get("image_url"),
        buttons=tuple(Button(f"Event {n}", f"event-{n}") for n in range(1, buttons + 1)),
    )
    return Message("ImageResponseCard", card=card)


def test_a_card_with_up_to_three_buttons_is_a_generic_template() -> None:
    (sent,) = render([_card(3, subtitle="Pick one", image_url="https://example.com/e.png")])
    assert sent == {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "generic",
                "elements": [
                    {
                        "title": "Upcoming events",
                        "subtitle": "Pick one",
                        "image_url": "https://example.com/e.png",
                        "buttons": [
                            {"type": "postback", "title": f"Event {n}", "payload": f"event-{n}"}
                            for n in (1, 2, 3)
                        ],
                    }
                ],
            },
        }
    }


def test_template_titles_are_clipped_to_messenger_limits() -> None:
    card = ResponseCard("T" * 250, "S" * 250, None, (Button("A very long button label", "v"),))
    (sent,) = render([Message("ImageResponseCard", card=card)])
    (element,) = sent["attachment"]["payload"]["elements"]
    assert len(element["title"]) == 80 and element["title"].endswith("…")
    assert len(element["subtitle"]) == 80
    assert element["buttons"][0]["title"] == "A very long button…"  # ≤ 20, cut at a word
    assert element["buttons"][0]["payload"] == "v"


def test_a_card_with_more_buttons_is_text_with_quick_replies_after_its_image() -> None:
    image, choices = render([_card(5, subtitle="Pick one", image_url="https://example.com/e.png")])
    assert image == {
        "attachment": {
            "type": "image",
            "payload": {"url": "https://example.com/e.png", "is_reusable": True},
        }
    }
    assert choices["text"] == "Upcoming events\nPick one"
    assert choices["quick_replies"][4] == {
        "content_type": "text",
        "title": "Event 5",
        "payload": "event-5",
    }


def test_quick_replies_stop_at_thirteen() -> None:
    (choices,) = render([_card(20)])
    assert len(choices["quick_replies"]) == 13


def test_a_card_with_only_a_title_degrades_to_text() -> None:
    assert render([_card(0)]) == [{"text": "Upcoming events"}]
    assert card_text(ResponseCard("Title", "Subtitle")) == "Title\nSubtitle"


def test_texts_over_2000_characters_are_split_at_spaces() -> None:
    text = ("word " * 900).strip()  # 4,499 characters
    parts = split_text(text)
    assert [len(p) <= 2000 for p in parts] == [True, True, True]
    assert " ".join(parts) == text
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in parts)


def test_a_split_prefers_a_line_break_and_cuts_hard_without_spaces() -> None:
    paragraph = "a" * 1500 + "\n" + "b " * 400
    assert split_text(paragraph)[0] == "a" * 1500
    assert [len(p) for p in split_text("x" * 4100)] == [2000, 2000, 100]


def test_a_long_text_keeps_its_quick_replies_on_the_last_piece() -> None:
    card = ResponseCard("t " * 1500, None, None, tuple(Button(str(n), str(n)) for n in range(4)))
    sent = render([Message("ImageResponseCard", card=card)])
    assert len(sent) == 2
    assert "quick_replies" not in sent[0] and len(sent[1]["quick_replies"]) == 4


def test_ssml_is_sent_as_its_text() -> None:
    ssml = Message("SSML", "<speak>Fish &amp; chips <break time='1s'/>at noon</speak>")
    assert render([ssml]) == [{"text": "Fish & chips at noon"}]


def test_a_custom_payload_that_is_a_messenger_message_is_sent_as_it_is() -> None:
    native = '{"attachment": {"type": "image", "payload": {"url": "https://e.com/i.png"}}}'
    assert render([Message("CustomPayload", native)]) == [
        {"attachment": {"type": "image", "payload": {"url": "https://e.com/i.png"}}}
    ]
    assert render([Message("CustomPayload", '{"widget": 1}')]) == [{"text": '{"widget": 1}'}]
