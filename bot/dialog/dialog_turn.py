"""One turn in progress: the session document being changed and what the bot says on this turn.

The dialog steps read and change a `DialogTurn`; the engine builds it from the request and the
stored document, and turns it into the response and the next document. Nothing here decides what
the dialog does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.dialog.contexts import ContextLife
from bot.dialog.document import SessionDocument
from bot.dialog.hooks import Api
from bot.nlu.types import Interpretation, ParseContext, ParseResult
from bot.turn import (
    DialogAction,
    DialogActionType,
    ElicitationStyle,
    IntentState,
    Message,
    TurnRequest,
)

MAX_INTERPRETATIONS = 5


@dataclass(slots=True)
class DialogTurn:
    request: TurnRequest
    doc: SessionDocument
    ctx: ParseContext
    now: float
    api: Api
    threshold: float
    # Contexts live when the turn started: they decide which intents may be recognised.
    started_with: list[ContextLife]
    messages: list[Message] = field(default_factory=list)
    interpretations: list[Interpretation] = field(default_factory=list)
    flow_steps: int = 0  # conversation-flow steps taken this turn (bounded)
    # The request attributes as the turn sees them: the client's, and those a search intent's
    # answer adds (Lex returns them too); the Kendra Query response for the fulfilment hook.
    request_attributes: dict[str, str] = field(default_factory=dict)
    kendra_response: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not self.request_attributes:
            self.request_attributes = dict(self.request.request_attributes)

    @property
    def text(self) -> str:
        return self.request.text

    @property
    def intent(self) -> IntentState | None:
        return self.doc.state.intent

    @intent.setter
    def intent(self, intent: IntentState | None) -> None:
        self.doc.state.intent = intent

    @property
    def action(self) -> DialogAction | None:
        return self.doc.state.dialog_action

    @property
    def attributes(self) -> dict[str, str]:
        return self.doc.state.session_attributes

    @property
    def active_contexts(self) -> frozenset[str]:
        return frozenset(c.name for c in self.started_with)

    def in_progress(self) -> IntentState | None:
        """The intent the user is in the middle of, if any."""
        intent = self.intent
        return intent if intent is not None and intent.state == "InProgress" else None

    def say(self, messages: list[Message]) -> None:
        self.messages.extend(messages)

    def set_action(
        self, kind: DialogActionType, slot: str | None = None, style: ElicitationStyle | None = None
    ) -> None:
        self.doc.state.dialog_action = DialogAction(kind, slot, style)

    def record(self, result: ParseResult) -> None:
        self.interpretations = list(result.interpretations[:MAX_INTERPRETATIONS])
