"""Creating the DynamoDB table the `dynamodb://` session store needs (`bot sessions
create-table`): on-demand capacity, the string partition key `pk`, TTL on `expires_at`.

Running it again is safe: an existing table is left as it is, except that TTL is switched on
when it is off (a table whose creation was interrupted). It must never delete or change the
data of an existing table, nor a table whose key is not the store's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from bot.aws_errors import CALL_ERRORS, error_code
from bot.sessions.base import SessionStoreUnavailable
from bot.sessions.dynamodb import StoreUrl, unavailable_reason
from bot.sessions.dynamodb_items import PARTITION_KEY, TTL_ATTRIBUTE

# How long to wait for a new table to become ACTIVE (seconds between checks × checks).
WAIT_DELAY_SECONDS = 1
WAIT_ATTEMPTS = 120


@dataclass(frozen=True, slots=True)
class TableSetup:
    table: str
    created: bool  # False: it existed already
    ttl_attribute: str | None  # the attribute TTL is on now (None: off)
    ttl_switched_on: bool  # TTL was off and is on now

    def describe(self) -> str:
        if self.created:
            done = "created"
        else:
            done = "exists already" if self.ttl_switched_on else "exists already, left as it is"
        if self.ttl_attribute is None:
            return f"table {self.table} {done}; TTL is off: expired sessions are not deleted"
        if self.ttl_attribute != TTL_ATTRIBUTE:
            return (
                f"table {self.table} {done}; TTL is on for {self.ttl_attribute}, not "
                f"{TTL_ATTRIBUTE}: expired sessions are not deleted"
            )
        ttl = "switched on" if self.ttl_switched_on and not self.created else "on"
        return f"table {self.table} {done}; TTL {ttl} for {self.ttl_attribute}"


def create_table(url: str) -> TableSetup:
    """Create the table `url` (`dynamodb://TABLE[?region=…]`) names, or check the one there.

    Raises `ValueError` for a bad URL or a table with another key, `SessionStoreUnavailable`
    when DynamoDB cannot be reached or refuses."""
    parsed = StoreUrl.parse(url)
    client = parsed.client()
    try:
        return _ensure(client, parsed.table)
    except CALL_ERRORS as exc:
        raise SessionStoreUnavailable(unavailable_reason(exc)) from exc
    finally:
        client.close()


def _ensure(client: Any, table: str) -> TableSetup:
    try:
        client.create_table(
            TableName=table,
            AttributeDefinitions=[{"AttributeName": PARTITION_KEY, "AttributeType": "S"}],
            KeySchema=[{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        created = True
    except ClientError as exc:
        if error_code(exc) != "ResourceInUseException":
            raise
        created = False  # it exists (or is being created by someone else)
    client.get_waiter("table_exists").wait(
        TableName=table, WaiterConfig={"Delay": WAIT_DELAY_SECONDS, "MaxAttempts": WAIT_ATTEMPTS}
    )
    if not created:
        _check_key(client, table)
    ttl = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        return TableSetup(table, created, ttl.get("AttributeName"), ttl_switched_on=False)
    if ttl.get("TimeToLiveStatus") == "DISABLING":
        return TableSetup(table, created, None, ttl_switched_on=False)  # cannot switch now
    client.update_time_to_live(
        TableName=table,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
    )
    return TableSetup(table, created, TTL_ATTRIBUTE, ttl_switched_on=True)


def _check_key(client: Any, table: str) -> None:
    description = client.describe_table(TableName=table)["Table"]
    schema = description["KeySchema"]
    types = {a["AttributeName"]: a["AttributeType"] for a in description["AttributeDefinitions"]}
    only_pk = [{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}]
    if schema != only_pk or types.get(PARTITION_KEY) != "S":
        keys = ", ".join(
            f"{k['AttributeName']} ({k['KeyType']}, {types.get(k['AttributeName'])})"
            for k in schema
        )
        raise ValueError(
            f"table {table} exists with the key {keys}; the session store needs a table whose "
            f"only key is the string partition key {PARTITION_KEY!r}: name another table"
        )
