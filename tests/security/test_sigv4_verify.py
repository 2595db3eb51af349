"""`verify` alone: a request signed by botocore's `SigV4Auth`, as the server receives it."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from urllib.parse import urlsplit

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from pydantic import SecretStr

from bot.errors import IncompleteSignature, InvalidSignature, UnrecognizedClient
from bot.security.sigv4 import ReceivedRequest, parse_authorization, verify

SECRETS = {"AKID1": SecretStr("secret-one")}
HOST = "http://127.0.0.1:8000"


def _received(request: AWSRequest, **changes) -> ReceivedRequest:
    url = urlsplit(request.url)
    headers = [(k.lower(), v) for k, v in request.headers.items()]
    headers.append(("host", url.netloc))
    fields = {
        "method": request.method,
        "raw_path": url.path,
        "query": url.query,
        "headers": headers,
        "body": request.body or b"",
    }
    return ReceivedRequest(**{**fields, **changes})


def _signed(method: str, path: str, body: bytes = b"", headers: dict | None = None) -> AWSRequest:
    request = AWSRequest(method=method, url=HOST + path, data=body, headers=headers or {})
    SigV4Auth(Credentials("AKID1", "secret-one"), "lex", "us-east-1").add_auth(request)
    return request


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_a_percent_encoded_path_is_signed_encoded_twice_as_botocore_does():
    request = _signed("GET", "/bot/EventBot/alias/%24LATEST/user/u-1/session/")
    assert verify(_received(request), SECRETS, now=_now()) == "AKID1"
    decoded = _received(request, raw_path="/bot/EventBot/alias/$LATEST/user/u-1/session/")
    with pytest.raises(InvalidSignature):
        verify(decoded, SECRETS, now=_now())


def test_the_query_is_canonicalised_whatever_its_order_and_encoding():
    request = _signed("GET", "/x?b=2&a=hello%20world")
    assert verify(_received(request, query="a=hello%20world&b=2"), SECRETS, now=_now())
    with pytest.raises(InvalidSignature):
        verify(_received(request, query="a=hello&b=2"), SECRETS, now=_now())


def test_a_date_header_may_stand_for_x_amz_date():
    moment = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)
    request = AWSRequest(method="GET", url=HOST + "/x", headers={"Date": format_datetime(moment)})
    request.context["timestamp"] = moment.strftime("%Y%m%dT%H%M%SZ")
    signer = SigV4Auth(Credentials("AKID1", "secret-one"), "lex", "us-east-1")
    canonical = signer.canonical_request(request)
    signature = signer.signature(signer.string_to_sign(request, canonical), request)
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential=AKID1/20261118/us-east-1/lex/aws4_request, "
        f"SignedHeaders=date;host, Signature={signature}"
    )
    assert verify(_received(request), SECRETS, now=moment) == "AKID1"


def test_unsigned_and_streaming_payloads_are_refused():
    request = _signed("POST", "/x", b"{}", {"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
    with pytest.raises(InvalidSignature, match="x-amz-content-sha256"):
        verify(_received(request), SECRETS, now=_now())


def test_a_signed_header_left_out_is_refused():
    request = _signed("POST", "/x", b"{}", {"Content-Type": "application/json"})
    received = _received(request)
    without = [(k, v) for k, v in received.headers if k != "content-type"]
    with pytest.raises(InvalidSignature, match="content-type"):
        verify(_received(request, headers=without), SECRETS, now=_now())


def test_an_unknown_key_is_named_before_anything_else():
    request = _signed("GET", "/x")
    with pytest.raises(UnrecognizedClient):
        verify(_received(request), {"OTHER": SecretStr("x")}, now=_now())


def test_errors_never_show_the_secret_or_the_expected_signature():
    request = _signed("GET", "/x")
    with pytest.raises(InvalidSignature) as exc:
        verify(_received(request, raw_path="/y"), SECRETS, now=_now())
    assert "secret-one" not in str(exc.value)
    good = _signed("GET", "/y").headers["Authorization"].rpartition("=")[2]
    assert good not in str(exc.value)


@pytest.mark.parametrize(
    "header",
    [
        "AWS4-HMAC-SHA1 Credential=A/20260101/r/lex/aws4_request, SignedHeaders=host, Signature=0",
        "AWS4-HMAC-SHA256 Credential=A/2026/r/lex/aws4_request, SignedHeaders=host, Signature="
        + "0" * 64,
        "AWS4-HMAC-SHA256 Credential=A/20260101/r/lex/aws4_request, SignedHeaders=x-amz-date, "
        "Signature=" + "0" * 64,
    ],
)
def test_malformed_authorizations(header):
    with pytest.raises(IncompleteSignature):
        parse_authorization(header)
