"""The Slack webhooks: `POST /channels/slack/events` (Events API) and
`POST /channels/slack/interactive` (interactivity, `payload=` form field).

Each request is verified on its raw body first (401, nothing processed, on a bad, missing or stale
signature); then a delivery already seen (Slack retries, possibly landing on another worker) is
acknowledged and dropped; then Slack gets its 200 at once and the turn runs in the background.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, Response
from slack_sdk.web.async_client import AsyncWebClient
from starlette.concurrency import run_in_threadpool

from bot import strict_json
from bot.runtime import BotRuntime
from channels.core import ChannelBridge, ChannelSettings
from channels.slack.conversation import SlackConversation
from channels.slack.delivery import RetryPolicy, SlackOutbox
from channels.slack.inbound import click_from_payload, utterance_from_event
from channels.slack.signing import SlackSignature

log = logging.getLogger("channels.slack")

PLATFORM = "Slack"


def routes(
    runtime: BotRuntime,
    settings: ChannelSettings,
    *,
    clock: Callable[[], float] | None = None,
    retry: RetryPolicy | None = None,
) -> APIRouter:
    """The Slack channel's routes. `clock` (default: the runtime's) judges request timestamps;
    `retry` bounds the re-sending of replies Slack refused."""
    if settings.slack_signing_secret is None or settings.slack_bot_token is None:
        raise ValueError("The Slack channel needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN")
    signature = SlackSignature(
        settings.slack_signing_secret.get_secret_value(), clock or runtime.clock
    )
    client = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url
    )
    bridge = ChannelBridge(runtime, PLATFORM)
    conversation = SlackConversation(bridge, SlackOutbox(client, retry))
    router = APIRouter(prefix="/channels/slack", tags=["Slack"])

    async def first_delivery(delivery_id: str, request: Request) -> bool:
        if await run_in_threadpool(bridge.first_delivery, delivery_id):
            return True
        retry_num = request.headers.get("x-slack-retry-num", "0")
        log.info("Slack delivery %s already handled (retry %s); dropped", delivery_id, retry_num)
        return False

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
        if utterance is not None and await first_delivery(utterance.delivery_id, request):
            background.add_task(conversation.answer, utterance)
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
        if click is not None and await first_delivery(click.utterance.delivery_id, request):
            background.add_task(conversation.answer_click, click)
        return Response(status_code=200)

    return router


def _unauthorized() -> Response:
    return JSONResponse({"error": "invalid or missing Slack signature"}, status_code=401)


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = strict_json.loads(raw)
    except strict_json.JsonRefused:
        return None
    return value if isinstance(value, dict) else None
