"""The example bot over Slack: a whole registration in a DM with response cards as Block Kit and
button clicks answering prompts, mentions in channel threads, and the URL challenge."""

from __future__ import annotations

from datetime import date, timedelta

from bot.nlu.types import SlotValue
from bot.turn import SessionKey
from channels.core import CHANNEL_ALIAS
from tests.channels.slack.conftest import BOT_TOKEN, BOT_USER, TEAM, SlackApp, SlackUser

EVENT_DATE_PROMPTS = {
    "When would you like to attend PyCon?",
    "Which day would you like to go to PyCon?",
    "What date works for you?",
}


def future_day() -> date:
    # The example hook compares dates with the real "today".
    return date.today() + timedelta(days=40)


def spoken(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def test_registration_in_a_dm_with_cards_and_button_clicks(slack_user: SlackUser):
    text, card = slack_user.say("I want to register", count=2)
    assert text.text in {
        "Which event would you like to register for?",
        "Which event would you like to attend?",
        "Great! Which event are you interested in?",
    }
    assert text.blocks == []
    assert "thread_ts" not in text.body  # a DM is answered in the DM itself
    section, actions = card.blocks
    assert section["text"]["text"].startswith("*Upcoming events*\nPick one")
    assert section["accessory"]["type"] == "image"
    assert [b["value"] for b in actions["elements"]] == [
        "AWS Summit",
        "PyCon",
        "Serverless Days",
        "DevOps Days",
        "Data Science Meetup",
    ]
    assert card.text.startswith("Upcoming events\n")  # the notification fallback

    (date_prompt,) = slack_user.click(card, "PyCon")
    (update,) = slack_user.app.slack.calls(slack_user.channel, "chat.update")
    assert update.body["ts"] == card.ts
    assert [b["type"] for b in update.blocks] == ["section", "context"]
    assert update.blocks[1]["elements"][0]["text"] == "You chose: *PyCon*"
    assert date_prompt.text in EVENT_DATE_PROMPTS

    day = future_day()
    (name_prompt,) = slack_user.say(f"{day.day} {day:%B %Y}")
    assert name_prompt.text in {
        "What's your first name?",
        "Who should I put on the badge?",
        "What name should I register you under?",
    }
    (email_prompt,) = slack_user.say("Maria")
    assert "Maria" in email_prompt.text

    # Slack sends an e-mail address as a mailto link.
    confirm, yes_no = slack_user.say("<mailto:maria@example.com|maria@example.com>", count=2)
    assert confirm.text == (
        f"Maria, shall I register you for PyCon on {spoken(day)}? "
        "We'll send the details to maria@example.com."
    )
    assert [b["text"]["text"] for b in yes_no.block("actions")["elements"]] == ["Yes", "No"]

    done, more, ticket = slack_user.click(yes_no, "Yes", count=3)
    assert done.text == f"Done! Maria, you're registered for PyCon on {spoken(day)}."
    assert more.text == "Would you like to know more about PyCon?"
    assert ticket.block("section")["text"]["text"] == f"*PyCon*\n{spoken(day)}"
    assert len(slack_user.app.slack.calls(slack_user.channel, "chat.update")) == 2
    assert all(c.authorization == f"Bearer {BOT_TOKEN}" for c in slack_user.posts())


def test_messages_and_clicks_share_the_users_session(slack_app: SlackApp, slack_user: SlackUser):
    _, card = slack_user.say("I want to register", count=2)
    slack_user.click(card, "DevOps Days")
    runtime = slack_app.runtimes[0]
    session_id = f"slack:{TEAM}:{slack_user.channel}:{slack_user.user}"
    key = SessionKey(runtime.identity.bot_id, CHANNEL_ALIAS, "en_US", session_id)
    intent = runtime.get_session(key).session_state.intent
    assert intent is not None and intent.name == "RegisterUserForEvent"
    slot = intent.slots["eventName"]
    assert isinstance(slot, SlotValue) and slot.interpreted_value == "DevOps Days"


def test_url_verification_echoes_the_challenge(slack_user: SlackUser):
    challenge = {
        "token": "legacy-verification-token",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    answer = slack_user.send_event(challenge)
    assert answer.status_code == 200
    assert answer.json() == {"challenge": challenge["challenge"]}


def test_a_mention_in_a_channel_thread_is_answered_in_the_thread(slack_user: SlackUser):
    slack_user.channel = "C" + slack_user.channel[1:]
    parent = "1795000000.000001"
    event = slack_user.mention_event(
        f"<@{BOT_USER}> tell me about PyCon", thread_ts=parent, channel_type="channel"
    )
    assert slack_user.send_event(event).status_code == 200
    answer, card = slack_user.posts_after(0, 2)
    assert answer.text.startswith("PyCon: the community conference")
    assert answer.body["thread_ts"] == parent
    assert card.body["thread_ts"] == parent
    assert [b["value"] for b in card.block("actions")["elements"]] == ["Register me for PyCon"]


def test_a_mention_outside_a_thread_is_answered_in_the_channel(slack_user: SlackUser):
    slack_user.channel = "C" + slack_user.channel[1:]
    event = slack_user.mention_event(f"<@{BOT_USER}> tell me about DevOps Days")
    assert slack_user.send_event(event).status_code == 200
    answer, _card = slack_user.posts_after(0, 2)
    assert answer.text.startswith("DevOps Days: talks and open spaces")
    assert "thread_ts" not in answer.body


def test_the_webhook_is_acknowledged_before_the_reply_is_sent(slack_user: SlackUser):
    slack_user.app.slack.hold()  # Slack's Web API does not answer for now
    assert slack_user.send_event(slack_user.message_event("tell me about PyCon")).status_code == 200
    assert slack_user.posts() == []
    slack_user.app.slack.release()
    answer, _card = slack_user.posts_after(0, 2)
    assert answer.text.startswith("PyCon: the community conference")
