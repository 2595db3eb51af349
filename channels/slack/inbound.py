"""Slack's inbound shapes → what the adapter acts on: pure functions, no I/O.

An Events API `event_callback` becomes an `Utterance` (a user's words, where they were said and
the delivery id that makes retries recognisable); a `block_actions` interactivity payload becomes
a `Click` (the chosen button's value as the next utterance, and the message to update). Anything
that must not get an answer (the bot's own and other bots' posts, edits, deletions, joins, every
other subtype, unknown event types) becomes None: replying to those is how reply loops start.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

# Slack's control sequences in message text: <@U123>, <@U123|name>, <#C123|general>, <!here>,
# <https://x.org|x.org>, <mailto:a@b.org|a@b.org>.
_CONTROL = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^<>]*)?>[\s,:]*")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,:;.!?])")


@dataclass(frozen=True, slots=True)
class Utterance:
    """What a Slack user said, and where to answer."""

    team: str
    channel: str
    user: str
    text: str
    thread_ts: str | None  # answer in this thread; None answers in the channel/DM itself
    delivery_id: str  # the same for every retry of one delivery


@dataclass(frozen=True, slots=True)
class Click:
    """A button clicked in one of the bot's messages: its value is the user's next utterance."""

    utterance: Utterance
    label: str  # the button's text, shown in the updated message
    message_ts: str  # the clicked message, to update with `chat.update`
    block_id: str  # the clicked actions block, replaced by the choice
    message_blocks: tuple[dict[str, Any], ...]
    message_text: str
    ephemeral: bool  # ephemeral messages cannot be updated


def utterance_from_event(envelope: dict[str, Any]) -> Utterance | None:
    """The user's utterance in an `event_callback` (a DM `message` or an `app_mention`)."""
    event = envelope.get("event")
    if envelope.get("type") != "event_callback" or not isinstance(event, dict):
        return None
    kind = event.get("type")
    if kind == "message" and event.get("channel_type") != "im":
        return None  # channel chatter reaches the bot as an app_mention, if addressed to it
    if kind not in ("message", "app_mention") or not _from_a_person(event):
        return None
    text = text_from_slack(
        event.get("text") or "", bot_user_ids(envelope), addressed=kind == "app_mention"
    )
    team = envelope.get("team_id") or event.get("team") or ""
    event_id = envelope.get("event_id")
    if not (text and team and event_id and event.get("channel")):
        return None
    return Utterance(
        team=team,
        channel=event["channel"],
        user=event["user"],
        text=text,
        thread_ts=event.get("thread_ts"),
        delivery_id=f"event:{event_id}",
    )


def click_from_payload(payload: dict[str, Any]) -> Click | None:
    """The clicked button of a `block_actions` payload sent from a message."""
    if payload.get("type") != "block_actions":
        return None
    container = payload.get("container") or {}
    message = payload.get("message") or {}
    action = next((a for a in payload.get("actions", ()) if _value_of(a)), None)
    user = (payload.get("user") or {}).get("id")
    team = (payload.get("team") or {}).get("id") or (payload.get("user") or {}).get("team_id")
    channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
    message_ts = container.get("message_ts") or message.get("ts")
    if action is None or not (user and team and channel and message_ts):
        return None  # a link button, a view action, or a click outside a message
    value = _value_of(action)
    label = ((action.get("text") or {}).get("text")) or value
    utterance = Utterance(
        team=team,
        channel=channel,
        user=user,
        text=value,
        thread_ts=message.get("thread_ts"),
        delivery_id=f"action:{channel}:{message_ts}:{action.get('action_ts', '')}",
    )
    return Click(
        utterance=utterance,
        label=label,
        message_ts=message_ts,
        block_id=action.get("block_id", ""),
        message_blocks=tuple(message.get("blocks") or ()),
        message_text=message.get("text", ""),
        ephemeral=bool(container.get("is_ephemeral")),
    )


def bot_user_ids(envelope: dict[str, Any]) -> frozenset[str]:
    """The bot users this delivery was authorized for (their mentions address the bot)."""
    return frozenset(
        a["user_id"]
        for a in envelope.get("authorizations") or ()
        if a.get("is_bot") and a.get("user_id")
    )


def text_from_slack(
    text: str, bot_ids: frozenset[str] = frozenset(), *, addressed: bool = False
) -> str:
    """Slack's message markup read as plain words: the bot's own mentions dropped (and the
    leading mention of a message `addressed` to the bot), links and e-mail addresses as their
    visible text, `&amp;`/`&lt;`/`&gt;` unescaped."""
    if addressed:
        text = _LEADING_MENTION.sub("", text, count=1)  # "@EventBot register me"

    def visible(match: re.Match[str]) -> str:
        sigil, target, label = match.group(1), match.group(2), match.group(3)
        if sigil == "@":
            return "" if target in bot_ids else f"@{label or target}"
        if sigil == "#":
            return f"#{label or target}"
        if sigil == "!":
            return f"@{label or target.split('^')[0]}"
        return label or target.removeprefix("mailto:")

    words = " ".join(html.unescape(_CONTROL.sub(visible, text)).split())
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", words).lstrip(",:; ")  # "hey <@BOT>, hi"


def _from_a_person(event: dict[str, Any]) -> bool:
    # Any subtype (bot_message, message_changed, message_deleted, channel_join, file_share,
    # thread_broadcast, ...) is not a fresh message typed by a person.
    return bool(event.get("user")) and not event.get("bot_id") and not event.get("subtype")


def _value_of(action: dict[str, Any]) -> str:
    value = action.get("value") or (action.get("selected_option") or {}).get("value")
    return value if isinstance(value, str) else ""
