"""What happens after Slack was acknowledged: run the user's turn in the engine and post the bot's
messages, in order, where the user spoke (in the thread when they wrote in one); for a button
click, first rewrite the clicked message to show the choice.

Turns of one session run one at a time in this worker, so a user typing twice quickly gets two
answers in order instead of a lost turn. Runs in the background: failures are logged, never
raised to a caller who has long had its 200.
"""

from __future__ import annotations

import logging

from bot.observability.logs import hashed
from channels.core import ChannelBridge, session_id_for
from channels.slack.delivery import SlackOutbox
from channels.slack.inbound import Click, Utterance
from channels.slack.rendering import render, show_choice

log = logging.getLogger("channels.slack")


class SlackConversation:
    def __init__(self, bridge: ChannelBridge, outbox: SlackOutbox) -> None:
        self.bridge = bridge
        self.outbox = outbox

    async def answer(self, utterance: Utterance) -> None:
        """Run the turn for `utterance` and post every message of the bot's answer."""
        session_id = session_id_for("slack", utterance.team, utterance.channel, utterance.user)
        async with self.bridge.turns.one_at_a_time(session_id):
            try:
                response = await self.bridge.turn(session_id, utterance.text)
            except Exception:
                log.exception("Slack turn failed for session %s", hashed(session_id))
                return
            for message in response.messages:
                rendered = render(message)
                if rendered is not None:
                    await self.outbox.post(utterance.channel, rendered, utterance.thread_ts)

    async def answer_click(self, click: Click) -> None:
        """Show the choice in the clicked message, then answer it as the user's utterance."""
        if not click.ephemeral:
            update = show_choice(
                click.message_blocks, click.block_id, click.label, click.message_text
            )
            await self.outbox.update(click.utterance.channel, click.message_ts, update)
        await self.answer(click.utterance)
