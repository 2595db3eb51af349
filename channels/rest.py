"""The REST webhook: Rasa's REST channel contract, so existing chat widgets talk to the bot.

`POST /webhooks/rest/webhook` with `{"sender": ..., "message": ...}` answers, synchronously, a
JSON list of messages, each one object: `{"recipient_id", "text"}`, `{"recipient_id", "text",
"buttons": [{"title", "payload"}]}` (a response card's title and subtitle with its buttons),
`{"recipient_id", "image"}` (a card's image) or `{"recipient_id", "custom"}` (a JSON custom
payload). Like Rasa's it is open by default (a browser widget cannot keep a secret); with
`REST_WEBHOOK_TOKEN` set it wants `Authorization: Bearer <token>`. CORS is answered on this route
only, for the origins in `REST_CORS_ORIGINS`: the Lex API on the same app never gets CORS.
Bad input is a 400 JSON error, never a 500.
"""

from __future__ import annotations

import hmac
import html
import json
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot import strict_json
from bot.errors import InternalFailure, RuntimeApiError
from bot.openapi import json_body
from bot.turn import Message, ResponseCard, TurnResponse
from channels.core import ChannelBridge, Runtimes, session_id_for
from channels.settings import ChannelSettings

PATH = "/webhooks/rest/webhook"
PLATFORM = "REST"
MAX_MESSAGE = 1024  # Lex's limit on a turn's text
_SSML_TAG = re.compile(r"<[^>]+>")
_PREFLIGHT_SECONDS = "600"

RestMessage = dict[str, Any]


class UserMessage(BaseModel):
    """What a widget posts; other fields (Rasa's `metadata`, …) are ignored."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    sender: str = Field(min_length=1)
    message: str = Field(min_length=1, max_length=MAX_MESSAGE)


class BadMessage(ValueError):
    """The body is not a `{"sender", "message"}` object within limits."""


def read_message(raw_body: bytes) -> UserMessage:
    try:
        return UserMessage.model_validate(strict_json.loads(raw_body))
    except strict_json.JsonRefused as exc:
        raise BadMessage(f"body {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise BadMessage(f"{where}: {first['msg']}") from None


# ------------------------------------------------------------ rendering (pure)


def render(recipient_id: str, messages: list[Message]) -> list[RestMessage]:
    """A turn's messages in Rasa's output shape, in order."""
    return [out for message in messages for out in render_message(recipient_id, message)]


def render_message(recipient_id: str, message: Message) -> list[RestMessage]:
    if message.content_type == "ImageResponseCard" and message.card is not None:
        return render_card(recipient_id, message.card)
    text = message.content or ""
    if message.content_type == "CustomPayload":
        try:
            return [{"recipient_id": recipient_id, "custom": json.loads(text)}]
        except ValueError:
            pass  # not JSON: shown as the text it is
    if message.content_type == "SSML":
        text = html.unescape(_SSML_TAG.sub("", text))
    return [{"recipient_id": recipient_id, "text": text}] if text else []


def render_card(recipient_id: str, card: ResponseCard) -> list[RestMessage]:
    """The card's title and subtitle with its buttons, then its image (Rasa's order)."""
    text = "\n".join(part for part in (card.title, card.subtitle) if part)
    out: list[RestMessage] = []
    if card.buttons:
        buttons = [{"title": b.text, "payload": b.value or b.text} for b in card.buttons]
        out.append({"recipient_id": recipient_id, "text": text, "buttons": buttons})
    elif text:
        out.append({"recipient_id": recipient_id, "text": text})
    if card.image_url:
        out.append({"recipient_id": recipient_id, "image": card.image_url})
    return out


# ------------------------------------------------------------ access: bearer token and CORS


def bearer_matches(authorization: str | None, settings: ChannelSettings) -> bool:
    """True when no token is configured, or `Authorization` carries it (constant-time)."""
    expected = settings.rest_webhook_token
    if expected is None:
        return True
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), expected.get_secret_value().encode())


def cors_headers(origin: str | None, settings: ChannelSettings) -> dict[str, str]:
    """The CORS answer for `origin`: empty unless it is one of `REST_CORS_ORIGINS` (or `*`)."""
    allowed = settings.rest_cors_origins
    if origin is None or not allowed:
        return {}
    if "*" in allowed:
        return {"Access-Control-Allow-Origin": "*"}
    if origin.rstrip("/") in {o.rstrip("/") for o in allowed}:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {}


def _preflight_headers(allow: dict[str, str]) -> dict[str, str]:
    return {
        **allow,
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "Authorization, Content-Type",
        "Access-Control-Max-Age": _PREFLIGHT_SECONDS,
    }


# ------------------------------------------------------------ the route


def routes(runtime: Runtimes, settings: ChannelSettings) -> APIRouter:
    """`POST /webhooks/rest/webhook` (and its CORS preflight) answering with the bot's reply."""
    bridge = ChannelBridge(runtime, PLATFORM)
    router = APIRouter(tags=["REST webhook"])

    @router.options(PATH, include_in_schema=False)
    async def preflight(request: Request) -> Response:
        allow = cors_headers(request.headers.get("Origin"), settings)
        method = request.headers.get("Access-Control-Request-Method", "POST").upper()
        if not allow or method != "POST":
            return JSONResponse({"error": "CORS request not allowed"}, status_code=403)
        return Response(status_code=204, headers=_preflight_headers(allow))

    @router.post(PATH, summary="Rasa-style REST webhook", openapi_extra=json_body(UserMessage))
    async def webhook(request: Request) -> Response:
        cors = cors_headers(request.headers.get("Origin"), settings)

        def error(status: int, message: str, **headers: str) -> JSONResponse:
            return JSONResponse({"error": message}, status_code=status, headers={**cors, **headers})

        if not bearer_matches(request.headers.get("Authorization"), settings):
            return error(401, "a valid bearer token is required", **{"WWW-Authenticate": "Bearer"})
        try:
            said = read_message(await request.body())
        except BadMessage as exc:
            return error(400, f"expected {{'sender', 'message'}}: {exc}")

        def answer(response: TurnResponse) -> bytes:
            try:
                return strict_json.dumps(render(said.sender, response.messages))
            except strict_json.JsonRefused as exc:
                raise InternalFailure(f"the reply could not be written: it {exc}") from None

        try:
            reply = await bridge.turn(
                session_id_for("rest", said.sender), said.message, answer=answer
            )
        except RuntimeApiError as exc:
            return error(exc.status, exc.message)
        return Response(reply, media_type="application/json", headers=cors)

    return router
