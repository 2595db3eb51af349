"""Slack request signing, checked on the raw body before anything is parsed or processed.

Slack's v0 scheme, with the algorithm fixed here: `v0=HMAC-SHA256(secret, "v0:{ts}:{body}")` over
the raw bytes, compared in constant time, and timestamps more than five minutes from now refused
(replays). The clock is the one we pass, so tests control time. A malformed header (a timestamp
that is not plain ASCII digits, a signature that is not ASCII) is refused like a wrong signature,
never an error. The signing secret is never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping

MAX_AGE_SECONDS = 300
_TIMESTAMP = re.compile(r"[0-9]{1,15}")  # [0-9], not \d: "²" is a digit to str.isdigit()


class SlackSignature:
    """Whether a request really comes from Slack, and recently."""

    def __init__(self, signing_secret: str, clock: Callable[[], float]) -> None:
        if not signing_secret.strip():
            raise ValueError("the Slack signing secret is empty")
        self._secret = signing_secret.encode()
        self._clock = clock

    def is_valid(self, body: bytes, headers: Mapping[str, str]) -> bool:
        timestamp = headers.get("x-slack-request-timestamp") or ""
        signature = headers.get("x-slack-signature") or ""
        if not _TIMESTAMP.fullmatch(timestamp) or not signature.isascii():
            return False
        if abs(self._clock() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected.encode(), signature.encode())
