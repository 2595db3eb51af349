"""`GET /metrics`: the Prometheus exposition (`bot.observability.metrics.exposition`).

Open like `/health` (to any `Host`, without the runtime API's authentication), unless a token is
configured (`BOT_METRICS_TOKEN`): then only `Authorization: Bearer <token>` is answered, compared
in constant time; anything else gets 401. It never says why a token was refused.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import SecretStr

from bot.observability.metrics import exposition

PATH = "/metrics"


def metrics_routes(token: SecretStr | None) -> APIRouter:
    """The `/metrics` route, guarded by `token` when there is one."""
    router = APIRouter()
    expected = token.get_secret_value().encode() if token is not None else None

    @router.get(PATH, tags=["service"], summary="Prometheus metrics", response_class=Response)
    async def metrics(request: Request) -> Response:
        if expected is not None and not _bearer_matches(request, expected):
            return JSONResponse(
                {"error": "/metrics needs Authorization: Bearer <BOT_METRICS_TOKEN>"},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        body, content_type = exposition()
        return Response(body, media_type=content_type)

    return router


def _bearer_matches(request: Request, expected: bytes) -> bool:
    scheme, _, sent = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(sent.strip().encode(), expected)
