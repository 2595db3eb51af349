"""Engine messages as Slack messages: text always set and escaped, cards as Block Kit within its
limits, a clicked card rewritten to show the choice."""

from __future__ import annotations

import json

from bot.turn import Button, Message, ResponseCard
from channels.slack.rendering import render, render_card, show_choice

CARD = ResponseCard(
    "Upcoming events",
    "Pick one",
    "https://example.com/events.png",
    (Button("PyCon", "PyCon"), Button("AWS Summit", "AWS Summit")),
)


def test_plain_text_is_escaped_and_has_no_blocks():
    slack = render(Message.text("Tom & Jerry <!channel> > all"))
    assert slack is not None
    assert slack.text == "Tom &amp; Jerry &lt;!channel&gt; &gt; all"
    assert slack.blocks == ()


def test_empty_messages_are_not_sent():
    assert render(Message.text("  ")) is None
    assert render(Message("SSML", "<speak></speak>")) is None


def test_ssml_is_read_as_its_words():
    slack = render(Message("SSML", "<speak>Hello <break time='1s'/> there</speak>"))
    assert slack is not None and slack.text == "Hello there"


def test_a_card_becomes_a_section_with_an_image_and_an_actions_block():
    slack = render(Message("ImageResponseCard", card=CARD))
    assert slack is not None
    section, actions = slack.blocks
    assert section == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*Upcoming events*\nPick one"},
        "accessory": {
            "type": "image",
            "image_url": "https://example.com/events.png",
            "alt_text": "Upcoming events",
        },
    }
    assert actions["type"] == "actions"
    assert [(b["text"]["text"], b["value"]) for b in actions["elements"]] == [
        ("PyCon", "PyCon"),
        ("AWS Summit", "AWS Summit"),
    ]
    assert slack.text == "Upcoming events\nPick one\nChoices: PyCon, AWS Summit"


def test_card_buttons_stay_within_block_kit_limits():
    buttons = tuple(Button(f"{i} " + "x" * 100, "v" * 3000) for i in range(7))
    slack = render_card(ResponseCard("T", buttons=buttons))
    (_, actions) = slack.blocks
    elements = actions["elements"]
    assert len(elements) == 5
    assert all(len(b["text"]["text"]) == 75 and len(b["value"]) == 2000 for b in elements)
    assert len({b["action_id"] for b in elements}) == 5


def test_a_card_without_buttons_or_image_is_one_section():
    slack = render_card(ResponseCard("Only a title"))
    assert slack.blocks == (
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Only a title*"}},
    )
    assert slack.text == "Only a title"


def test_a_card_without_a_title_shows_its_image_as_a_block():
    slack = render_card(ResponseCard("", image_url="https://example.com/a.png"))
    assert slack.blocks == (
        {"type": "image", "image_url": "https://example.com/a.png", "alt_text": "image"},
    )
    assert slack.text  # Slack needs a fallback text


def test_without_images_drops_accessories_and_image_blocks():
    slack = render_card(CARD).without_images()
    assert [b["type"] for b in slack.blocks] == ["section", "actions"]
    assert "accessory" not in slack.blocks[0]
    assert not slack.has_images


def test_a_custom_payload_in_slacks_shape_passes_through():
    blocks = [{"type": "divider"}]
    slack = render(Message("CustomPayload", json.dumps({"text": "hi", "blocks": blocks})))
    assert slack is not None and slack.text == "hi" and list(slack.blocks) == blocks
    other = render(Message("CustomPayload", '{"some": "json"}'))
    assert other is not None and other.text == '{"some": "json"}' and other.blocks == ()


def test_a_clicked_card_shows_the_choice_instead_of_its_buttons():
    card = render_card(CARD)
    updated = show_choice(card.blocks, "lex_card_buttons", "PyCon", card.text)
    assert updated.blocks[0] == card.blocks[0]
    assert updated.blocks[1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "You chose: *PyCon*"}],
    }
    assert updated.text.endswith("\nYou chose: PyCon")
