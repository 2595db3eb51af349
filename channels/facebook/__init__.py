"""The Facebook Messenger channel: `routes(runtime, settings)` serves `/channels/facebook/webhook`.

One module per job: `signature` checks Meta's webhook signature and verify token, `events` reads
the webhook payload into utterances, `render` turns the bot's messages into Send API messages,
`send_api` talks to the Graph API, `webhook` wires them into routes.
"""

from __future__ import annotations

from channels.facebook.webhook import routes

__all__ = ["routes"]
