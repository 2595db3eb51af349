"""`BOT_API_RATE_LIMIT`: per client (access key, token or address), a token bucket; past it,
429 `ThrottlingException` (V1 `LimitExceededException`) with `Retry-After`."""

from __future__ import annotations

import httpx
import pytest
from botocore.exceptions import ClientError

from bot.security import SecuritySettings
from bot.security.throttling import TokenBuckets, retry_after_seconds
from tests.security.conftest import (
    OTHER_KEY_ID,
    OTHER_SECRET,
    client,
    error_type,
    served,
    sigv4_settings,
    v2_path,
)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_client_past_its_burst_is_throttled_in_lex_shape(runtime, ids, session_id):
    settings = sigv4_settings(api_rate_limit=0.2, api_rate_burst=2)
    with served(runtime, settings) as url:
        lex = client("lexv2-runtime", url)
        sid = session_id()
        lex.recognize_text(**ids, sessionId=sid, text="hello")
        lex.get_session(**ids, sessionId=sid)
        with pytest.raises(ClientError) as exc:
            lex.get_session(**ids, sessionId=sid)
        response = exc.value.response
        assert response["Error"]["Code"] == "ThrottlingException"
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 429
        assert int(response["ResponseMetadata"]["HTTPHeaders"]["retry-after"]) >= 1
        # Another access key has its own bucket.
        other = client("lexv2-runtime", url, OTHER_KEY_ID, OTHER_SECRET)
        assert other.get_session(**ids, sessionId=sid)["sessionId"] == sid


def test_v1_is_throttled_with_limit_exceeded_and_retry_after(runtime, session_id):
    settings = SecuritySettings(api_rate_limit=0.1, api_rate_burst=1)
    with served(runtime, settings) as url:
        lex_v1 = client("lex-runtime", url)
        names = {"botName": runtime.identity.name, "botAlias": "$LATEST", "userId": session_id()}
        lex_v1.post_text(**names, inputText="hello")
        with pytest.raises(lex_v1.exceptions.LimitExceededException) as exc:
            lex_v1.post_text(**names, inputText="hello")
        assert int(exc.value.response["retryAfterSeconds"]) >= 1


def test_without_authentication_clients_are_told_apart_by_address(runtime, ids):
    with served(runtime, SecuritySettings(api_rate_limit=0.1, api_rate_burst=1)) as url:
        assert httpx.get(url + v2_path(ids, "nobody-1")).status_code == 404
        response = httpx.get(url + v2_path(ids, "nobody-1"))
        assert (response.status_code, error_type(response)) == (429, "ThrottlingException")
        assert httpx.get(f"{url}/health").status_code == 200  # never limited


def test_buckets_refill_at_the_rate():
    clock = Clock()
    buckets = TokenBuckets(rate=2.0, burst=2, clock=clock)
    assert buckets.take("a") is None and buckets.take("a") is None
    wait = buckets.take("a")
    assert wait == pytest.approx(0.5)
    clock.now += 0.5
    assert buckets.take("a") is None
    assert retry_after_seconds(0.2) == 1 and retry_after_seconds(2.1) == 3


def test_buckets_forget_the_client_seen_longest_ago():
    clock = Clock()
    buckets = TokenBuckets(rate=1.0, burst=1, max_clients=3, clock=clock)
    for name in ("a", "b", "c"):
        assert buckets.take(name) is None
    assert buckets.take("a") is not None  # a is throttled, and now the most recently seen
    assert buckets.take("d") is None  # b, seen longest ago, is forgotten
    assert len(buckets) == 3
    assert buckets.take("b") is None  # back with a full bucket
