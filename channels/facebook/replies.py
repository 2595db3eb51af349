"""Answering users after the webhook was acknowledged: per user, in the order they wrote, show the
typing indicator, run the turn, and send its messages one by one through the Send API.

Turns of one user never overlap in this process (Meta sends the next message as soon as we
acknowledge the last one, and two overlapping turns of a session would conflict); different users
are answered concurrently. A failed turn or send is logged, never raised: nobody is waiting.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict

import httpx

from bot.observability.logs import hashed
from channels.core import ChannelBridge, session_id_for
from channels.facebook.events import Utterance
from channels.facebook.render import render
from channels.facebook.send_api import GraphError, RetryPolicy, SendApi, deliver
from channels.settings import ChannelSettings

log = logging.getLogger("channels.facebook")
SEND_TIMEOUT_SECONDS = 10.0


def session_id(utterance: Utterance) -> str:
    return session_id_for("fb", utterance.page_id, utterance.psid)


class Responder:
    """Runs the turns of a webhook batch and sends the answers."""

    def __init__(
        self, bridge: ChannelBridge, settings: ChannelSettings, retry: RetryPolicy
    ) -> None:
        self._bridge = bridge
        self._settings = settings
        self._retry = retry

    async def answer(self, said: list[Utterance]) -> None:
        token = self._settings.facebook_page_access_token
        if token is None:
            log.error("FACEBOOK_PAGE_ACCESS_TOKEN is not set: %d message(s) unanswered", len(said))
            return
        by_session: dict[str, list[Utterance]] = defaultdict(list)
        for utterance in said:
            by_session[session_id(utterance)].append(utterance)
        async with httpx.AsyncClient(timeout=SEND_TIMEOUT_SECONDS) as http:
            api = SendApi(
                http,
                self._settings.facebook_graph_url,
                self._settings.facebook_graph_version,
                token.get_secret_value(),
            )
            await asyncio.gather(
                *(self._answer_in_order(api, sid, items) for sid, items in by_session.items())
            )

    async def _answer_in_order(self, api: SendApi, sid: str, said: list[Utterance]) -> None:
        for utterance in said:
            async with self._bridge.turns.one_at_a_time(sid):
                await self._answer_one(api, sid, utterance)

    async def _answer_one(self, api: SendApi, sid: str, utterance: Utterance) -> None:
        psid = utterance.psid
        try:
            await api.sender_action(psid, "typing_on")
        except GraphError as error:  # only a courtesy: the answer still goes out
            log.warning("Facebook typing indicator for %s failed: %s", hashed(psid), error)
        try:
            response = await self._bridge.turn(sid, utterance.text)
        except Exception:  # nobody waits on this task: log, and stop this reply
            log.exception("Facebook turn for session %s failed; no reply sent", hashed(sid))
            return
        for message in render(response.messages):
            if not await deliver(api, psid, message, self._retry):
                return  # the rest would arrive out of context
