"""The neutral conversation turn, shaped like a Lex V2 turn.

Every interface (Lex V2 and V1 runtime APIs, REST, Slack, Facebook, the shell) converts its wire
format to a `TurnRequest` and a `TurnResponse` back, with two small pure functions; the dialog
engine sees only these types. Nothing here knows HTTP or a wire format.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from bot.nlu.types import Interpretation, Slot

DialogActionType = Literal[
    "Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot", "None"
]
IntentStateName = Literal[
    "Failed", "Fulfilled", "InProgress", "ReadyForFulfillment", "Waiting", "FulfillmentInProgress"
]
ConfirmationState = Literal["Confirmed", "Denied", "None"]
ContentType = Literal["PlainText", "SSML", "CustomPayload", "ImageResponseCard"]


ElicitationStyle = Literal["Default", "SpellByLetter", "SpellByWord"]


@dataclass(slots=True)
class DialogAction:
    type: DialogActionType
    slot_to_elicit: str | None = None
    # How the answer to an ElicitSlot is spelled out (Lex `slotElicitationStyle`).
    elicitation_style: ElicitationStyle | None = None


@dataclass(slots=True)
class IntentState:
    name: str
    slots: dict[str, Slot] = field(default_factory=dict)
    state: IntentStateName = "InProgress"
    confirmation_state: ConfirmationState = "None"


@dataclass(slots=True)
class ActiveContext:
    """A context and what is left of its life as of the response that carries it."""

    name: str
    time_to_live_seconds: int
    turns_to_live: int
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class SessionState:
    dialog_action: DialogAction | None = None
    intent: IntentState | None = None
    session_attributes: dict[str, str] = field(default_factory=dict)
    active_contexts: list[ActiveContext] = field(default_factory=list)
    originating_request_id: str | None = None


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    value: str


@dataclass(frozen=True, slots=True)
class ResponseCard:
    title: str
    subtitle: str | None = None
    image_url: str | None = None
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True, slots=True)
class Message:
    content_type: ContentType
    content: str | None = None  # PlainText, SSML, CustomPayload
    card: ResponseCard | None = None  # ImageResponseCard

    @classmethod
    def text(cls, content: str) -> Message:
        return cls("PlainText", content)


@dataclass(frozen=True, slots=True)
class SessionKey:
    """Where a conversation lives: one bot, alias and locale, one session id."""

    bot_id: str
    alias_id: str
    locale_id: str
    session_id: str


@dataclass(slots=True)
class TurnRequest:
    key: SessionKey
    text: str
    # State sent by the client (Lex `sessionState`): applied before the turn; None keeps the stored.
    session_state: SessionState | None = None
    # Lex: attributes sent in `sessionState` replace the stored map; absent keeps it. Recorded as
    # whether the client sent `session_attributes` / `active_contexts` at all.
    sent_attributes: bool = False
    sent_contexts: bool = False
    request_attributes: dict[str, str] = field(default_factory=dict)
    request_id: str | None = None
    # The name of the alias the request reached (code hooks see it as `aliasName`); None when
    # the key's alias id is also its name.
    alias_name: str | None = None


@dataclass(slots=True)
class TurnResponse:
    key: SessionKey
    session_state: SessionState
    messages: list[Message] = field(default_factory=list)
    interpretations: list[Interpretation] = field(default_factory=list)
    request_attributes: dict[str, str] = field(default_factory=dict)
    input_text: str = ""


# Copies made field by field: `copy.deepcopy` of these slotted dataclasses cost a tenth of a turn.


def copied_slot(slot: Slot) -> Slot:
    """A slot whose value lists are its own."""
    if slot is None:
        return None
    if isinstance(slot, list):
        return [replace(value, resolved_values=list(value.resolved_values)) for value in slot]
    return replace(slot, resolved_values=list(slot.resolved_values))


def copied_intent(intent: IntentState) -> IntentState:
    """An intent sharing nothing mutable with `intent`."""
    slots = {name: copied_slot(value) for name, value in intent.slots.items()}
    return replace(intent, slots=slots)


def copied_state(state: SessionState) -> SessionState:
    """A session state sharing nothing mutable with `state`."""
    action = state.dialog_action
    return replace(
        state,
        dialog_action=replace(action) if action is not None else None,
        intent=copied_intent(state.intent) if state.intent is not None else None,
        session_attributes=dict(state.session_attributes),
        active_contexts=[replace(c, attributes=dict(c.attributes)) for c in state.active_contexts],
    )
