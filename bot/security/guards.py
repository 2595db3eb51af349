"""The runtime API's guards, as FastAPI dependencies run before every Lex route and
`/model/parse`, in order: a JSON body (no form or text post that skips a CORS preflight), the
caller's identity (SigV4, a bearer token, or, with `BOT_API_AUTH=none`, its address) and, when
configured, the caller's rate limit.

Each guard raises an error of the one tree (`bot.errors`), which the server's handler table turns
into Lex's error shape. It must never log a credential, a token or a signature, never touch a
session, and never let a failed check reach the route.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.params import Depends as Dependency

from bot.errors import MissingAuthentication, Throttled, UnrecognizedClient, UnsupportedMediaType
from bot.security.settings import SecuritySettings
from bot.security.sigv4 import ReceivedRequest, verify
from bot.security.throttling import TokenBuckets, retry_after_seconds

JSON_TYPES = frozenset(
    {"application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1"}
)
CLIENT = "api_client"  # request.state attribute: who is calling, for the rate limit


async def require_json(request: Request) -> None:
    """A POST must say its body is JSON (`application/json`, as botocore sends, or AWS's
    `application/x-amz-json-1.x`, any charset); bodiless GET and DELETE need no type."""
    if request.method != "POST":
        return
    given = request.headers.get("content-type", "")
    if given.partition(";")[0].strip().lower() not in JSON_TYPES:
        raise UnsupportedMediaType(
            f"Content-Type must be application/json, got {given[:80]!r}"
            if given
            else "Content-Type must be application/json"
        )


class Authenticate:
    """Who is calling: an access key id (sigv4), a token's position (token) or an address."""

    def __init__(self, settings: SecuritySettings, clock: Callable[[], float]) -> None:
        self.mode = settings.auth_mode
        self.credentials = settings.credentials
        self.tokens = [t.get_secret_value().encode() for t in settings.tokens]
        self.clock = clock

    async def __call__(self, request: Request) -> None:
        if self.mode == "sigv4":
            client = "key:" + await self._signer(request)
        elif self.mode == "token":
            client = f"token:{self._token(request.headers.get('authorization'))}"
        else:
            client = "address:" + (request.client.host if request.client else "unknown")
        setattr(request.state, CLIENT, client)

    async def _signer(self, request: Request) -> str:
        scope = request.scope
        received = ReceivedRequest(
            method=request.method,
            raw_path=_raw_path(scope),
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]],
            body=await request.body(),
        )
        return verify(received, self.credentials, now=datetime.fromtimestamp(self.clock(), UTC))

    def _token(self, authorization: str | None) -> int:
        """The position of the bearer token sent (constant-time comparisons, every one made)."""
        if not authorization:
            raise MissingAuthentication("Missing Authentication Token")
        scheme, _, given = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise UnrecognizedClient("Authorization must be 'Bearer <token>'")
        sent = given.strip().encode()
        matches = [hmac.compare_digest(sent, token) for token in self.tokens]
        if not any(matches):
            raise UnrecognizedClient("The security token included in the request is invalid.")
        return matches.index(True)


def _raw_path(scope: MutableMapping[str, Any]) -> str:
    """The path as the client sent it (ASGI's `raw_path`; re-encoded if a server omits it)."""
    raw = scope.get("raw_path")
    return raw.decode("latin-1") if raw else quote(scope["path"], safe="/~")


class RateLimit:
    """At most `BOT_API_RATE_LIMIT` requests a second per client, after a small burst."""

    def __init__(self, buckets: TokenBuckets) -> None:
        self.buckets = buckets

    async def __call__(self, request: Request) -> None:
        client = getattr(request.state, CLIENT, None) or "unknown"
        wait = self.buckets.take(client)
        if wait is not None:
            raise Throttled(
                "Rate exceeded: too many requests from this client; slow down",
                retry_after_seconds=retry_after_seconds(wait),
            )


def api_guards(
    settings: SecuritySettings,
    *,
    clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
) -> list[Dependency]:
    """The dependencies every runtime API route runs, in order."""
    guards = [Depends(require_json), Depends(Authenticate(settings, clock))]
    if settings.api_rate_limit:
        buckets = TokenBuckets(settings.api_rate_limit, settings.rate_burst, clock=monotonic)
        guards.append(Depends(RateLimit(buckets)))
    return guards
