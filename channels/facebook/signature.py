"""Is a webhook call really from Meta? The `X-Hub-Signature-256` HMAC of the raw body and the
verify token of the subscription handshake.

The algorithm is fixed (HMAC-SHA256); it is never taken from the request, and every comparison is
constant-time. Nothing here parses the body: the signature covers the bytes exactly as received.
"""

from __future__ import annotations

import hashlib
import hmac

from pydantic import SecretStr

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="


def expected_signature(raw_body: bytes, app_secret: str) -> str:
    """The header value Meta sends for `raw_body`: `sha256=` and the hex HMAC-SHA256."""
    digest = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def signature_valid(raw_body: bytes, header: str | None, app_secret: SecretStr | None) -> bool:
    """True only when `header` is the HMAC-SHA256 of `raw_body` keyed with the app secret."""
    if not header or app_secret is None or not header.startswith(_PREFIX):
        return False
    expected = expected_signature(raw_body, app_secret.get_secret_value())
    return hmac.compare_digest(header.strip().lower().encode(), expected.encode())


def verify_token_matches(given: str | None, configured: SecretStr | None) -> bool:
    """The subscription handshake's `hub.verify_token` against ours, in constant time."""
    if given is None or configured is None:
        return False
    return hmac.compare_digest(given.encode(), configured.get_secret_value().encode())
