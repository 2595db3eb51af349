"""The items of the DynamoDB session store, in DynamoDB's typed JSON: their keys, the session
document, their size and the attributes every write carries. Pure data: it never calls DynamoDB
nor imports boto3.

One item per session and one per channel delivery record, under a string partition key `pk`
(`s:<bot>:<alias>:<locale>:<session id>` or `r:<namespace>:<record id>`, each part
percent-quoted, hashed when longer than DynamoDB allows); a bot's missed utterances are a ring of
items `m:<bot>:<slot>` with a counter `mc:<bot>`. A session item is `pk`, `doc` (the compact JSON
document, zlib-compressed as a binary when that is smaller: a typical turn then stays within one
write unit, 1 KB), `version`, `expires_at` (whole epoch seconds, the table's TTL attribute) and
`token` (random, per write). A record is `pk`, `expires_at` and `token`.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import zlib
from typing import Any
from urllib.parse import quote

from bot import strict_json
from bot.sessions.base import MissedUtterance
from bot.turn import SessionKey

PARTITION_KEY = "pk"
TTL_ATTRIBUTE = "expires_at"
# A random token per write: a retried write that finds its own earlier attempt knows it is one.
WRITE_TOKEN = "token"
MAX_ITEM_BYTES = 400 * 1024  # DynamoDB's item size limit
MAX_KEY_BYTES = 2048  # DynamoDB's partition key limit; longer keys are hashed

Item = dict[str, dict[str, Any]]


# ---------------------------------------------------------------- keys


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


def key_of(pk: str) -> dict[str, dict[str, str]]:
    """The `Key` of a request for the item `pk`."""
    return {PARTITION_KEY: {"S": pk}}


# ---------------------------------------------------------------- attributes


def number(value: float) -> dict[str, str]:
    return {"N": repr(value) if isinstance(value, float) else str(value)}


def expiry(now: float, ttl_seconds: float) -> int:
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


def write_token() -> dict[str, str]:
    return {"S": secrets.token_hex(6)}


# ---------------------------------------------------------------- whole items


def session_item(key: SessionKey, data: dict[str, Any], *, version: int, expires_at: int) -> Item:
    """The item a session's save writes (also for measuring its size)."""
    return {
        PARTITION_KEY: {"S": session_pk(key)},
        "doc": encode_document(data),
        "version": number(version),
        TTL_ATTRIBUTE: number(expires_at),
        WRITE_TOKEN: write_token(),
    }


def record_item(namespace: str, record_id: str, *, expires_at: int) -> Item:
    """The item `remember` writes: a delivery record is its key and its expiry."""
    return {
        PARTITION_KEY: {"S": record_pk(namespace, record_id)},
        TTL_ATTRIBUTE: number(expires_at),
        WRITE_TOKEN: write_token(),
    }


def missed_item(entry: MissedUtterance, slot: int, *, expires_at: int) -> Item:
    """The item of one missed utterance, at `slot` of its bot's ring."""
    return {
        PARTITION_KEY: {"S": missed_slot_pk(entry.bot_id, slot)},
        "entry": {"S": strict_json.dumps(entry.to_json()).decode()},
        "at": number(entry.at),
        TTL_ATTRIBUTE: number(expires_at),
    }


def item_size(item: Item) -> int:
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


def is_live(item: dict[str, Any] | None, now: float) -> bool:
    """Whether `item` is there and not past its `expires_at` (DynamoDB's TTL deletes lazily)."""
    return item is not None and float(item[TTL_ATTRIBUTE]["N"]) > now


def is_same_write(found: dict[str, Any] | None, written: dict[str, Any]) -> bool:
    """Whether the item a refused write found is that very write, made by an earlier attempt
    of the same request (botocore retries a write whose answer was lost)."""
    return found is not None and found.get(WRITE_TOKEN) == written[WRITE_TOKEN]
