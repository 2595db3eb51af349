"""Slack payloads read as utterances: Slack's markup undone, the bot's mention dropped, the
delivery id that makes retries recognisable, and clicks on buttons."""

from __future__ import annotations

from channels.slack.inbound import click_from_payload, text_from_slack, utterance_from_event
from tests.channels.slack.conftest import BOT_USER, TEAM, envelope

BOT = frozenset({BOT_USER})


def test_slack_markup_is_read_as_plain_words():
    assert text_from_slack("<mailto:maria@example.com|maria@example.com>") == "maria@example.com"
    assert text_from_slack("see <https://pycon.org|pycon.org> &amp; <https://x.org>") == (
        "see pycon.org & https://x.org"
    )
    assert text_from_slack("ask <@U999|bob> in <#C123|events> <!here>") == (
        "ask @bob in #events @here"
    )
    assert text_from_slack("1 &lt; 2 &gt; 0") == "1 < 2 > 0"


def test_the_bots_own_mention_is_dropped():
    assert text_from_slack(f"<@{BOT_USER}> register me", BOT, addressed=True) == ("register me")
    assert text_from_slack(f"hey <@{BOT_USER}>, register me", BOT) == "hey, register me"
    # The leading mention of a mention event is the bot even when it is not authorized here.
    assert text_from_slack("<@U0OTHERID>: register me", addressed=True) == "register me"


def test_a_dm_becomes_an_utterance_with_its_delivery_id():
    event = {
        "type": "message",
        "channel": "D1",
        "user": "U1",
        "text": "hi",
        "ts": "1.2",
        "event_ts": "1.2",
        "channel_type": "im",
    }
    utterance = utterance_from_event(envelope(event, event_id="Ev42"))
    assert utterance is not None
    assert (utterance.team, utterance.channel, utterance.user, utterance.text) == (
        TEAM,
        "D1",
        "U1",
        "hi",
    )
    assert utterance.delivery_id == "event:Ev42"
    assert utterance.thread_ts is None


def test_a_mention_in_a_thread_keeps_the_thread():
    event = {
        "type": "app_mention",
        "channel": "C1",
        "user": "U1",
        "text": f"<@{BOT_USER}> hi",
        "ts": "5.6",
        "thread_ts": "1.2",
        "event_ts": "5.6",
    }
    utterance = utterance_from_event(envelope(event))
    assert utterance is not None and (utterance.text, utterance.thread_ts) == ("hi", "1.2")


def test_a_click_on_a_link_button_is_not_an_utterance():
    payload = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "team": {"id": TEAM},
        "channel": {"id": "D1"},
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "D1"},
        "message": {"ts": "1.2", "text": "", "blocks": []},
        "actions": [{"type": "button", "action_id": "a", "block_id": "b", "action_ts": "3.4"}],
    }
    assert click_from_payload(payload) is None
    payload["actions"][0]["value"] = "PyCon"
    click = click_from_payload(payload)
    assert click is not None
    assert click.utterance.text == click.label == "PyCon"
    assert click.utterance.delivery_id == "action:D1:1.2:3.4"


def test_other_interactions_are_not_utterances():
    assert click_from_payload({"type": "view_submission", "view": {}}) is None
