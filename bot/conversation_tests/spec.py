"""The conversation test file: a list of turns, each what the user does and what must come back.

```yaml
name: Registration, picking the event on the card      # default: the file name
now: 2026-03-02T10:00:00+00:00    # the engine's clock (dates resolve against it)
timeZone: Europe/London            # sent as x-amz-lex:time-zone; locale and alias may be set too
turns:
  - user: register me for an event
    expect:
      dialogAction: ElicitSlot     # Lex's type names; or {type: ElicitSlot, slotToElicit: …}
      slotToElicit: eventName
      intent: {name: RegisterUserForEvent, state: InProgress}
      messages: [{pattern: "Which event .*"}]
      cards: [{title: Upcoming events, buttons: [AWS Summit, PyCon]}]
  - button: PyCon                  # the value of a button of the last answer's cards
  - user: tomorrow
    expect: {slots: {eventDate: "{today+1}"}}
```

A file may also be the bare list of turns. Only what `expect` names is compared. Expected text
may say `{today}`, `{today+N}`, `{today-N}` (an ISO date in the conversation's time zone at
`now`), or `{today+N:%A %d %B}` for another format. Files are read with line numbers, so a
mistake is reported with its file, line and field, as `bot check` reports bot files.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.errors import Problem
from bot.project.yaml_source import YamlDocument, parse_yaml, relative_name, validate

DialogActionType = Literal["Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot"]
IntentStateName = Literal[
    "Failed", "Fulfilled", "InProgress", "ReadyForFulfillment", "Waiting", "FulfillmentInProgress"
]
ConfirmationState = Literal["Confirmed", "Denied", "None"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MessagePattern(_Strict):
    """A message whose whole text must match a regular expression."""

    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value


class ButtonExpect(_Strict):
    text: str | None = None
    value: str | None = None


class CardExpect(_Strict):
    title: str | None = None
    subtitle: str | None = None
    imageUrl: str | None = None
    # Button texts, or {text, value}: all of the card's buttons, in order.
    buttons: list[str | ButtonExpect] | None = None


class DialogActionExpect(_Strict):
    type: DialogActionType
    slotToElicit: str | None = None


class IntentExpect(_Strict):
    name: str | None = None
    state: IntentStateName | None = None
    confirmationState: ConfirmationState | None = None


class Expect(_Strict):
    dialogAction: DialogActionType | DialogActionExpect | None = None
    slotToElicit: str | None = None
    intent: str | IntentExpect | None = None
    # Interpreted values; a list for a multi-valued slot; null: not filled.
    slots: dict[str, str | list[str] | None] | None = None
    # Every text message of the answer (not cards), in order: exact text or a pattern.
    messages: list[str | MessagePattern] | None = None
    cards: list[CardExpect] | None = None
    # These attributes (others may be there too).
    sessionAttributes: dict[str, str] | None = None
    # The turn must fail with this Lex error type (e.g. DependencyFailedException).
    error: str | None = None


class Turn(_Strict):
    user: str | None = Field(default=None, min_length=1, max_length=1024)
    button: str | None = Field(default=None, min_length=1)
    locale: str | None = None
    timeZone: str | None = None
    sessionAttributes: dict[str, str] | None = None
    requestAttributes: dict[str, str] | None = None
    expect: Expect | None = None

    @model_validator(mode="after")
    def _one_input(self) -> Turn:
        if (self.user is None) == (self.button is None):
            raise ValueError("a turn has either 'user' (what is said) or 'button' (a value)")
        return self

    @property
    def said(self) -> str:
        return self.user if self.user is not None else f"[{self.button}]"


class ConversationFile(_Strict):
    name: str | None = None
    description: str | None = None
    now: datetime | date | None = None
    locale: str | None = None
    alias: str = "TSTALIASID"
    timeZone: str | None = None
    sessionAttributes: dict[str, str] | None = None  # sent with the first turn
    turns: list[Turn] = Field(min_length=1)


class Conversation:
    """A checked conversation file: its turns and where it came from."""

    def __init__(self, spec: ConversationFile, file: str, doc: YamlDocument) -> None:
        self.spec = spec
        self.file = file
        self.doc = doc
        self.name = spec.name or Path(file).stem

    def turn_line(self, index: int) -> int | None:
        return self.doc.line_of(("turns", index))


def read_conversation(path: Path, root: Path) -> tuple[Conversation | None, list[Problem]]:
    """One conversation file, or the problems that keep it from running (file, line, field)."""
    name = relative_name(path.resolve(), root.resolve())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, None, "", f"cannot read file: {exc}")]
    doc, problems = parse_yaml(text, name)
    if doc is None or problems:
        return None, problems
    if isinstance(doc.data, list):  # the bare list of turns
        lines = {("turns", *loc): line for loc, line in doc.lines.items()}
        doc = YamlDocument(doc.file, {"turns": doc.data}, lines)
    spec, problems = validate(doc, ConversationFile)
    if spec is None:
        return None, problems
    return Conversation(spec, name, doc), []


CONVERSATIONS_DIR = Path("tests") / "conversations"


def conversation_files(root: Path, given: list[Path]) -> list[Path]:
    """The files named, folders searched for *.yaml / *.yml; by default the project's
    `tests/conversations/`."""
    targets = given or [root / CONVERSATIONS_DIR]
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files += sorted(p for p in target.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            files.append(target)
    return files
