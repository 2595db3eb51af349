"""`DynamoSessionStore`: the `SessionStore` contract on one DynamoDB table, for many workers and
for the whole bot on AWS Lambda.

What the table holds is `bot.sessions.dynamodb_items`. Every write is one conditional request,
atomic in DynamoDB: a save whose expected version is not the stored one changes nothing and raises
`SessionConflict`, unless what it finds is its own token (botocore retried a write whose answer
was lost). Liveness is judged by the caller's `now`; DynamoDB's own TTL deletion is lazy (days),
so an item past `expires_at` counts as absent until it goes.

A failure to reach DynamoDB or a refusal by it (network, timeout, throttling, a missing table, no
credentials) is raised as `SessionStoreUnavailable` with a fixed reason. It must never put a
table name, key, account id or stored value in that reason, and never call DynamoDB with a
request that is not bounded in time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from botocore.exceptions import ClientError, NoRegionError

from bot import strict_json
from bot.aws_clients import bounded_client
from bot.aws_errors import CALL_ERRORS, CODE_CAUSES, error_code, failure_of
from bot.sessions.base import (
    MissedUtterance,
    SessionConflict,
    SessionStoreUnavailable,
    StoredSession,
)
from bot.sessions.dynamodb_items import (
    MAX_ITEM_BYTES,
    PARTITION_KEY,
    TTL_ATTRIBUTE,
    decode_document,
    expiry,
    is_live,
    is_same_write,
    item_size,
    key_of,
    missed_counter_pk,
    missed_item,
    missed_slot_pk,
    number,
    record_item,
    record_pk,
    session_item,
    session_pk,
)
from bot.turn import SessionKey

SCHEME = "dynamodb"
_TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")

_NEW_SESSION = f"attribute_not_exists({PARTITION_KEY}) OR {TTL_ATTRIBUTE} <= :now"
_SAME_VERSION = f"version = :expected AND {TTL_ATTRIBUTE} > :now"
_NEW_RECORD = _NEW_SESSION


# ---------------------------------------------------------------- errors


class _ConditionFailed(Exception):
    """A conditional write refused; `item` is what the table holds instead (None: nothing)."""

    def __init__(self, item: dict[str, Any] | None) -> None:
        super().__init__("condition failed")
        self.item = item


_CAUSES = {
    **CODE_CAUSES,
    "ResourceNotFoundException": "the table does not exist (bot sessions create-table makes it)",
    "ProvisionedThroughputExceededException": "throttled",
    "RequestLimitExceeded": "throttled",
}


def unavailable_reason(exc: Exception) -> str:
    """A fixed description of a DynamoDB failure: never its table, key, account or endpoint."""
    failure = failure_of(exc, _CAUSES)
    if not failure.refused:
        return f"DynamoDB: {failure.cause or failure.name}"
    code = failure.name if failure.name.isalnum() else "error"  # it is shown on /health
    return f"DynamoDB: {code}: {failure.cause}" if failure.cause else f"DynamoDB: {code}"


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
            # A turn waits at most about 3 attempts × (2 s connect + 3 s read) for the store;
            # standard retries cover throttling, 5xx answers and broken connections.
            return bounded_client(
                "dynamodb",
                self.region,
                read_timeout=3,
                connect_timeout=2,
                attempts=3,
                max_pool_connections=64,  # above BOT_TURN_THREADS (40) + /health + the purge timer
                # The store builds every request itself; botocore re-checking them cost ~0.3 ms.
                parameter_validation=False,
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
        answer = self._call("get_item", Key=key_of(session_pk(key)), ConsistentRead=True)
        item = answer.get("Item")
        if item is None or not is_live(item, now):
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
        item = session_item(key, data, version=version, expires_at=expiry(now, ttl_seconds))
        if item_size(item) > MAX_ITEM_BYTES:
            raise strict_json.JsonRefused("is larger than a DynamoDB item may be (400 KB)")
        values = {":now": number(now)}
        if expected_version:
            values[":expected"] = number(expected_version)
        try:
            self._put(item, _SAME_VERSION if expected_version else _NEW_SESSION, values)
        except _ConditionFailed as failed:
            if is_same_write(failed.item, item):
                return version  # an earlier attempt landed; its answer was lost
            found = failed.item
            current = int(found["version"]["N"]) if found is not None and is_live(found, now) else 0
            raise SessionConflict(
                f"session {key.session_id} is at version {current}, not {expected_version}"
            ) from None
        return version

    def delete(self, key: SessionKey, now: float | None = None) -> bool:
        # Expired or not, the item goes (it costs the same write); only a live one counts.
        answer = self._call("delete_item", Key=key_of(session_pk(key)), ReturnValues="ALL_OLD")
        old = answer.get("Attributes")
        return old is not None and (now is None or is_live(old, now))

    def remember(self, namespace: str, record_id: str, *, now: float, ttl_seconds: float) -> bool:
        item = record_item(namespace, record_id, expires_at=expiry(now, ttl_seconds))
        try:
            self._put(item, _NEW_RECORD, {":now": number(now)})
        except _ConditionFailed as failed:
            return is_same_write(failed.item, item)  # an earlier attempt landed
        return True

    def forget(self, namespace: str, record_id: str) -> bool:
        key = key_of(record_pk(namespace, record_id))
        return "Attributes" in self._call("delete_item", Key=key, ReturnValues="ALL_OLD")

    def record_missed(
        self, entry: MissedUtterance, *, max_count: int, max_age_seconds: float
    ) -> None:
        """A ring of `max_count` items per bot: an atomic counter picks the slot, which the
        entry overwrites (the oldest); TTL on `expires_at` drops what outlives the age."""
        if max_count <= 0:
            return
        expires_at = expiry(entry.at, max_age_seconds)
        answer = self._call(
            "update_item",
            Key=key_of(missed_counter_pk(entry.bot_id)),
            # Names, not words: DynamoDB reserves hundreds of attribute names.
            UpdateExpression="ADD #n :one SET #ring = :ring, #expires = :expires",
            ExpressionAttributeNames={"#n": "n", "#ring": "ring", "#expires": TTL_ATTRIBUTE},
            ExpressionAttributeValues={
                ":one": number(1),
                ":ring": number(max_count),
                ":expires": number(expires_at),
            },
            ReturnValues="UPDATED_NEW",
        )
        written = int(answer["Attributes"]["n"]["N"])
        slot = (written - 1) % max_count
        self._call("put_item", Item=missed_item(entry, slot, expires_at=expires_at))

    def missed_utterances(
        self, bot_id: str, *, since: float, now: float, max_age_seconds: float
    ) -> list[MissedUtterance]:
        counter = self._call(
            "get_item", Key=key_of(missed_counter_pk(bot_id)), ConsistentRead=True
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

    # ------------------------------------------------------------ calls

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
            keys = [key_of(pk) for pk in pks[start : start + 100]]
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
        except CALL_ERRORS as exc:
            if (
                isinstance(exc, ClientError)
                and error_code(exc) == "ConditionalCheckFailedException"
            ):
                raise _ConditionFailed(exc.response.get("Item")) from None
            raise SessionStoreUnavailable(unavailable_reason(exc)) from exc
        return answer
