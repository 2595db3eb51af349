"""Whole conversations over Messenger: text, quick replies and postbacks in, texts, quick replies
and generic templates out, with the example bot's own code hook answering."""

from __future__ import annotations

from typing import Any

from tests.channels.facebook.conftest import Messenger, texts
from tests.channels.facebook.payloads import postback, quick_reply, text_message


def _template(message: dict[str, Any]) -> dict[str, Any]:
    payload = message["attachment"]["payload"]
    assert message["attachment"]["type"] == "template" and payload["template_type"] == "generic"
    (element,) = payload["elements"]
    return element


def _ask_for_an_event(messenger: Messenger, psid: str) -> list[dict[str, Any]]:
    return messenger.turn(psid, text_message(psid, "register me for an event"), replies=3)


def test_a_registration_runs_with_quick_replies_templates_and_postbacks(
    messenger: Messenger, psid: str
) -> None:
    prompt, image, choices = _ask_for_an_event(messenger, psid)
    assert "event" in prompt["text"]
    # The prompt's card has five buttons: more than a template holds, so quick replies.
    assert image["attachment"]["payload"]["url"] == "https://example.com/images/events.png"
    assert choices["text"].startswith("Upcoming events\nPick one")
    assert [q["payload"] for q in choices["quick_replies"]] == [
        "AWS Summit", "PyCon", "Serverless Days", "DevOps Days", "Data Science Meetup",
    ]  # fmt: skip

    messenger.turn(psid, quick_reply(psid, "PyCon", "PyCon"), replies=1)
    assert messenger.slots(psid)["eventName"] == "PyCon"
    messenger.turn(psid, text_message(psid, "12 March 2027"), replies=1)
    messenger.turn(psid, text_message(psid, "Maria"), replies=1)
    confirm, card = messenger.turn(psid, text_message(psid, "maria@example.com"), replies=2)

    assert "shall I register you for PyCon on Friday 12 March 2027" in confirm["text"]
    assert _template(card) == {
        "title": "Confirm your registration",
        "subtitle": "PyCon, Friday 12 March 2027",
        "buttons": [
            {"type": "postback", "title": "Yes", "payload": "yes"},
            {"type": "postback", "title": "No", "payload": "no"},
        ],
    }
    done, more, ticket = messenger.turn(psid, postback(psid, "Yes", "yes"), replies=3)
    assert texts([done, more]) == [
        "Done! Maria, you're registered for PyCon on Friday 12 March 2027.",
        "Would you like to know more about PyCon?",
    ]
    assert _template(ticket)["image_url"] == "https://example.com/images/pycon.png"
    assert [b["payload"] for b in _template(ticket)["buttons"]] == [
        "Add to calendar",
        "Tell me more",
    ]


def test_a_postback_answers_the_event_name_prompt(messenger: Messenger, psid: str) -> None:
    _ask_for_an_event(messenger, psid)
    messenger.turn(psid, postback(psid, "DevOps Days", "DevOps Days"), replies=1)
    assert messenger.slots(psid)["eventName"] == "DevOps Days"


def test_a_quick_reply_answers_with_its_payload_not_its_title(
    messenger: Messenger, psid: str
) -> None:
    _ask_for_an_event(messenger, psid)
    messenger.turn(psid, quick_reply(psid, "The Python one", "PyCon"), replies=1)
    assert messenger.slots(psid)["eventName"] == "PyCon"


def test_a_template_postback_starts_what_its_button_says(messenger: Messenger, psid: str) -> None:
    summary, card = messenger.turn(psid, text_message(psid, "tell me about PyCon"), replies=2)
    assert summary["text"].startswith("PyCon: the community conference")
    (button,) = _template(card)["buttons"]
    assert button == {
        "type": "postback",
        "title": "Register me",
        "payload": "Register me for PyCon",
    }
    messenger.turn(psid, postback(psid, button["title"], button["payload"]), replies=1)
    assert messenger.slots(psid)["eventName"] == "PyCon"


def test_the_typing_indicator_comes_before_the_answer(messenger: Messenger, psid: str) -> None:
    messenger.turn(psid, text_message(psid, "hello"), replies=1)
    calls = messenger.graph.calls_to(psid)
    assert calls[0].body == {"recipient": {"id": psid}, "sender_action": "typing_on"}
    assert calls[1].body["messaging_type"] == "RESPONSE"
