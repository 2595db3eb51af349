"""Pieces both code-hook wire modules (V2 and V1) use to read what a hook answered: a tolerant
base model, Lex's lenient reading of attribute values (`Text`, from `bot.lex.common`), a
context's time to live as a hook may send it back and which contexts that leaves alive, and the
validation of an answer with a short account of what was invalid. The Lex shapes themselves live in `bot.lex`; nothing here is
imported by the runtime API.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from bot.hooks.failures import InvalidHookAnswer
from bot.lex.common import LexModel, Text
from bot.turn import ActiveContext

__all__ = ["AnswerModel", "Text", "TimeToLiveModel", "alive", "describe", "read_answer"]

A = TypeVar("A", bound=BaseModel)


class AnswerModel(LexModel):
    """Hook answers may carry fields we do not read (runtimeHints, kendra...): ignored, as Lex
    ignores what it does not need."""


class TimeToLiveModel(AnswerModel):
    """Looser than the runtime API's (at least 5 s and 1 turn): events show what is left of a
    context's life, a few seconds near its end, and a hook may send that back. A context given
    with nothing left is not set."""

    timeToLiveInSeconds: int = Field(ge=0, le=86400)
    turnsToLive: int = Field(ge=0, le=20)


def alive(context: ActiveContext) -> bool:
    """Whether a context a hook sent back is set: one with nothing left of its life is not."""
    return context.time_to_live_seconds > 0 and context.turns_to_live > 0


def read_answer(model: type[A], data: Any) -> A:
    """A hook's answer validated as `model`; `InvalidHookAnswer` saying what is wrong if it is
    not a JSON object or Lex would reject it."""
    if not isinstance(data, dict):
        raise InvalidHookAnswer(f"the response is not a JSON object but {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidHookAnswer(describe(exc)) from None


def describe(error: ValidationError, limit: int = 3) -> str:
    """The first problems of a validation error, each as `where: what`."""
    problems = []
    for item in error.errors()[:limit]:
        where = ".".join(str(p) for p in item["loc"]) or "response"
        problems.append(f"{where}: {item['msg'].removeprefix('Value error, ')}")
    more = error.error_count() - limit
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")
