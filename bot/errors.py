"""The one exception tree of the engine.

    BotError
     ├── BotDefinitionError   invalid bot files (carries every problem found, with file/line/field)
     ├── ModelError           a model directory that is missing, stale or of another format
     └── NLUError             an NLU unit used wrongly (e.g. parse before fit)

HTTP-facing errors join this tree when the runtime API exists; nothing here knows about HTTP.
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
