"""AWS Signature Version 4 verification for the Lex runtime API, as AWS does it.

`verify` recomputes the signature of a received request — method, the path as received (then
normalised and URI-encoded once more, as botocore's `SigV4Auth` does for every service but S3:
`%24LATEST` is signed as `%2524LATEST`), the query, the signed headers, the SHA-256 of the body,
the credential scope `<date>/<region>/lex/aws4_request` — with botocore's own canonicalisation
helpers (`SigV4Auth` is the reference implementation), and compares it in constant time. It
answers the caller's access key id, or raises one of the `NotAuthenticated` errors with AWS's
type and message.

It must never log or put in an error message a secret key, a signature it computed or the string
it signed; it never trusts the request to choose the algorithm or the service.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote, unquote

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials
from botocore.utils import normalize_url_path
from pydantic import SecretStr

from bot.errors import (
    IncompleteSignature,
    InvalidSignature,
    MissingAuthentication,
    UnrecognizedClient,
)

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "lex"
MAX_SKEW_SECONDS = 300  # AWS refuses a request signed more than 5 minutes from its own clock
_SCOPE_DATE = re.compile(r"^\d{8}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class ReceivedRequest:
    """A request as it came in: the path still percent-encoded, header names in lower case."""

    method: str
    raw_path: str
    query: str
    headers: Sequence[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key == name]


@dataclass(frozen=True, slots=True)
class Authorization:
    """The parts of an `Authorization: AWS4-HMAC-SHA256 …` header."""

    access_key: str
    date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> Authorization:
    """The Credential, SignedHeaders and Signature of a SigV4 `Authorization` header."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise IncompleteSignature(
            f"Authorization header requires the {ALGORITHM} algorithm (got {algorithm[:32]!r})"
        )
    parts: dict[str, str] = {}
    for item in rest.split(","):
        name, equals, part = item.strip().partition("=")
        if equals:
            parts[name] = part.strip()
    missing = [n for n in ("Credential", "SignedHeaders", "Signature") if not parts.get(n)]
    if missing:
        raise IncompleteSignature(
            f"Authorization header requires {', '.join(missing)} parameter(s)"
        )
    scope = parts["Credential"].split("/")
    if len(scope) != 5 or not scope[0] or not _SCOPE_DATE.match(scope[1]):
        raise IncompleteSignature(
            "Credential must have the form ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request"
        )
    if scope[4] != "aws4_request":
        raise InvalidSignature(
            "Credential should be scoped with a valid terminator: 'aws4_request'"
        )
    signed = tuple(name.strip().lower() for name in parts["SignedHeaders"].split(";"))
    if "host" not in signed:
        raise IncompleteSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.")
    if not _HEX64.match(parts["Signature"]):
        raise IncompleteSignature("Signature must be 64 lower-case hexadecimal characters")
    return Authorization(scope[0], scope[1], scope[2], scope[3], signed, parts["Signature"])


def verify(request: ReceivedRequest, secrets: Mapping[str, SecretStr], *, now: datetime) -> str:
    """The access key id that signed `request`, or the error AWS would answer."""
    headers = request.header("authorization")
    if not headers:
        raise MissingAuthentication("Missing Authentication Token")
    if len(headers) > 1:
        raise IncompleteSignature("Only one Authorization header is allowed")
    auth = parse_authorization(headers[0])
    secret = secrets.get(auth.access_key)
    if secret is None:
        raise UnrecognizedClient("The security token included in the request is invalid.")
    if auth.service != SERVICE:
        raise InvalidSignature(f"Credential should be scoped to correct service: '{SERVICE}'.")
    timestamp = _signing_time(request)
    if auth.date != timestamp[:8]:
        raise InvalidSignature(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
            "from HTTP: "
            f"'{auth.date}' != '{timestamp[:8]}', from '{timestamp}'."
        )
    _check_fresh(timestamp, now)
    payload_hash = _payload_hash(request)
    signer = SigV4Auth(
        Credentials(auth.access_key, secret.get_secret_value()), SERVICE, auth.region
    )
    expected = signature(signer, request, auth.signed_headers, timestamp, payload_hash)
    if not hmac.compare_digest(expected.encode(), auth.signature.encode()):
        raise InvalidSignature(
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details."
        )
    return auth.access_key


def signature(
    signer: SigV4Auth,
    request: ReceivedRequest,
    signed_headers: Sequence[str],
    timestamp: str,
    payload_hash: str,
) -> str:
    """The signature `signer`'s credentials give `request` (botocore's steps, server side)."""
    header_map = HTTPHeaders()
    for name in signed_headers:
        values = request.header(name)
        if not values:
            raise InvalidSignature(f"The signed header {name[:64]!r} is not in the request.")
        for value in values:
            header_map[name] = value  # an HTTPHeaders item set twice keeps both values
    # The query as botocore signs it: each name and value (decoded first) URI-encoded, sorted.
    aws_request = AWSRequest(method=request.method, url="http://signed", params=_query(request))
    aws_request.context["timestamp"] = timestamp
    canonical = "\n".join(
        [
            request.method.upper(),
            # SigV4Auth._normalize_url_path: the received (already encoded) path, encoded again.
            quote(normalize_url_path(request.raw_path), safe="/~"),
            signer.canonical_query_string(aws_request),
            signer.canonical_headers(header_map) + "\n",
            signer.signed_headers(header_map),
            payload_hash,
        ]
    )
    string_to_sign = signer.string_to_sign(aws_request, canonical)
    return str(signer.signature(string_to_sign, aws_request))


def _query(request: ReceivedRequest) -> list[tuple[str, str]]:
    pairs = []
    for item in request.query.split("&"):
        if item:
            name, _, value = item.partition("=")
            pairs.append((unquote(name), unquote(value)))
    return pairs


def _signing_time(request: ReceivedRequest) -> str:
    """`X-Amz-Date` (or, as the spec allows, `Date`) as SigV4's `YYYYMMDDTHHMMSSZ`."""
    amz_date, date = request.header("x-amz-date"), request.header("date")
    try:
        if amz_date:
            moment = datetime.strptime(amz_date[0], SIGV4_TIMESTAMP).replace(tzinfo=UTC)
        elif date:
            moment = parsedate_to_datetime(date[0]).astimezone(UTC)
        else:
            raise IncompleteSignature(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                "header."
            )
    except (ValueError, TypeError):
        raise IncompleteSignature("X-Amz-Date must be in the form YYYYMMDD'T'HHMMSS'Z'") from None
    return moment.strftime(SIGV4_TIMESTAMP)


def _check_fresh(timestamp: str, now: datetime) -> None:
    signed = datetime.strptime(timestamp, SIGV4_TIMESTAMP).replace(tzinfo=UTC)
    skew = (signed - now).total_seconds()
    stamp = now.strftime(SIGV4_TIMESTAMP)
    if skew < -MAX_SKEW_SECONDS:
        earliest = datetime.fromtimestamp(now.timestamp() - MAX_SKEW_SECONDS, UTC)
        raise InvalidSignature(
            f"Signature expired: {timestamp} is now earlier than "
            f"{earliest.strftime(SIGV4_TIMESTAMP)} ({stamp} - 5 min.)"
        )
    if skew > MAX_SKEW_SECONDS:
        latest = datetime.fromtimestamp(now.timestamp() + MAX_SKEW_SECONDS, UTC)
        raise InvalidSignature(
            f"Signature not yet current: {timestamp} is still later than "
            f"{latest.strftime(SIGV4_TIMESTAMP)} ({stamp} + 5 min.)"
        )


def _payload_hash(request: ReceivedRequest) -> str:
    """The body's SHA-256; a claimed `X-Amz-Content-SHA256` must be exactly that (no unsigned
    or streaming payloads: every runtime operation served here signs its body)."""
    computed = hashlib.sha256(request.body).hexdigest()
    claimed = request.header("x-amz-content-sha256")
    if not claimed:
        return computed
    if len(claimed) > 1 or claimed[0].strip().lower() != computed:
        raise InvalidSignature(
            "The provided 'x-amz-content-sha256' header does not match what was computed."
        )
    return claimed[0]  # signed as sent, like botocore does
