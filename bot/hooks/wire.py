"""Pieces both code-hook wire modules (V2 and V1) use to read what a hook answered: a tolerant
base model, Lex's lenient reading of attribute values, a context's time to live, and a short
account of what was invalid.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError


def scalar_text(value: Any) -> Any:
    """Lex reads attribute and slot maps as strings, and takes numbers and booleans as their
    JSON text (the V1 OrderFlowers blueprint answers `"Price": 25`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(scalar_text)]


class AnswerModel(BaseModel):
    """Hook answers may carry fields we do not read (runtimeHints, kendra...): ignored, as Lex
    ignores what it does not need."""

    model_config = ConfigDict(extra="ignore")


class TimeToLiveModel(AnswerModel):
    """Looser than the runtime API's (at least 5 s and 1 turn): events show what is left of a
    context's life, a few seconds near its end, and a hook may send that back. A context given
    with nothing left is not set."""

    timeToLiveInSeconds: int = Field(ge=0, le=86400)
    turnsToLive: int = Field(ge=0, le=20)


def describe(error: ValidationError, limit: int = 3) -> str:
    """The first problems of a validation error, each as `where: what`."""
    problems = []
    for item in error.errors()[:limit]:
        where = ".".join(str(p) for p in item["loc"]) or "response"
        problems.append(f"{where}: {item['msg'].removeprefix('Value error, ')}")
    more = error.error_count() - limit
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")
