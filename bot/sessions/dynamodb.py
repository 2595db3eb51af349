"""`DynamoSessionStore`: the `SessionStore` contract on one DynamoDB table, for many workers and
for the whole bot on AWS Lambda.

One item per session and one per channel delivery record, under a string partition key `pk`
(`s:<bot>:<alias>:<locale>:<session id>` or `r:<namespace>:<record id>`, each part
percent-quoted); a bot's missed utterances are a ring of items `m:<bot>:<slot>` with a counter
`mc:<bot>`. A session item is `pk`, `doc` (the compact JSON document, zlib-compressed as a
binary when that is smaller: a typical turn then stays within one write unit, 1 KB), `version`,
`expires_at` (whole epoch seconds, the table's TTL attribute) and `token` (random, per write). A
record is `pk`, `expires_at` and `token`. Every write is one conditional request, atomic in
DynamoDB: a save whose expected version is not the stored one changes nothing and raises
`SessionConflict`, unless what it finds is its own token (botocore retried a write whose answer
was lost). Liveness is judged by the caller's `now`; DynamoDB's own TTL deletion is lazy (days),
so an item past `expires_at` counts as absent until it goes.

A failure to reach DynamoDB or a refusal by it (network, timeout, throttling, a missing table, no
credentials) is raised as `SessionStoreUnavailable` with a fixed reason. It must never put a
table name, key, account id or stored value in that reason, and never call DynamoDB with a
request that is not bounded in time.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import secrets
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    ConnectTimeoutError,
    HTTPClientError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from bot import strict_json
from bot.sessions.base import (
    MissedUtterance,
    SessionConflict,
    SessionStoreUnavailable,
    StoredSession,
)
from bot.turn import SessionKey

SCHEME = "dynamodb"
PARTITION_KEY = "pk"
TTL_ATTRIBUTE = "expires_at"
# A random token per write: a retried write that finds its own earlier attempt knows it is one.
WRITE_TOKEN = "token"
MAX_ITEM_BYTES = 400 * 1024  # DynamoDB's item size limit
MAX_KEY_BYTES = 2048  # DynamoDB's partition key limit; longer keys are hashed
_TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")

# Bounded calls: a turn waits at most about 3 attempts × (2 s connect + 3 s read) for the store.
# Standard retries cover throttling, 5xx answers and broken connections, with jittered backoff.
CLIENT_CONFIG = Config(
    connect_timeout=2,
    read_timeout=3,
    retries={"total_max_attempts": 3, "mode": "standard"},
    max_pool_connections=64,  # above BOT_TURN_THREADS (40) + /health + the purge timer
    # The store builds every request itself; botocore re-checking them cost ~0.3 ms CPU a call.
    parameter_validation=False,
)

_NEW_SESSION = f"attribute_not_exists({PARTITION_KEY}) OR {TTL_ATTRIBUTE} <= :now"
_SAME_VERSION = f"version = :expected AND {TTL_ATTRIBUTE} > :now"
_NEW_RECORD = _NEW_SESSION


# ---------------------------------------------------------------- items


def _part(text: str) -> str:
    return quote(text, safe="")


def _bounded(pk: str) -> str:
    """`pk`, or a hash of it when it is longer than DynamoDB allows a partition key."""
    if len(pk.encode()) <= MAX_KEY_BYTES:
        return pk
    return "h:" + hashlib.sha256(pk.encode()).hexdigest()


def session_pk(key: SessionKey) -> str:
    parts = (key.bot_id, key.alias_id, key.locale_id, key.session_id)
    return _bounded("s:" + ":".join(_part(p) for p in parts))


def record_pk(namespace: str, record_id: str) -> str:
    return _bounded(f"r:{_part(namespace)}:{_part(record_id)}")


def missed_counter_pk(bot_id: str) -> str:
    return _bounded(f"mc:{_part(bot_id)}")


def missed_slot_pk(bot_id: str, slot: int) -> str:
    return _bounded(f"m:{_part(bot_id)}:{slot}")


def _number(value: float) -> dict[str, str]:
    return {"N": repr(value) if isinstance(value, float) else str(value)}


def _expiry(now: float, ttl_seconds: float) -> int:
    """Whole epoch seconds, as DynamoDB's TTL wants them (rounded up: never before the TTL)."""
    return math.ceil(now + ttl_seconds)


def encode_document(data: dict[str, Any]) -> dict[str, Any]:
    """The `doc` attribute: compact JSON text, or zlib-compressed JSON when that is smaller."""
    raw = strict_json.dumps(data)  # strict: never stores what it cannot send
    packed = zlib.compress(raw, 9)
    return {"B": packed} if len(packed) < len(raw) else {"S": raw.decode()}


def decode_document(attribute: dict[str, Any]) -> dict[str, Any]:
    if "B" in attribute:
        return dict(json.loads(zlib.decompress(attribute["B"])))
    return dict(json.loads(attribute["S"]))


def item_size(item: dict[str, dict[str, Any]]) -> int:
    """An item's size as DynamoDB bills and limits it: attribute names plus values (a string
    or binary by its bytes, a number by about one byte per two significant digits, plus one)."""
    size = 0
    for name, value in item.items():
        size += len(name.encode())
        if "S" in value:
            size += len(value["S"].encode())
        elif "B" in value:
            size += len(value["B"])
        elif "N" in value:
            digits = value["N"].lstrip("-").replace(".", "").strip("0") or "0"
            size += math.ceil(len(digits) / 2) + 1
    return size


def _write_token() -> dict[str, str]:
    return {"S": secrets.token_hex(6)}


def _ours(found: dict[str, Any] | None, written: dict[str, Any]) -> bool:
    """Whether the item a refused write found is that very write, made by an earlier attempt
    of the same request (botocore retries a write whose answer was lost)."""
    return found is not None and found.get(WRITE_TOKEN) == written[WRITE_TOKEN]


def _live(item: dict[str, Any] | None, now: float) -> bool:
    return item is not None and float(item[TTL_ATTRIBUTE]["N"]) > now


# ---------------------------------------------------------------- errors


class _ConditionFailed(Exception):
    """A conditional write refused; `item` is what the table holds instead (None: nothing)."""

    def __init__(self, item: dict[str, Any] | None) -> None:
        super().__init__("condition failed")
        self.item = item


_CODE_REASONS = {
    "ResourceNotFoundException": "the table does not exist (bot sessions create-table makes it)",
    "ProvisionedThroughputExceededException": "throttled",
    "ThrottlingException": "throttled",
    "RequestLimitExceeded": "throttled",
    "AccessDeniedException": "access denied",
    "UnrecognizedClientException": "the credentials are not recognised",
    "ExpiredTokenException": "the credentials have expired",
}


def unavailable_reason(exc: Exception) -> str:
    """A fixed description of a DynamoDB failure: never its table, key, account or endpoint."""
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", "error"))
        reason = _CODE_REASONS.get(code)
        safe_code = code if code.isalnum() else "error"
        return f"DynamoDB: {safe_code}: {reason}" if reason else f"DynamoDB: {safe_code}"
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return "DynamoDB: no AWS credentials"
    if isinstance(exc, ConnectTimeoutError | ReadTimeoutError):
        return "DynamoDB: timed out"
    if isinstance(exc, ConnectionError):
        return "DynamoDB: cannot connect"
    if isinstance(exc, HTTPClientError):
        return "DynamoDB: connection lost"
    return f"DynamoDB: {type(exc).__name__}"


# ---------------------------------------------------------------- the table


@dataclass(frozen=True, slots=True)
class StoreUrl:
    table: str
    region: str | None = None

    @classmethod
    def parse(cls, url: str) -> StoreUrl:
        """`dynamodb://TABLE` or `dynamodb://TABLE?region=eu-west-1`."""
        parts = urlsplit(url)
        table = parts.netloc
        if (
            parts.scheme != SCHEME
            or not _TABLE_NAME.fullmatch(table)
            or parts.path not in ("", "/")
        ):
            raise ValueError(
                f"Session store URL {url!r} is not dynamodb://TABLE[?region=…] "
                "(a table name of 3-255 letters, digits, '_', '-' or '.')"
            )
        query = dict(parse_qsl(parts.query))
        region = query.pop("region", None)
        if query:
            raise ValueError(f"Session store URL {url!r}: unknown option(s) {sorted(query)}")
        return cls(table, region)

    def client(self) -> Any:
        """A DynamoDB client: the URL's region, else the standard AWS settings (environment,
        config files, instance role); `AWS_ENDPOINT_URL_DYNAMODB` points it elsewhere."""
        try:
            return boto3.session.Session().client(
                "dynamodb", region_name=self.region, config=CLIENT_CONFIG
            )
        except NoRegionError:
            raise ValueError(
                f"DynamoDB table {self.table!r} needs a region: add ?region=… to the URL or set "
                "AWS_REGION"
            ) from None


class DynamoSessionStore:
    # DynamoDB deletes items past `expires_at` by itself (its TTL, free of charge): a purge by
    # scanning would pay for what TTL does free, so `purge_expired` has nothing to do.
    expires_entries_itself = True

    def __init__(self, table: str, client: Any) -> None:
        self.table = table
        self._client = client

    @classmethod
    def from_url(cls, url: str) -> DynamoSessionStore:
        parsed = StoreUrl.parse(url)
        return cls(parsed.table, parsed.client())

    def __repr__(self) -> str:
        return f"DynamoSessionStore(table={self.table!r})"

    # ------------------------------------------------------------ SessionStore

    def load(self, key: SessionKey, now: float) -> StoredSession | None:
        answer = self._call("get_item", Key=self._key(session_pk(key)), ConsistentRead=True)
        item = answer.get("Item")
        if item is None or not _live(item, now):
            return None
        return StoredSession(
            decode_document(item["doc"]), int(item["version"]["N"]), float(item[TTL_ATTRIBUTE]["N"])
        )

    def save(
        self,
        key: SessionKey,
        data: dict[str, Any],
        *,
        expected_version: int,
        now: float,
        ttl_seconds: float,
    ) -> int:
        version = expected_version + 1
        item = self.session_item(key, data, version=version, expires_at=_expiry(now, ttl_seconds))
        if item_size(item) > MAX_ITEM_BYTES:
            raise strict_json.JsonRefused("is larger than a DynamoDB item may be (400 KB)")
        values = {":now": _number(now)}
        if expected_version:
            values[":expected"] = _number(expected_version)
        try:
            self._put(item, _SAME_VERSION if expected_version else _NEW_SESSION, values)
        except _ConditionFailed as failed:
            if _ours(failed.item, item):
                return version  # an earlier attempt landed; its answer was lost
            found = failed.item
            current = int(found["version"]["N"]) if found is not None and _live(found, now) else 0
            raise SessionConflict(
                f"session {key.session_id} is at version {current}, not {expected_version}"
            ) from None
        return version

    def delete(self, key: SessionKey, now: float | None = None) -> bool:
        # Expired or not, the item goes (it costs the same write); only a live one counts.
        answer = self._call("delete_item", Key=self._key(session_pk(key)), ReturnValues="ALL_OLD")
        old = answer.get("Attributes")
        return old is not None and (now is None or _live(old, now))

    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        item = {
            PARTITION_KEY: {"S": record_pk(namespace, record_id)},
            TTL_ATTRIBUTE: _number(_expiry(now, ttl_seconds)),
            WRITE_TOKEN: _write_token(),
        }
        try:
            self._put(item, _NEW_RECORD, {":now": _number(now)})
        except _ConditionFailed as failed:
            return _ours(failed.item, item)  # an earlier attempt landed
        return True

    def forget(self, namespace: str, record_id: str) -> bool:
        key = self._key(record_pk(namespace, record_id))
        return "Attributes" in self._call("delete_item", Key=key, ReturnValues="ALL_OLD")

    def record_missed(
        self, entry: MissedUtterance, *, max_count: int, max_age_seconds: float
    ) -> None:
        """A ring of `max_count` items per bot: an atomic counter picks the slot, which the
        entry overwrites (the oldest); TTL on `expires_at` drops what outlives the age."""
        if max_count <= 0:
            return
        expires = _number(_expiry(entry.at, max_age_seconds))
        answer = self._call(
            "update_item",
            Key=self._key(missed_counter_pk(entry.bot_id)),
            # Names, not words: DynamoDB reserves hundreds of attribute names.
            UpdateExpression="ADD #n :one SET #ring = :ring, #expires = :expires",
            ExpressionAttributeNames={"#n": "n", "#ring": "ring", "#expires": TTL_ATTRIBUTE},
            ExpressionAttributeValues={
                ":one": _number(1),
                ":ring": _number(max_count),
                ":expires": expires,
            },
            ReturnValues="UPDATED_NEW",
        )
        written = int(answer["Attributes"]["n"]["N"])
        item = {
            PARTITION_KEY: {"S": missed_slot_pk(entry.bot_id, (written - 1) % max_count)},
            "entry": {"S": strict_json.dumps(entry.to_json()).decode()},
            "at": _number(entry.at),
            TTL_ATTRIBUTE: expires,
        }
        self._call("put_item", Item=item)

    def missed_utterances(
        self, bot_id: str, *, since: float, now: float, max_age_seconds: float
    ) -> list[MissedUtterance]:
        counter = self._call(
            "get_item", Key=self._key(missed_counter_pk(bot_id)), ConsistentRead=True
        ).get("Item")
        if counter is None:
            return []
        written, capacity = int(counter["n"]["N"]), int(counter["ring"]["N"])
        slots = sorted({i % capacity for i in range(max(0, written - capacity), written)})
        oldest = now - max_age_seconds
        found = []
        for item in self._get_many([missed_slot_pk(bot_id, slot) for slot in slots]):
            at = float(item["at"]["N"])
            if at >= since and at > oldest:
                found.append(MissedUtterance.from_json(json.loads(item["entry"]["S"])))
        return sorted(found, key=lambda e: e.at)

    def purge_expired(self, now: float, limit: int | None = None) -> int:
        """Nothing to do: DynamoDB's TTL deletes expired items, and they never load meanwhile."""
        return 0

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------ items and calls

    @staticmethod
    def session_item(
        key: SessionKey, data: dict[str, Any], *, version: int, expires_at: int
    ) -> dict[str, dict[str, Any]]:
        """The item `save` writes (also for measuring its size)."""
        return {
            PARTITION_KEY: {"S": session_pk(key)},
            "doc": encode_document(data),
            "version": _number(version),
            TTL_ATTRIBUTE: _number(expires_at),
            WRITE_TOKEN: _write_token(),
        }

    @staticmethod
    def _key(pk: str) -> dict[str, dict[str, str]]:
        return {PARTITION_KEY: {"S": pk}}

    def _put(self, item: dict[str, Any], condition: str, values: dict[str, Any]) -> None:
        self._call(
            "put_item",
            Item=item,
            ConditionExpression=condition,
            ExpressionAttributeValues=values,
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )

    def _get_many(self, pks: list[str]) -> list[dict[str, Any]]:
        """The items of `pks` that exist (BatchGetItem, 100 keys a call, unprocessed keys asked
        again a bounded number of times)."""
        items: list[dict[str, Any]] = []
        for start in range(0, len(pks), 100):
            keys = [self._key(pk) for pk in pks[start : start + 100]]
            for _ in range(5):
                request = {self.table: {"Keys": keys, "ConsistentRead": True}}
                answer = self._call("batch_get_item", with_table=False, RequestItems=request)
                items += answer.get("Responses", {}).get(self.table, [])
                keys = answer.get("UnprocessedKeys", {}).get(self.table, {}).get("Keys", [])
                if not keys:
                    break
            else:
                raise SessionStoreUnavailable("DynamoDB: throttled")
        return items

    def _call(self, operation: str, *, with_table: bool = True, **params: Any) -> dict[str, Any]:
        try:
            table = {"TableName": self.table} if with_table else {}
            answer: dict[str, Any] = getattr(self._client, operation)(**table, **params)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                raise _ConditionFailed(exc.response.get("Item")) from None
            raise SessionStoreUnavailable(unavailable_reason(exc)) from exc
        except BotoCoreError as exc:
            raise SessionStoreUnavailable(unavailable_reason(exc)) from exc
        return answer
