"""Slack request signing, checked on the raw body before anything is parsed or processed.

`slack_sdk`'s `SignatureVerifier` computes `v0=HMAC-SHA256(secret, "v0:{ts}:{body}")`, compares in
constant time and refuses timestamps more than five minutes from now (replays). Its clock is the
one we pass, so tests control time. The signing secret is never logged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from slack_sdk.signature import Clock, SignatureVerifier


class _InjectedClock(Clock):
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now()


class SlackSignature:
    """Whether a request really comes from Slack, and recently."""

    def __init__(self, signing_secret: str, clock: Callable[[], float]) -> None:
        self._verifier = SignatureVerifier(signing_secret, clock=_InjectedClock(clock))

    def is_valid(self, body: bytes, headers: Mapping[str, str]) -> bool:
        timestamp = headers.get("x-slack-request-timestamp")
        signature = headers.get("x-slack-signature")
        if not timestamp or not signature or not timestamp.strip().isdigit():
            return False  # the verifier's int() would raise on a malformed timestamp
        return self._verifier.is_valid(body=body, timestamp=timestamp, signature=signature)
