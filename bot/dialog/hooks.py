"""The seam between the dialog engine and code hooks (Lambda-style dialog and fulfilment hooks).

The engine calls a `CodeHooks` with a neutral `HookInvocation` and applies the neutral
`HookAnswer` it gets back. Turning these into a Lex V2 or V1 Lambda event, calling a Python
function, a Lambda or an HTTP endpoint, and reading the answer back, is the job of an adapter
outside `bot/dialog`: nothing here knows a wire format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from bot.errors import BotError
from bot.nlu.types import Interpretation
from bot.turn import DialogAction, Message, SessionKey, SessionState

HookSource = Literal["DialogCodeHook", "FulfillmentCodeHook"]
Api = Literal["V2", "V1"]


@dataclass(frozen=True, slots=True)
class HookInvocation:
    """Why and with what a hook is called. `session_state` is a copy: the intent with the slots
    gathered so far, session attributes, active contexts and the dialog action of the prompt
    being answered. `proposed_next` is what the engine would do without the hook: ElicitSlot,
    ConfirmIntent, Close (the intent was declined), or None when fulfilment comes next, and
    `prompt_attempt` which attempt at that prompt it would be (`Initial`, `Retry1`…`Retry5`).
    `label` names the step that calls the hook, when the bot gives it one. `kendra_response`
    is the Kendra Query response a search intent's fulfilment hook gets (`kendraResponse`).
    `alias_name` is the name of the alias the turn reached (None: the key's alias id)."""

    source: HookSource
    key: SessionKey
    session_state: SessionState
    interpretations: list[Interpretation]
    input_text: str
    request_attributes: dict[str, str]
    proposed_next: DialogAction | None
    api: Api = "V2"
    label: str | None = None
    prompt_attempt: str = "Initial"
    kendra_response: dict[str, Any] | None = None
    alias_name: str | None = None


@dataclass(slots=True)
class HookAnswer:
    """What the hook decided. `session_state.dialog_action` says what happens next (None or
    Delegate: the engine's default flow). Messages, when given, are said instead of the
    configured prompt or response.

    What the hook left out keeps its current value, as Lex keeps it. Session attributes and
    contexts replace the stored ones only when the hook sent them (`sent_attributes`,
    `sent_contexts`). `session_state.intent`, when given, names the intent that goes on:
    - the current intent: the slots it lists replace the current ones, the others are kept;
      its state and confirmation state apply when sent (`sent_intent_state`,
      `sent_confirmation_state`), else the current ones are kept;
    - another intent: a switch, with fresh state: what was not sent is InProgress, None and
      empty slots.
    With no intent, the current intent goes on unchanged."""

    session_state: SessionState = field(default_factory=SessionState)
    messages: list[Message] = field(default_factory=list)
    sent_attributes: bool = False
    sent_contexts: bool = False
    sent_intent_state: bool = True
    sent_confirmation_state: bool = True


class HookTimeout(BotError):
    """The hook did not answer in time (a fulfilment then says its `timeoutResponse`)."""


class CodeHooks(Protocol):
    def dialog(self, invocation: HookInvocation) -> HookAnswer:
        """Called on each turn of an intent whose `dialogCodeHook.enabled` is true."""
        ...

    def fulfillment(self, invocation: HookInvocation) -> HookAnswer:
        """Called to fulfil an intent whose `fulfillmentCodeHook.enabled` is true."""
        ...


def delegate() -> HookAnswer:
    """The answer that lets the engine carry on as if there were no hook."""
    return HookAnswer(SessionState(dialog_action=DialogAction("Delegate")))
