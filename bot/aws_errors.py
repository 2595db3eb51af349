"""What a failed AWS call was, in a few words safe to log and to show.

Every boto3 caller (Lambda code hooks, Bedrock models, Kendra and Bedrock knowledge bases, the
DynamoDB session store) catches `CALL_ERRORS` and reads `failure_of(error)`; each keeps its own
error type and wording. A failure names only the service's error code or botocore's exception
class: never a resource name, key, account id, endpoint or credential. This module imports
botocore, so it is imported where boto3 is first used, never when the bot starts (its
ImportError is the caller's "boto3 is needed").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    ConnectTimeoutError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
)

# A refusal by the service (ClientError) or no answer from it (BotoCoreError).
CALL_ERRORS = (ClientError, BotoCoreError)

# Error codes every AWS service answers alike; a caller adds its service's own.
CODE_CAUSES: Mapping[str, str] = {
    "ThrottlingException": "throttled",
    "AccessDeniedException": "access denied",
    "UnrecognizedClientException": "the credentials are not recognised",
    "ExpiredTokenException": "the credentials have expired",
}


@dataclass(frozen=True, slots=True)
class AwsFailure:
    name: str  # the service's error code when it refused, else botocore's exception class
    refused: bool  # the service answered with an error (False: no answer came)
    cause: str | None = None  # what it means, when known ("throttled", "timed out")
    # A connect timeout never reached the service; a read timeout may have run the call.
    timeout: Literal["connect", "read"] | None = None

    @property
    def timed_out(self) -> bool:
        return self.timeout is not None


def error_code(error: ClientError) -> str:
    """The code of the service's error answer (`error` when it sent none)."""
    return str(error.response.get("Error", {}).get("Code", "error"))


def failure_of(error: Exception, causes: Mapping[str, str] = CODE_CAUSES) -> AwsFailure:
    """`error`, raised by a boto3 call, told safely; `causes` words the error codes."""
    if isinstance(error, ClientError):
        code = error_code(error)
        return AwsFailure(code, refused=True, cause=causes.get(code))
    name = type(error).__name__
    # Subclasses first: a connect timeout is a ConnectionError, a read timeout an HTTPClientError.
    if isinstance(error, ConnectTimeoutError):
        return AwsFailure(name, refused=False, cause="timed out", timeout="connect")
    if isinstance(error, ReadTimeoutError):
        return AwsFailure(name, refused=False, cause="timed out", timeout="read")
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return AwsFailure(name, refused=False, cause="no AWS credentials")
    if isinstance(error, ConnectionError):
        return AwsFailure(name, refused=False, cause="cannot connect")
    if isinstance(error, HTTPClientError):
        return AwsFailure(name, refused=False, cause="connection lost")
    return AwsFailure(name, refused=False)
