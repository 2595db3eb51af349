"""The boto3 clients of the search services, made at the first question and kept.

boto3 is imported at the first call (`bot.aws_clients`), never when the bot starts. Region and
credentials come from the standard AWS settings, the region from the resource's ARN when it
names a real one (an export may say `region`); `AWS_ENDPOINT_URL_KENDRA` and
`AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME` point a client elsewhere, as botocore reads them. Every
call is bounded (connect and read timeouts) and tried at most twice (botocore's standard retries:
throttling, 5xx, a dropped connection or a timeout). What goes wrong becomes `SearchFailure`,
whose text names the service, the operation and the error code: never the question, the answer
or a credential.
"""

from __future__ import annotations

import threading
from typing import Any

from bot.aws_clients import bounded_client, region_of
from bot.errors import BotError

CONNECT_TIMEOUT = 3.0
ATTEMPTS = 2  # the call and one retry


class SearchFailure(BotError):
    """A search service could not be asked, failed or did not answer in time; the conversation
    goes on without an answer."""


class ServiceClients:
    """One client per (service, region), each with `timeout` seconds to answer."""

    def __init__(self, timeouts: dict[str, float]) -> None:
        self.timeouts = timeouts
        self._clients: dict[tuple[str, str | None], Any] = {}
        self._lock = threading.Lock()

    def call(self, service: str, arn: str, operation: str, **params: Any) -> dict[str, Any]:
        """`operation` of `service` in the region of `arn`; its parsed response."""
        try:
            from bot.aws_errors import CALL_ERRORS, failure_of
        except ImportError:
            raise SearchFailure(f"boto3 is needed to call {service}") from None
        try:
            response: dict[str, Any] = getattr(self._client(service, arn), operation)(**params)
        except CALL_ERRORS as exc:
            reason = failure_of(exc).name
            raise SearchFailure(f"{service} {operation} failed: {reason}") from None
        response.pop("ResponseMetadata", None)
        return response

    def _client(self, service: str, arn: str) -> Any:
        region = region_of(arn)
        with self._lock:
            client = self._clients.get((service, region))
            if client is None:
                client = bounded_client(
                    service,
                    region,
                    read_timeout=self.timeouts[service],
                    connect_timeout=CONNECT_TIMEOUT,
                    attempts=ATTEMPTS,
                )
                self._clients[(service, region)] = client
            return client
