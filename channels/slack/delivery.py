"""Sending to Slack's Web API through the official `slack_sdk` `AsyncWebClient`: `chat.postMessage`
for replies, `chat.update` for a clicked message, each retried with backoff a bounded number of
times (`channels.core.send_with_retry`) and logged with Slack's error code. The bot token goes to
the client and nowhere else: it is never logged, and errors are reduced to Slack's error code.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from channels.core import send_with_retry
from channels.slack.rendering import SlackMessage

log = logging.getLogger("channels.slack")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try a send before dropping it (tests shorten the delay)."""

    attempts: int = 4
    first_delay: float = 0.5


class SlackSendError(Exception):
    """A Web API call Slack refused: Slack's error code (`ratelimited`, `channel_not_found`...)."""

    def __init__(self, error: str, status: int) -> None:
        super().__init__(f"{error} (HTTP {status})")
        self.error = error


class SlackOutbox:
    """The bot's way out to Slack: post a message, update one it posted."""

    def __init__(self, client: AsyncWebClient, retry: RetryPolicy | None = None) -> None:
        self.client = client
        self.retry = retry or RetryPolicy()

    async def post(self, channel: str, message: SlackMessage, thread_ts: str | None) -> bool:
        """Post `message` in `channel` (in the thread `thread_ts`); False when it was dropped."""
        pending = message

        async def send() -> None:
            nonlocal pending
            try:
                await self._post(channel, pending, thread_ts)
            except SlackSendError as exc:
                if exc.error != "invalid_blocks" or not pending.has_images:
                    raise
                # Slack could not fetch the card's image: the card without it beats no card.
                log.warning("Slack refused blocks with an image; posting without images")
                pending = pending.without_images()
                await self._post(channel, pending, thread_ts)

        return await self._with_retry(send, "Slack chat.postMessage")

    async def update(self, channel: str, ts: str, message: SlackMessage) -> bool:
        """Rewrite the bot's message `ts` in `channel`; False when it could not be updated."""

        async def send() -> None:
            await self._call(
                self.client.chat_update(
                    channel=channel, ts=ts, text=message.text, blocks=list(message.blocks)
                )
            )

        return await self._with_retry(send, "Slack chat.update")

    async def _post(self, channel: str, message: SlackMessage, thread_ts: str | None) -> None:
        await self._call(
            self.client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=list(message.blocks) or None,
                thread_ts=thread_ts,
            )
        )

    async def _with_retry(self, send: Callable[[], Awaitable[None]], what: str) -> bool:
        return await send_with_retry(
            send,
            what=what,
            channel="slack",
            attempts=self.retry.attempts,
            first_delay=self.retry.first_delay,
        )

    @staticmethod
    async def _call(call: Awaitable[Any]) -> None:
        try:
            await call
        except SlackApiError as exc:
            error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
            status = exc.response.status_code
            raise SlackSendError(error or "no_error_code", status) from None
