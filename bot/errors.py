"""The one exception tree of the engine.

    BotError
     ├── BotDefinitionError   invalid bot files (carries every problem found, with file/line/field)
     ├── ModelError           a model directory that is missing, stale or of another format
     ├── NLUError             an NLU unit used wrongly (e.g. parse before fit)
     └── RuntimeApiError      an answer to a runtime request: status + Lex V2 and V1 error names
          ├── InvalidRequest       400 ValidationException / BadRequestException
          ├── NotFound             404 ResourceNotFoundException / NotFoundException
          ├── Conflict             409 ConflictException (a concurrent turn won the race)
          ├── DependencyFailed     424 DependencyFailedException (a code hook failed)
          ├── LoopDetected         508 LoopDetectedException (a conversation flow never waits)
          └── InternalFailure      500 InternalServerException / InternalFailureException

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


class RuntimeApiError(BotError):
    status = 500
    v2_type = "InternalServerException"
    v1_type = "InternalFailureException"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class InvalidRequest(RuntimeApiError):
    status = 400
    v2_type = "ValidationException"
    v1_type = "BadRequestException"


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


class InternalFailure(RuntimeApiError):
    pass
