"""What only the Redis store promises: one key per session with the idle TTL as the key's TTL,
records that Redis expires itself, a compare-and-set that holds across processes, and failures
that say "unavailable" without the URL's password."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis

from bot.sessions import SessionStoreUnavailable, open_store
from bot.sessions.redis_store import RedisSessionStore
from bot.sessions.upkeep import write_problem
from bot.turn import SessionKey
from tests.redis_servers import RedisServer, delete_keys, free_port, with_key_prefix
from tests.sessions import redis_workers, workers

NOW = 1_000_000.0
TTL = 300.0
KEY = SessionKey("BOT1234567", "TSTALIASID", "en_US", "session-1")
PROCESS_TIMEOUT = 30.0


@pytest.fixture
def prefixed_url(redis_url: str) -> Iterator[str]:
    """A URL with a key prefix of its own; its keys are deleted afterwards."""
    url, prefix = with_key_prefix(redis_url)
    yield url
    delete_keys(redis_url, prefix)


@pytest.fixture
def store(prefixed_url: str) -> Iterator[RedisSessionStore]:
    opened = open_store(prefixed_url)
    assert isinstance(opened, RedisSessionStore)
    yield opened
    opened.close()


@pytest.fixture
def server(redis_url: str) -> Iterator[redis.Redis]:
    """A plain client of the same server, to look at the keys the store wrote."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def run_two_processes(target: Callable[..., None], url: str, arg: Any) -> list[Any]:
    """Run `target(url, arg, barrier, queue)` in two spawned processes released together."""
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=target, args=(url, arg(i), start, results)) for i in range(2)]
    for proc in procs:
        proc.start()
    try:
        outcomes = [results.get(timeout=PROCESS_TIMEOUT) for _ in procs]
    finally:
        for proc in procs:
            proc.join(PROCESS_TIMEOUT)
    assert [proc.exitcode for proc in procs] == [0, 0]
    return outcomes


# ---------------------------------------------------------------- key layout and TTLs


def test_a_session_is_one_hash_holding_document_version_and_expiry(
    store: RedisSessionStore, server: redis.Redis
) -> None:
    store.save(KEY, {"intent": "BookHotel"}, expected_version=0, now=NOW, ttl_seconds=TTL)
    name = store.session_key(KEY)
    assert name == f"{store.key_prefix}session:BOT1234567:TSTALIASID:en_US:session-1"
    assert server.hgetall(name) == {
        "document": '{"intent":"BookHotel"}',
        "version": "1",
        "expires_at": str(NOW + TTL),
    }


def test_key_parts_are_quoted_so_two_sessions_never_share_a_key(store: RedisSessionStore) -> None:
    one = SessionKey("BOT1234567", "$CHANNELS", "en_US", "a:b")
    other = SessionKey("BOT1234567", "$CHANNELS:en_US", "a", "b")
    assert store.session_key(one) != store.session_key(other)
    assert store.session_key(one).endswith("session:BOT1234567:%24CHANNELS:en_US:a%3Ab")


def test_the_key_ttl_is_the_idle_ttl_and_each_save_sets_it_again(
    store: RedisSessionStore, server: redis.Redis
) -> None:
    store.save(KEY, {"turn": 1}, expected_version=0, now=NOW, ttl_seconds=TTL)
    name = store.session_key(KEY)
    first = server.pttl(name)
    assert TTL * 1000 - 2000 < first <= TTL * 1000
    time.sleep(0.05)
    assert server.pttl(name) < first  # Redis's clock runs …
    store.save(KEY, {"turn": 2}, expected_version=1, now=NOW + 1, ttl_seconds=2 * TTL)
    assert server.pttl(name) > first  # … and a save sets the idle TTL again


def test_a_session_is_gone_from_redis_once_its_ttl_passes(
    store: RedisSessionStore, server: redis.Redis
) -> None:
    store.save(KEY, {"turn": 1}, expected_version=0, now=NOW, ttl_seconds=0.2)
    wait_until(lambda: not server.exists(store.session_key(KEY)))
    assert store.load(KEY, NOW) is None
    assert store.save(KEY, {"fresh": True}, expected_version=0, now=NOW, ttl_seconds=TTL) == 1


def test_a_delivery_record_has_its_own_ttl_and_expires_in_redis(
    store: RedisSessionStore, server: redis.Redis
) -> None:
    assert store.remember("slack", "Ev01", now=NOW, ttl_seconds=0.3)
    name = store.record_key("slack", "Ev01")
    assert 0 < server.pttl(name) <= 300
    assert not store.remember("slack", "Ev01", now=NOW, ttl_seconds=0.3)
    wait_until(lambda: not server.exists(name))
    # The same clock as before: only Redis's expiry can have made it new again.
    assert store.remember("slack", "Ev01", now=NOW, ttl_seconds=0.3)


def test_purge_expired_has_nothing_to_do(store: RedisSessionStore, server: redis.Redis) -> None:
    store.save(KEY, {"turn": 1}, expected_version=0, now=NOW, ttl_seconds=TTL)
    assert store.purge_expired(NOW + 2 * TTL) == 0
    assert server.exists(store.session_key(KEY))  # its TTL, not the purge, deletes it


# ---------------------------------------------------------------- two processes


def test_two_processes_saving_the_same_version_one_wins_and_the_other_conflicts(
    store: RedisSessionStore, prefixed_url: str
) -> None:
    store.save(workers.KEY, {"writer": None}, expected_version=0, now=NOW, ttl_seconds=TTL)
    outcomes = run_two_processes(redis_workers.save_over_version_1, prefixed_url, lambda i: i)
    assert sorted(kind for kind, _, _ in outcomes) == ["conflict", "saved"]
    winner = next(writer for kind, writer, _ in outcomes if kind == "saved")
    stored = store.load(workers.KEY, workers.NOW)
    assert stored is not None and (stored.data, stored.version) == ({"writer": winner}, 2)


def test_two_processes_incrementing_one_session_lose_no_update(
    store: RedisSessionStore, prefixed_url: str
) -> None:
    outcomes = run_two_processes(redis_workers.increment, prefixed_url, lambda _i: 200)
    stored = store.load(workers.KEY, workers.NOW)
    assert stored is not None
    assert stored.data["count"] == stored.version == sum(times for times, _ in outcomes) == 400


# ---------------------------------------------------------------- failures and the URL


def test_an_unreachable_server_is_unavailable_with_a_reason_that_names_no_password() -> None:
    store = open_store(f"redis://:hunter2@127.0.0.1:{free_port()}/0?socket_connect_timeout=1")
    for call in (
        lambda: store.load(KEY, NOW),
        lambda: store.save(KEY, {}, expected_version=0, now=NOW, ttl_seconds=TTL),
        lambda: store.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL),
    ):
        with pytest.raises(SessionStoreUnavailable, match=r"^Redis: cannot connect$"):
            call()
    assert write_problem(store, NOW) == "the session store cannot be written: Redis: cannot connect"
    store.close()


def test_a_server_that_stops_answering_times_out_and_is_used_again_when_it_answers() -> None:
    with RedisServer() as server:
        store = open_store(f"{server.url}?socket_timeout=0.3")
        store.save(KEY, {"turn": 1}, expected_version=0, now=NOW, ttl_seconds=TTL)
        server.freeze()
        try:
            started = time.monotonic()
            with pytest.raises(SessionStoreUnavailable, match=r"^Redis: timed out$"):
                store.load(KEY, NOW)
            assert time.monotonic() - started < 2  # one socket timeout, no retry of a timeout
        finally:
            server.thaw()
        stored = store.load(KEY, NOW)
        assert stored is not None and stored.data == {"turn": 1}
        store.close()


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("redis://:hunter2@localhost:6379/x", "the database must be a number"),
        ("redis://:hunter2@localhost:6379/0?bogus=1", "unexpected keyword argument 'bogus'"),
        ("redis://:hunter2@/0", "is not redis://host"),
    ],
)
def test_a_bad_url_is_refused_with_the_password_hidden(url: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint) as refused:
        open_store(url)
    assert "hunter2" not in str(refused.value) and ":***@" in str(refused.value)


def test_the_url_sets_the_key_prefix_and_the_store_never_shows_its_password() -> None:
    store = open_store("rediss://:hunter2@localhost:6380/2?key_prefix=eventbot:")
    assert isinstance(store, RedisSessionStore) and store.key_prefix == "eventbot:"
    assert "hunter2" not in repr(store)
    store.close()
