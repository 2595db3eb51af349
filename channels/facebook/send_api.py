"""The Messenger Send API (`POST {graph}/{version}/me/messages`) over httpx, with Meta's errors
read into `GraphError` and each message sent with bounded retries.

The Page access token travels in the query string, as Meta documents; it must never reach a
log: our errors carry Meta's message and codes only, and httpx's own request log line is
redacted by a filter on its logger.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from bot.observability.logs import hashed
from channels.core import send_with_retry

log = logging.getLogger("channels.facebook")

# Meta error codes that say "try again later" (temporary, throttled); others are permanent.
_TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 613, 1200})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try one send: attempts in all, and the first backoff delay (then doubled)."""

    attempts: int = 4
    first_delay: float = 0.5


class GraphError(Exception):
    """A failed Send API call, as Meta explained it (never with the request URL)."""

    def __init__(self, status: int, message: str, code: int | None = None, **detail: Any) -> None:
        self.status = status
        self.code = code
        facts = ", ".join(f"{k} {v}" for k, v in {"code": code, **detail}.items() if v is not None)
        text = f"Graph API {status or 'unreachable'}: {message}"
        super().__init__(f"{text} ({facts})" if facts else text)

    @property
    def transient(self) -> bool:
        return (
            self.status == 0
            or self.status >= 500
            or self.status == 429
            or (self.code in _TRANSIENT_CODES)
        )

    @classmethod
    def from_response(cls, response: httpx.Response, secret: str) -> GraphError:
        try:
            body = response.json()
        except ValueError:  # a proxy's HTML page, say
            body = None
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            error = {}
        return cls(
            response.status_code,
            scrub(str(error.get("message") or response.reason_phrase or "error"), secret),
            error.get("code"),
            subcode=error.get("error_subcode"),
            type=error.get("type"),
            fbtrace_id=error.get("fbtrace_id"),
        )


class SendApi:
    """One Page's sends to its users (PSIDs), through an httpx client the caller owns."""

    def __init__(self, http: httpx.AsyncClient, graph_url: str, version: str, token: str) -> None:
        self._http = http
        self._url = f"{graph_url.rstrip('/')}/{version}/me/messages"
        self._token = token
        _redact_in_httpx_logs(token)

    async def send(self, psid: str, message: dict[str, Any]) -> None:
        body = {"recipient": {"id": psid}, "messaging_type": "RESPONSE", "message": message}
        await self._post(body)

    async def sender_action(self, psid: str, action: str) -> None:
        """`typing_on`, `typing_off` or `mark_seen`: a request of its own, never with a message."""
        await self._post({"recipient": {"id": psid}, "sender_action": action})

    async def _post(self, body: dict[str, Any]) -> None:
        try:
            response = await self._http.post(
                self._url, params={"access_token": self._token}, json=body
            )
        except httpx.HTTPError as exc:
            # httpx errors name no URL, but scrub anyway: the token is in the query string.
            reason = scrub(str(exc), self._token) or type(exc).__name__
            raise GraphError(0, reason) from None
        if response.status_code >= 400:
            raise GraphError.from_response(response, self._token)


async def deliver(api: SendApi, psid: str, message: dict[str, Any], retry: RetryPolicy) -> bool:
    """Send one message, retrying temporary failures with backoff; False (logged) if it failed.
    A permanent refusal (user unreachable, bad token, outside the window) is not retried."""
    refused: list[GraphError] = []

    async def attempt() -> None:
        try:
            await api.send(psid, message)
        except GraphError as error:
            if error.transient:
                raise
            refused.append(error)

    sent = await send_with_retry(
        attempt,
        what=f"Facebook send to user {hashed(psid)}",
        channel="facebook",
        attempts=retry.attempts,
        first_delay=retry.first_delay,
    )
    if refused:
        log.error("Facebook send to user %s refused, not retried: %s", hashed(psid), refused[0])
        return False
    return sent


def scrub(text: str, secret: str) -> str:
    return text.replace(secret, "***") if secret else text


class _TokenRedaction(logging.Filter):
    """Blanks page tokens out of the `httpx` logger's request lines (`HTTP Request: POST …`)."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if any(secret in text for secret in self.secrets):
            for secret in self.secrets:
                text = text.replace(secret, "***")
            record.msg, record.args = text, None
        return True


_REDACTION = _TokenRedaction()
logging.getLogger("httpx").addFilter(_REDACTION)


def _redact_in_httpx_logs(token: str) -> None:
    if token:
        _REDACTION.secrets.add(token)
