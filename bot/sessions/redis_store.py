"""`RedisSessionStore`: the `SessionStore` contract on a Redis server, shared by many workers.

One Redis hash per session (`<prefix>session:<bot>:<alias>:<locale>:<session id>`, each part
percent-quoted) holds the JSON document, its version and its expiry on the caller's clock; the
key's own TTL is the session's idle TTL, set again on every save, so Redis deletes idle
sessions itself. Every write is one Lua script, atomic in Redis: a save whose expected version is
not the stored one changes nothing and raises `SessionConflict`. Delivery records are plain keys
holding their expiry, with their own TTL. Liveness is judged by the `now` the caller passes (the
contract's clock), the key TTL only frees memory; both agree when `now` is the wall clock.

A failure to reach Redis or a refusal by it (down, timeout, OOM, read-only replica) is raised as
`SessionStoreUnavailable` with a fixed reason; the pool reconnects by itself when the server is
back. It must never log or repeat the URL's password, and never hold a connection while a caller
computes a turn: each operation takes a pooled connection for one round trip.
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot import strict_json
from bot.sessions.base import (
    MissedUtterance,
    SessionConflict,
    SessionStoreUnavailable,
    StoredSession,
)
from bot.turn import SessionKey

SCHEMES = ("redis", "rediss")
DEFAULT_KEY_PREFIX = "lexbot:"
# Connection defaults; the URL's query (`?socket_timeout=…&max_connections=…`) may override them.
POOL_DEFAULTS: dict[str, Any] = {
    "max_connections": 64,  # above BOT_TURN_THREADS (40) + /health + the purge timer
    "timeout": 5.0,  # seconds a caller waits for a free pooled connection
    "socket_timeout": 2.0,
    "socket_connect_timeout": 2.0,
    "socket_keepalive": True,
}

# KEYS[1] session; ARGV: expected version, now, document, expires_at, ttl in ms.
# An expired session counts as version 0, whatever Redis still holds.
_SAVE = """
local fields = redis.call('HMGET', KEYS[1], 'version', 'expires_at')
local current = 0
if fields[1] and tonumber(fields[2]) > tonumber(ARGV[2]) then current = tonumber(fields[1]) end
if current ~= tonumber(ARGV[1]) then return {0, current} end
redis.call('HSET', KEYS[1], 'document', ARGV[3], 'version', current + 1, 'expires_at', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, current + 1}
"""

# KEYS[1] session; ARGV[1] now, or '' when the caller has no clock (any stored session counts).
_DELETE = """
if ARGV[1] == '' then return redis.call('DEL', KEYS[1]) end
local expires = redis.call('HGET', KEYS[1], 'expires_at')
if not expires then return 0 end
redis.call('DEL', KEYS[1])
if tonumber(expires) > tonumber(ARGV[1]) then return 1 end
return 0
"""

# KEYS[1] record; ARGV: now, expires_at, ttl in ms. Not a bare SET NX: a record whose expiry has
# passed on the caller's clock is absent even while its key lives.
_REMEMBER = """
local expires = redis.call('GET', KEYS[1])
if expires and tonumber(expires) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
"""


# KEYS[1] the bot's missed utterances (a sorted set by time); ARGV: at, member, oldest kept
# (exclusive), max count, key TTL in ms. One script: the bounds hold whoever writes at once.
_RECORD_MISSED = """
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
"""


def redacted(url: str) -> str:
    """`url` with its password replaced by `***`: the only form of it ever shown."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port is not None else ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}{port}"))


_Arg = str | int | bytes  # what a script takes as ARGV


def _ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


def _number(value: float) -> str:
    return repr(float(value))  # exact round trip through Lua's doubles


# Most specific first: redis-py raises these for Redis's error codes and socket failures.
_REASONS: tuple[tuple[type[redis.RedisError], str], ...] = (
    (redis.AuthenticationError, "authentication failed"),
    (redis.exceptions.AuthorizationError, "authentication failed"),
    (redis.BusyLoadingError, "still loading its data (LOADING)"),
    (redis.TimeoutError, "timed out"),
    (redis.ConnectionError, "cannot connect"),
    (redis.OutOfMemoryError, "out of memory (OOM)"),
    (redis.ReadOnlyError, "a read-only replica (READONLY)"),
    (redis.exceptions.NoPermissionError, "no permission (NOPERM)"),
)


def _reason(exc: redis.RedisError) -> str:
    """A fixed description of a Redis failure: never its host, port or password."""
    for kind, text in _REASONS:
        if isinstance(exc, kind):
            return f"Redis: {text}"
    code = str(exc).split(" ", 1)[0]  # an error reply redis-py has no class for: MISCONF, BUSY…
    if isinstance(exc, redis.ResponseError) and code.isalpha() and code.isupper():
        return f"Redis: {code}"
    return f"Redis: {type(exc).__name__}"


@contextmanager
def _reaching_redis() -> Iterator[None]:
    try:
        yield
    except redis.RedisError as exc:
        raise SessionStoreUnavailable(_reason(exc)) from exc


class RedisSessionStore:
    # Redis drops expired keys by itself: `purge_expired` has nothing to do.
    expires_entries_itself = True

    def __init__(self, client: redis.Redis, *, key_prefix: str = DEFAULT_KEY_PREFIX) -> None:
        self._client = client
        self.key_prefix = key_prefix
        self._save = client.register_script(_SAVE)
        self._delete = client.register_script(_DELETE)
        self._remember = client.register_script(_REMEMBER)
        self._record_missed = client.register_script(_RECORD_MISSED)

    @classmethod
    def from_url(cls, url: str, **pool_options: Any) -> RedisSessionStore:
        """`redis://[:password@]host[:port][/db][?option=value…]` or `rediss://…` (TLS).
        `key_prefix` in the query sets the prefix of every key (default `lexbot:`); the other
        options are redis-py's (`socket_timeout`, `max_connections`, …) over `POOL_DEFAULTS`."""
        parts = urlsplit(url)
        shown = redacted(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise ValueError(f"Session store URL {shown!r} is not redis://host[:port][/db]")
        if parts.path.strip("/") and not parts.path.strip("/").isdigit():
            raise ValueError(f"Session store URL {shown!r}: the database must be a number")
        query = dict(parse_qsl(parts.query))
        key_prefix = query.pop("key_prefix", DEFAULT_KEY_PREFIX)
        rest = urlunsplit(parts._replace(query=urlencode(query)))
        options = POOL_DEFAULTS | pool_options
        try:
            pool = redis.BlockingConnectionPool.from_url(
                rest,
                # One quick retry on a broken connection (the server restarted since it was
                # pooled); never on a timeout, when the write may have happened.
                retry=Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError,)),
                **options,
            )
            pool.connection_class(**pool.connection_kwargs)  # checks the options, connects not
        except (TypeError, ValueError) as exc:  # an unknown or malformed query option
            raise ValueError(f"Session store URL {shown!r}: {exc}") from None
        return cls(redis.Redis(connection_pool=pool), key_prefix=key_prefix)

    def __repr__(self) -> str:
        return f"RedisSessionStore(key_prefix={self.key_prefix!r})"

    # ------------------------------------------------------------ keys

    def session_key(self, key: SessionKey) -> str:
        parts = (key.bot_id, key.alias_id, key.locale_id, key.session_id)
        return f"{self.key_prefix}session:" + ":".join(quote(p, safe="") for p in parts)

    def record_key(self, namespace: str, record_id: str) -> str:
        return f"{self.key_prefix}record:{quote(namespace, safe='')}:{quote(record_id, safe='')}"

    def missed_key(self, bot_id: str) -> str:
        return f"{self.key_prefix}missed:{quote(bot_id, safe='')}"

    # ------------------------------------------------------------ SessionStore

    def load(self, key: SessionKey, now: float) -> StoredSession | None:
        with _reaching_redis():
            document, version, expires_at = self._client.hmget(
                self.session_key(key), ["document", "version", "expires_at"]
            )
        if document is None or version is None or expires_at is None:
            return None
        if float(expires_at) <= now:
            return None
        return StoredSession(json.loads(document), int(version), float(expires_at))

    def save(
        self,
        key: SessionKey,
        data: dict[str, Any],
        *,
        expected_version: int,
        now: float,
        ttl_seconds: float,
    ) -> int:
        document = strict_json.dumps(data)  # strict: never stores what it cannot send
        expires_at = _number(now + ttl_seconds)
        args: list[_Arg] = [expected_version, _number(now), document, expires_at, _ms(ttl_seconds)]
        with _reaching_redis():
            saved, version = self._save(keys=[self.session_key(key)], args=args)
        if not saved:
            raise SessionConflict(
                f"session {key.session_id} is at version {version}, not {expected_version}"
            )
        return int(version)

    def delete(self, key: SessionKey, now: float | None = None) -> bool:
        clock = "" if now is None else _number(now)
        with _reaching_redis():
            return bool(self._delete(keys=[self.session_key(key)], args=[clock]))

    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        args: list[_Arg] = [_number(now), _number(now + ttl_seconds), _ms(ttl_seconds)]
        with _reaching_redis():
            return bool(self._remember(keys=[self.record_key(namespace, record_id)], args=args))

    def forget(self, namespace: str, record_id: str) -> bool:
        with _reaching_redis():
            return self._client.delete(self.record_key(namespace, record_id)) == 1

    def record_missed(
        self, entry: MissedUtterance, *, max_count: int, max_age_seconds: float
    ) -> None:
        # A random nonce keeps two equal entries apart in the set.
        member = strict_json.dumps({"n": secrets.token_hex(4), "e": entry.to_json()})
        args: list[_Arg] = [
            _number(entry.at),
            member,
            _number(entry.at - max_age_seconds),
            max(0, max_count),
            _ms(max_age_seconds),
        ]
        with _reaching_redis():
            self._record_missed(keys=[self.missed_key(entry.bot_id)], args=args)

    def missed_utterances(
        self, bot_id: str, *, since: float, now: float, max_age_seconds: float
    ) -> list[MissedUtterance]:
        oldest = now - max_age_seconds
        low = _number(since) if since > oldest else "(" + _number(oldest)
        with _reaching_redis():
            members = self._client.zrangebyscore(self.missed_key(bot_id), low, "+inf")
        # redis-py types the members loosely; they are the JSON texts `record_missed` wrote.
        texts: list[bytes] = list(members)  # type: ignore[arg-type]
        return [MissedUtterance.from_json(json.loads(t)["e"]) for t in texts]

    def purge_expired(self, now: float, limit: int | None = None) -> int:
        """Nothing to do: every key carries its TTL and Redis deletes it when that passes."""
        return 0

    def close(self) -> None:
        self._client.close()
        self._client.connection_pool.disconnect()
