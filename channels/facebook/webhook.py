"""The Messenger webhook routes: the subscription handshake (GET) and event delivery (POST).

A POST is verified (HMAC-SHA256 of the raw body; 401 and nothing processed otherwise), read, its
already-seen deliveries dropped, and acknowledged with 200 at once; the turns and the sends run
after the acknowledgement (Meta resends anything not acknowledged quickly). While the session
store is unreachable the batch is acknowledged all the same and waits for the store in the
bridge's backlog; only when that is full does Meta get a 503 and deliver the batch again.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from channels.core import ChannelBridge, Runtimes, StoreRetryPolicy
from channels.facebook.events import MalformedPayload, Utterance, read_payload, utterances
from channels.facebook.replies import Responder
from channels.facebook.send_api import RetryPolicy
from channels.facebook.signature import SIGNATURE_HEADER, signature_valid, verify_token_matches
from channels.settings import ChannelSettings

log = logging.getLogger("channels.facebook")

PATH = "/channels/facebook/webhook"
PLATFORM = "Facebook"


def routes(
    runtime: Runtimes,
    settings: ChannelSettings,
    *,
    retry: RetryPolicy | None = None,
    store_retry: StoreRetryPolicy | None = None,
) -> APIRouter:
    """`GET` and `POST /channels/facebook/webhook` for one Page; `retry` tunes the Send API
    retries, `store_retry` the waiting for an unreachable session store (tests shorten both)."""
    bridge = ChannelBridge(runtime, PLATFORM, store_retry or StoreRetryPolicy())
    responder = Responder(bridge, settings, retry or RetryPolicy())
    router = APIRouter(tags=["Facebook Messenger"])

    @router.get(PATH, summary="Messenger webhook verification")
    async def verify(request: Request) -> Response:
        query = request.query_params
        subscribing = query.get("hub.mode") == "subscribe"
        if subscribing and verify_token_matches(
            query.get("hub.verify_token"), settings.facebook_verify_token
        ):
            return PlainTextResponse(query.get("hub.challenge", ""))
        log.warning("Facebook webhook verification refused (wrong mode or verify token)")
        return JSONResponse({"error": "verification failed"}, status_code=403)

    @router.post(PATH, summary="Messenger webhook events")
    async def receive(request: Request, background: BackgroundTasks) -> Response:
        raw = await request.body()
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature_valid(raw, signature, settings.facebook_app_secret):
            log.warning("Facebook webhook call refused: missing or bad %s", SIGNATURE_HEADER)
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        try:
            said = utterances(read_payload(raw))
        except MalformedPayload as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        # Platform retries are dropped, also those that reached another worker.
        fresh = await bridge.admit(said, _delivery_id, lambda u: responder.answer([u]))
        if fresh:
            background.add_task(responder.answer, fresh)
        return PlainTextResponse("EVENT_RECEIVED")

    return router


def _delivery_id(utterance: Utterance) -> str:
    return utterance.delivery_id
