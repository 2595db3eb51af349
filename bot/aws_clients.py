"""Making the boto3 clients of every AWS caller (Lambda code hooks, Bedrock models, Kendra and
Bedrock knowledge bases, the DynamoDB session store), and reading the region an ARN names.

A client is bounded in time (connect and read timeouts) and tried a set number of times with
botocore's standard retries; credentials, the default region and `AWS_ENDPOINT_URL_<SERVICE>`
come from the standard AWS settings. boto3 is imported at the first client, never when this
module is imported: the bot must start without an AWS SDK. What a failed call was is
`bot.aws_errors`.
"""

from __future__ import annotations

import re
from typing import Any

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


def bounded_client(
    service: str,
    region: str | None,
    *,
    read_timeout: float,
    connect_timeout: float,
    attempts: int,
    **options: Any,
) -> Any:
    """A boto3 client of `service` in `region` (None: the session's region, from the standard
    AWS settings), each attempt bounded by the timeouts, `attempts` tries in all. `options` are
    further botocore `Config` settings (pool size, parameter validation)."""
    import boto3
    from botocore.config import Config

    config = Config(
        # Waiting to connect never outlasts the wait for the answer.
        connect_timeout=min(connect_timeout, read_timeout),
        read_timeout=read_timeout,
        retries={"total_max_attempts": attempts, "mode": "standard"},
        **options,
    )
    return boto3.session.Session().client(service, region_name=region, config=config)


# Three readings of an ARN's region, kept apart on purpose: an exported search resource may say
# `region` for a placeholder, a Lambda hook may be a bare function name, a Bedrock model's ARN is
# read as written.


def region_of(arn: str) -> str | None:
    """The region an ARN names, when it looks like a real one: an export may say `region`
    (None: the session's region)."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 and _REGION.match(parts[3]) else None


def arn_region(arn: str) -> str | None:
    """The region field of an ARN, whatever it says (None when it is empty or there is none: the
    session's region)."""
    parts = arn.split(":")
    return (parts[3] or None) if len(parts) > 3 else None


def full_arn_region(name: str) -> str | None:
    """The region of a full ARN (`arn:…`); None for a Lambda function's name or partial ARN,
    which carry no region (the session's region)."""
    return name.split(":")[3] if name.startswith("arn:") else None
