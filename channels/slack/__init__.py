"""The Slack channel: Events API messages and mentions, button clicks, replies via `slack_sdk`.

`routes(runtime, settings)` gives the FastAPI router with `POST /channels/slack/events` and
`POST /channels/slack/interactive`. Modules, one job each: `signing` (request verification),
`inbound` (Slack payloads → utterances), `rendering` (engine messages → Block Kit),
`delivery` (Web API calls with retries), `conversation` (turn, then reply), `routes` (HTTP).
"""

from channels.slack.delivery import RetryPolicy
from channels.slack.routes import routes

__all__ = ["RetryPolicy", "routes"]
