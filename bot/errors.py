"""The one exception tree of the engine.

    BotError
     ├── BotDefinitionError   invalid bot files (carries every problem found, with file/line/field)
     ├── ModelError           a model directory that is missing, stale or of another format
     ├── NLUError             an NLU unit used wrongly (e.g. parse before fit)
     ├── ConfigurationError   settings that cannot work or would expose the server unsafely
     ├── SlotAssistFailed     the model of assisted slot resolution failed or timed out
     │                        (`bot.dialog.assist`; a failed attempt, never a client's error)
     ├── SessionConflict      another writer saved the session first (`bot.sessions.base`)
     ├── SessionStoreUnavailable  the session store's service is down or refuses to work
     │                        (`bot.sessions.base`; the runtime answers it as ServiceUnavailable)
     └── RuntimeApiError      an answer to a runtime request: status + Lex V2 and V1 error names
          ├── InvalidRequest       400 ValidationException / BadRequestException
          │    ├── PayloadTooLarge      413 (a body over BOT_MAX_BODY_BYTES)
          │    └── BodyTimedOut         408 ValidationException / RequestTimeoutException
          ├── NotFound             404 ResourceNotFoundException / NotFoundException
          ├── Conflict             409 ConflictException (a concurrent turn won the race)
          ├── DependencyFailed     424 DependencyFailedException (a code hook failed)
          ├── LoopDetected         508 LoopDetectedException (a conversation flow never waits)
          ├── NotAuthenticated     403: the runtime API could not tell who is calling
          │    ├── MissingAuthentication  MissingAuthenticationTokenException (no credentials)
          │    ├── IncompleteSignature    IncompleteSignatureException (a malformed signature)
          │    ├── UnrecognizedClient     UnrecognizedClientException (unknown key or token)
          │    └── InvalidSignature       InvalidSignatureException (wrong, tampered or expired)
          ├── UnsupportedMediaType 415 ValidationException / UnsupportedMediaTypeException
          ├── Throttled            429 ThrottlingException / LimitExceededException (Retry-After)
          ├── InternalFailure      500 InternalServerException / InternalFailureException
          └── ServiceUnavailable   503 InternalServerException / InternalFailureException
                                   (the session store cannot be reached; retry later)
               └── RasaUnavailable  the bot's Rasa NLU server is down or slow (`bot.rasa`)

The status and names are data; turning them into HTTP responses happens in one place (the server).
"""

from __future__ import annotations

from dataclasses import dataclass


class BotError(Exception):
    """Base of every error the engine raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one bot file: where it is and what is wrong."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class BotDefinitionError(BotError):
    """The bot files are invalid; `problems` lists all of them at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the bot files:\n{lines}")


class ModelError(BotError):
    """A trained model cannot be used (missing, stale, foreign or corrupt)."""


class NLUError(BotError):
    """An NLU unit was used in a way it does not support."""


class ConfigurationError(BotError):
    """Settings that cannot work together, or that would expose the server unsafely."""


class RuntimeApiError(BotError):
    status = 500
    v2_type = "InternalServerException"
    v1_type = "InternalFailureException"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def response_headers(self) -> dict[str, str]:
        """Headers the answer carries besides `x-amzn-ErrorType` (e.g. `Retry-After`)."""
        return {}


class InvalidRequest(RuntimeApiError):
    status = 400
    v2_type = "ValidationException"
    v1_type = "BadRequestException"


class PayloadTooLarge(InvalidRequest):
    """A request body over the server's limit. Neither Lex version models a 413: callers get
    its `ValidationException` / `BadRequestException` with the truthful status."""

    status = 413


class BodyTimedOut(InvalidRequest):
    """A request body that did not arrive in time (a client trickling it in)."""

    status = 408
    v1_type = "RequestTimeoutException"


class NotFound(RuntimeApiError):
    status = 404
    v2_type = "ResourceNotFoundException"
    v1_type = "NotFoundException"


class Conflict(RuntimeApiError):
    status = 409
    v2_type = v1_type = "ConflictException"


class DependencyFailed(RuntimeApiError):
    status = 424
    v2_type = v1_type = "DependencyFailedException"

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out  # the hook did not answer in time (vs. failed)


class LoopDetected(RuntimeApiError):
    status = 508
    v2_type = "InternalServerException"
    v1_type = "LoopDetectedException"


class NotAuthenticated(RuntimeApiError):
    """The caller of the runtime API is not who it must be; AWS's own names, the same in V2/V1."""

    status = 403
    v2_type = v1_type = "AccessDeniedException"


class MissingAuthentication(NotAuthenticated):
    v2_type = v1_type = "MissingAuthenticationTokenException"


class IncompleteSignature(NotAuthenticated):
    v2_type = v1_type = "IncompleteSignatureException"


class UnrecognizedClient(NotAuthenticated):
    v2_type = v1_type = "UnrecognizedClientException"


class InvalidSignature(NotAuthenticated):
    v2_type = v1_type = "InvalidSignatureException"


class UnsupportedMediaType(RuntimeApiError):
    """A body that is not JSON. Lex V2 models no 415 error, so V2 callers get its
    `ValidationException` (what boto3 raises for a bad request) with the truthful status 415."""

    status = 415
    v2_type = "ValidationException"
    v1_type = "UnsupportedMediaTypeException"


class Throttled(RuntimeApiError):
    """Too many requests from one client; `Retry-After` says when to try again (V1 models it as
    `retryAfterSeconds`)."""

    status = 429
    v2_type = "ThrottlingException"
    v1_type = "LimitExceededException"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    def response_headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class InternalFailure(RuntimeApiError):
    pass


class ServiceUnavailable(RuntimeApiError):
    """The session store cannot be reached now; the same request may work in a moment. Neither
    Lex runtime models a 503: callers get its 500-class error name (boto3 raises the modelled
    `InternalServerException` / `InternalFailureException`) with the truthful status, which
    botocore's retry modes retry by themselves."""

    status = 503
