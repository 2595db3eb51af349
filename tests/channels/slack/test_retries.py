"""Exactly once, and delivered despite Slack: a delivery Slack retries (on the same worker or on
another one sharing the session store) is answered once; replies Slack's Web API refuses are
sent again with backoff, and its error is logged without the bot token."""

from __future__ import annotations

import logging

import pytest

from tests.channels.slack.conftest import BOT_TOKEN, SlackUser

RATE_LIMITED = (200, {"ok": False, "error": "ratelimited"})
SERVER_ERROR = (500, {"ok": False, "error": "internal_error"})


@pytest.mark.parametrize("retry_worker", [0, 1], ids=["same-worker", "other-worker"])
def test_a_retried_event_is_answered_once(slack_user: SlackUser, retry_worker: int):
    event = slack_user.message_event("I want to register")
    assert slack_user.send_event(event, worker=0).status_code == 200
    retry = slack_user.send_event(event, worker=retry_worker, retry_num=1)
    assert retry.status_code == 200  # acknowledged, so Slack stops retrying
    assert len(slack_user.posts_after(0, 2)) == 2  # the prompt and its card
    # The conversation is where one turn left it: the next answer fills the event slot.
    (prompt,) = slack_user.say("PyCon", worker=retry_worker)
    assert "PyCon" in prompt.text or prompt.text == "What date works for you?"
    assert len(slack_user.posts()) == 3


def test_every_retry_of_an_event_is_dropped(slack_user: SlackUser):
    event = slack_user.message_event("tell me about PyCon")
    for retry_num, worker in [(None, 1), (1, 0), (2, 1), (3, 0)]:
        assert slack_user.send_event(event, worker=worker, retry_num=retry_num).status_code == 200
    slack_user.posts_after(0, 2)
    (answer, _card) = slack_user.say("tell me about DevOps Days", count=2)
    assert answer.text.startswith("DevOps Days")
    assert len(slack_user.posts()) == 4


@pytest.mark.parametrize("retry_worker", [0, 1], ids=["same-worker", "other-worker"])
def test_a_click_delivered_twice_is_answered_once(slack_user: SlackUser, retry_worker: int):
    _, card = slack_user.say("I want to register", count=2)
    click = slack_user.click_payload(card, "PyCon")
    assert slack_user.send_click(click, worker=0).status_code == 200
    assert slack_user.send_click(click, worker=retry_worker).status_code == 200
    (prompt,) = slack_user.posts_after(2, 1)
    assert "PyCon" in prompt.text or prompt.text == "What date works for you?"
    slack_user.say("Maria")  # not a date: asked again, once (no second turn is pending)
    assert len(slack_user.posts()) == 4
    assert len(slack_user.app.slack.calls(slack_user.channel, "chat.update")) == 1


def test_a_refused_reply_is_sent_again_and_errors_are_logged_without_the_token(
    slack_user: SlackUser, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    slack_user.app.slack.fail(slack_user.channel, SERVER_ERROR, RATE_LIMITED)
    answer, _card = slack_user.say("tell me about PyCon", count=2)
    assert answer.text.startswith("PyCon: the community conference")
    attempts = slack_user.app.slack.attempts(slack_user.channel)
    assert [a.text for a in attempts[:3]] == [answer.text] * 3  # twice refused, then posted
    warnings = [r.getMessage() for r in caplog.records if r.name == "channels"]
    assert any("internal_error (HTTP 500)" in w for w in warnings), warnings
    assert any("ratelimited (HTTP 200)" in w for w in warnings), warnings
    assert BOT_TOKEN not in caplog.text


def test_a_reply_refused_every_time_is_dropped_and_logged(
    slack_user: SlackUser, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING, logger="channels")
    slack_user.app.slack.fail(slack_user.channel, *[RATE_LIMITED] * 4)
    event = slack_user.message_event("tell me about PyCon")
    assert slack_user.send_event(event).status_code == 200
    (card,) = slack_user.posts_after(0, 1)  # the text was dropped; the card still went out
    assert card.block("section")["text"]["text"].startswith("*PyCon*")
    assert "Slack chat.postMessage failed after 4 attempts; reply dropped" in caplog.text
    assert BOT_TOKEN not in caplog.text


def test_a_card_whose_image_slack_cannot_fetch_is_posted_without_it(slack_user: SlackUser):
    invalid_blocks = (200, {"ok": False, "error": "invalid_blocks"})
    slack_user.app.slack.fail(
        slack_user.channel, invalid_blocks, when=lambda body: "blocks" in body
    )
    _answer, card = slack_user.say("tell me about PyCon", count=2)
    assert "accessory" not in card.block("section")
    assert card.block("actions")["elements"][0]["value"] == "Register me for PyCon"
