"""The DynamoDB store's own behaviour, against moto's server on loopback (the shared contract is
in test_contract.py): its items, conditional writes between workers, retries whose answer was
lost, expiry, errors, and `bot sessions create-table`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from bot.sessions import SessionConflict, SessionStoreUnavailable, open_store
from bot.sessions.dynamodb import DynamoSessionStore, StoreUrl
from bot.sessions.dynamodb_items import MAX_ITEM_BYTES, item_size, record_pk, session_pk
from bot.sessions.dynamodb_table import create_table
from bot.sessions.upkeep import write_problem
from bot.strict_json import JsonRefused
from bot.turn import SessionKey
from tests.dynamodb_servers import ENDPOINT_ENV, LossyProxy, table_url
from tests.redis_servers import free_port

NOW = 1_000_000.0
TTL = 300.0
KEY = SessionKey("BOT1234567", "TSTALIASID", "en_US", "session-1")
MISSING_TABLE = "DynamoDB: ResourceNotFoundException: the table does not exist"


def table_of(url: str) -> str:
    return StoreUrl.parse(url).table


def raw_item(url: str, pk: str) -> dict[str, Any] | None:
    client = boto3.client("dynamodb")
    try:
        answer = client.get_item(TableName=table_of(url), Key={"pk": {"S": pk}})
    finally:
        client.close()
    return answer.get("Item")


def save(store: Any, data: dict, version: int, *, now: float = NOW) -> int:
    return int(store.save(KEY, data, expected_version=version, now=now, ttl_seconds=TTL))


# ---------------------------------------------------------------- URLs


def test_open_store_dynamodb_url_gives_a_store_on_that_table_in_that_region(
    dynamodb_endpoint: str,
) -> None:
    opened = open_store("dynamodb://my-sessions?region=eu-west-1")
    assert isinstance(opened, DynamoSessionStore) and opened.table == "my-sessions"
    assert opened._client.meta.region_name == "eu-west-1"
    opened.close()


@pytest.mark.parametrize(
    "url",
    ["dynamodb://", "dynamodb://ab", "dynamodb://t a", "dynamodb://tbl/x", "dynamodb://tbl?x=1"],
)
def test_a_dynamodb_url_without_a_valid_table_or_with_unknown_options_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="dynamodb://"):
        open_store(url)


# ---------------------------------------------------------------- items


def test_a_save_writes_one_item_with_the_document_a_version_and_the_ttl_attribute(
    dynamodb_store: DynamoSessionStore, dynamodb_url: str
) -> None:
    save(dynamodb_store, {"turn": 1}, 0)
    item = raw_item(dynamodb_url, session_pk(KEY))
    assert item is not None and set(item) == {"pk", "doc", "version", "expires_at", "token"}
    assert item["pk"] == {"S": "s:BOT1234567:TSTALIASID:en_US:session-1"}
    assert item["doc"] == {"S": '{"turn":1}'}  # small: compact JSON text, as it is
    assert item["version"] == {"N": "1"}
    assert item["expires_at"] == {"N": str(int(NOW + TTL))}


def test_each_save_moves_the_ttl_attribute_to_its_time_plus_the_idle_ttl(
    dynamodb_store: DynamoSessionStore, dynamodb_url: str
) -> None:
    save(dynamodb_store, {"turn": 1}, 0)
    save(dynamodb_store, {"turn": 2}, 1, now=NOW + 100.25)
    item = raw_item(dynamodb_url, session_pk(KEY))
    assert item is not None and item["version"] == {"N": "2"}
    assert item["expires_at"] == {"N": str(int(NOW + 101 + TTL))}  # whole seconds, rounded up


def test_an_expired_item_still_in_the_table_loads_as_absent_and_is_replaced_from_version_0(
    dynamodb_store: DynamoSessionStore, dynamodb_url: str
) -> None:
    save(dynamodb_store, {"turn": 1}, 0)
    later = NOW + TTL + 1
    assert raw_item(dynamodb_url, session_pk(KEY)) is not None  # TTL deletion has not run
    assert dynamodb_store.load(KEY, later) is None
    assert dynamodb_store.delete(KEY, later) is False
    save(dynamodb_store, {"turn": 1}, 0)
    assert save(dynamodb_store, {"fresh": True}, 0, now=later) == 1


def test_a_large_document_is_stored_compressed_and_loads_back(
    dynamodb_store: DynamoSessionStore, dynamodb_url: str
) -> None:
    data = {"messages": [f"message number {n} of a long conversation" for n in range(200)]}
    save(dynamodb_store, data, 0)
    item = raw_item(dynamodb_url, session_pk(KEY))
    assert item is not None and "B" in item["doc"] and item_size(item) < 1024
    loaded = dynamodb_store.load(KEY, NOW)
    assert loaded is not None and loaded.data == data


def test_a_document_larger_than_a_dynamodb_item_is_refused_and_nothing_is_written(
    dynamodb_store: DynamoSessionStore, dynamodb_url: str
) -> None:
    noise = os.urandom(MAX_ITEM_BYTES).hex()  # does not compress
    with pytest.raises(JsonRefused, match="400 KB"):
        save(dynamodb_store, {"attribute": noise}, 0)
    assert raw_item(dynamodb_url, session_pk(KEY)) is None


def test_keys_are_quoted_so_parts_holding_the_separator_never_meet() -> None:
    a = SessionKey("B", "A", "en_US", "x:y")
    b = SessionKey("B", "A", "en_US:x", "y")
    assert session_pk(a) != session_pk(b)
    assert record_pk("slack", "Ev:1") != record_pk("slack:Ev", "1")
    assert len(session_pk(SessionKey("B", "A", "en_US", "x" * 5000))) < 100  # hashed


# ---------------------------------------------------------------- two workers, lost answers


def test_two_workers_saving_the_same_version_one_wins_and_the_other_conflicts(
    dynamodb_url: str,
) -> None:
    first, second = open_store(dynamodb_url), open_store(dynamodb_url)
    save(first, {"turn": 1}, 0)
    loaded_by_first, loaded_by_second = first.load(KEY, NOW), second.load(KEY, NOW)
    assert loaded_by_first is not None and loaded_by_second is not None
    assert save(first, {"turn": 2, "by": "first"}, loaded_by_first.version) == 2
    with pytest.raises(SessionConflict, match="at version 2, not 1"):
        save(second, {"turn": 2, "by": "second"}, loaded_by_second.version)
    stored = second.load(KEY, NOW)
    assert stored is not None and (stored.data, stored.version) == ({"turn": 2, "by": "first"}, 2)
    first.close()
    second.close()


@pytest.fixture
def losing_a_put(
    dynamodb_url: str, dynamodb_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[DynamoSessionStore, LossyProxy]]:
    """A store whose first PutItem reaches DynamoDB but loses its answer (botocore retries)."""
    with LossyProxy(dynamodb_endpoint, "PutItem") as proxy:
        monkeypatch.setenv(ENDPOINT_ENV, proxy.url)
        opened = DynamoSessionStore.from_url(dynamodb_url)
        yield opened, proxy
        opened.close()


def test_a_save_whose_answer_was_lost_and_retried_by_botocore_is_not_a_conflict(
    losing_a_put: tuple[DynamoSessionStore, LossyProxy],
) -> None:
    through_proxy, proxy = losing_a_put
    assert save(through_proxy, {"turn": 1}, 0) == 1
    assert proxy.forwarded == ["PutItem", "PutItem"]  # made, answer lost, retried
    stored = through_proxy.load(KEY, NOW)
    assert stored is not None and (stored.data, stored.version) == ({"turn": 1}, 1)


def test_a_remember_whose_answer_was_lost_and_retried_still_counts_as_the_first(
    losing_a_put: tuple[DynamoSessionStore, LossyProxy],
) -> None:
    through_proxy, proxy = losing_a_put
    assert through_proxy.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL) is True
    assert proxy.forwarded == ["PutItem", "PutItem"]
    assert through_proxy.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL) is False


# ---------------------------------------------------------------- failures


def test_a_missing_table_makes_the_store_unavailable_with_a_reason_naming_no_table(
    dynamodb_endpoint: str,
) -> None:
    missing = open_store("dynamodb://no-such-table")
    with pytest.raises(SessionStoreUnavailable, match="table does not exist") as raised:
        missing.load(KEY, NOW)
    assert "no-such-table" not in str(raised.value)
    problem = write_problem(missing, NOW)  # what /health answers
    assert problem is not None and MISSING_TABLE in problem
    assert "no-such-table" not in problem
    missing.close()


def test_an_unreachable_endpoint_makes_the_store_unavailable_within_seconds(
    dynamodb_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENDPOINT_ENV, f"http://127.0.0.1:{free_port()}")  # nothing listens
    unreachable = open_store("dynamodb://sessions")
    started = time.monotonic()
    with pytest.raises(SessionStoreUnavailable, match="^DynamoDB: cannot connect$"):
        unreachable.save(KEY, {"turn": 1}, expected_version=0, now=NOW, ttl_seconds=TTL)
    assert time.monotonic() - started < 10
    unreachable.close()


# ---------------------------------------------------------------- create-table


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "sessions", "create-table", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=120,
        check=False,
    )


def test_create_table_makes_an_on_demand_table_with_ttl_and_a_second_run_changes_nothing(
    dynamodb_endpoint: str,
) -> None:
    url = table_url()
    first = run_cli("--sessions", url)
    assert first.returncode == 0, first.stderr
    assert f"table {table_of(url)} created; TTL on for expires_at" in first.stdout
    again = run_cli(env={"BOT_SESSIONS": url})  # the option's default
    assert again.returncode == 0, again.stderr
    assert "exists already, left as it is; TTL on for expires_at" in again.stdout
    client = boto3.client("dynamodb")
    table = client.describe_table(TableName=table_of(url))["Table"]
    ttl = client.describe_time_to_live(TableName=table_of(url))["TimeToLiveDescription"]
    client.close()
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}


def table_made_by_hand(key: str) -> str:
    """The URL of a new on-demand table keyed by the string `key`, without TTL."""
    url = table_url()
    client = boto3.client("dynamodb")
    client.create_table(
        TableName=table_of(url),
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.close()
    return url


def test_create_table_switches_ttl_on_for_a_table_left_without_it(dynamodb_endpoint: str) -> None:
    setup = create_table(table_made_by_hand("pk"))
    assert (setup.created, setup.ttl_attribute, setup.ttl_switched_on) == (
        False,
        "expires_at",
        True,
    )


def test_create_table_refuses_an_existing_table_with_another_key(dynamodb_endpoint: str) -> None:
    result = run_cli("--sessions", table_made_by_hand("id"))
    assert result.returncode == 1
    assert "exists with the key id (HASH, S)" in result.stderr


def test_create_table_refuses_a_url_of_another_store_without_repeating_it() -> None:
    result = run_cli(env={"BOT_SESSIONS": "redis://:s3cret@127.0.0.1:6379/0"})
    assert result.returncode == 1
    assert "not a dynamodb:// store" in result.stderr and "s3cret" not in result.stderr
