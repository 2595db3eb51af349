"""The Slack webhooks: `POST /channels/slack/events` (Events API) and
`POST /channels/slack/interactive` (interactivity, `payload=` form field).

Each request is verified on its raw body first (401, nothing processed, on a bad, missing or stale
signature); then a delivery already seen (Slack retries, possibly landing on another worker) is
acknowledged and dropped; then Slack gets its 200 at once and the turn runs in the background.
While the session store is unreachable Slack still gets its 200 and the delivery waits for the
store in the bridge's backlog; only when that is full does Slack get a 503 and retry later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, Response
from slack_sdk.web.async_client import AsyncWebClient

from bot import strict_json
from channels.core import ChannelBridge, Runtimes, StoreRetryPolicy
from channels.settings import ChannelSettings
from channels.slack.conversation import SlackConversation
from channels.slack.delivery import RetryPolicy, SlackOutbox
from channels.slack.inbound import Click, Utterance, click_from_payload, utterance_from_event
from channels.slack.signing import SlackSignature

PLATFORM = "Slack"


def routes(
    runtime: Runtimes,
    settings: ChannelSettings,
    *,
    clock: Callable[[], float] | None = None,
    retry: RetryPolicy | None = None,
    store_retry: StoreRetryPolicy | None = None,
) -> APIRouter:
    """The Slack channel's routes. `clock` (default: the runtime's) judges request timestamps;
    `retry` bounds the re-sending of replies Slack refused, `store_retry` the waiting of
    deliveries for an unreachable session store."""
    if settings.slack_signing_secret is None or settings.slack_bot_token is None:
        raise ValueError("The Slack channel needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN")
    bridge = ChannelBridge(runtime, PLATFORM, store_retry or StoreRetryPolicy())
    signature = SlackSignature(
        settings.slack_signing_secret.get_secret_value(), clock or bridge.runtime.clock
    )
    client = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url
    )
    conversation = SlackConversation(bridge, SlackOutbox(client, retry))
    router = APIRouter(prefix="/channels/slack", tags=["Slack"])

    @router.post("/events")
    async def events(request: Request, background: BackgroundTasks) -> Response:
        body = await request.body()
        if not signature.is_valid(body, request.headers):
            return _unauthorized()
        envelope = _json_object(body)
        if envelope is None:
            return JSONResponse({"error": "invalid JSON"}, status_code=400)
        if envelope.get("type") == "url_verification":
            return JSONResponse({"challenge": str(envelope.get("challenge", ""))})
        utterance = utterance_from_event(envelope)
        if utterance is not None:
            for fresh in await bridge.admit([utterance], _event_id, conversation.answer):
                background.add_task(conversation.answer, fresh)
        return Response(status_code=200)

    @router.post("/interactive")
    async def interactive(request: Request, background: BackgroundTasks) -> Response:
        body = await request.body()
        if not signature.is_valid(body, request.headers):
            return _unauthorized()
        form = parse_qs(body.decode("utf-8", errors="replace"))
        payload = _json_object(form.get("payload", [""])[0].encode())
        if payload is None:
            return JSONResponse({"error": "missing or invalid payload"}, status_code=400)
        click = click_from_payload(payload)
        if click is not None:
            for fresh in await bridge.admit([click], _click_id, conversation.answer_click):
                background.add_task(conversation.answer_click, fresh)
        return Response(status_code=200)

    return router


def _event_id(utterance: Utterance) -> str:
    return utterance.delivery_id


def _click_id(click: Click) -> str:
    return click.utterance.delivery_id


def _unauthorized() -> Response:
    return JSONResponse({"error": "invalid or missing Slack signature"}, status_code=401)


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = strict_json.loads(raw)
    except strict_json.JsonRefused:
        return None
    return value if isinstance(value, dict) else None
