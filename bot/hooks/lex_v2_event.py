"""The Lex V2 code-hook protocol (reference §2.1, §2.2): the input event a Lambda function gets,
built from a neutral `HookInvocation`, and the response it returns, validated with pydantic and
read back as a neutral `HookAnswer`.

This module only translates: it never calls a hook and never decides what an answer means for the
conversation (that is the dialog engine's job). An answer Lex would reject raises
`InvalidHookAnswer` with a message saying which field is wrong; every shape the events carry
(ambiguous values with `interpretedValue: null`, List slots, `null` slots) is taken back.
The shapes the runtime API shares (slots, intent, dialog action, contexts, messages, the session
state) come from `bot.lex.v2`; what a Lambda sees differently is said here: `shape: "Scalar"` on
every single slot, only four intent states, `nluConfidence` as a bare number, the active
contexts always listed, no `slotElicitationStyle`, and answers read with a lenient time to live.
"""

from __future__ import annotations

import re
from typing import Any, Literal, get_args

from pydantic import Field, model_validator

from bot.dialog.hooks import HookAnswer, HookInvocation, HookSource
from bot.hooks.wire import AnswerModel, Text, TimeToLiveModel, alive, read_answer
from bot.lex import v2
from bot.lex.common import CONTEXT_NAME, MAX_CONTEXT_NAME, MAX_CONTEXTS
from bot.nlu.types import Interpretation
from bot.project.bot_config import DRAFT
from bot.project.loader import BotProject
from bot.turn import (
    ConfirmationState,
    IntentState,
    SessionState,
)

MESSAGE_VERSION = "1.0"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
TEST_ALIAS = ("TSTALIASID", "TestBotAlias")
LOCALE = re.compile(r"^[a-z]{2}_[A-Z]{2}$")
# Only these are sent to or accepted from a Lambda (the others are runtime-API states).
HookIntentState = Literal["Failed", "Fulfilled", "InProgress", "ReadyForFulfillment"]
HOOK_STATES = get_args(HookIntentState)
PROMPTS = ("ElicitSlot", "ConfirmIntent", "ElicitIntent")


# ---------------------------------------------------------------- neutral -> event


def build_event(
    invocation: HookInvocation, project: BotProject, version: str = DRAFT
) -> dict[str, Any]:
    """The exact V2 event Lex would send for this invocation, to a hook of bot `version`."""
    state = invocation.session_state
    intent = _intent_out(state.intent, invocation.source) if state.intent else None
    event: dict[str, Any] = {
        "messageVersion": MESSAGE_VERSION,
        "invocationSource": invocation.source,
        "inputMode": "Text",
        "responseContentType": TEXT_CONTENT_TYPE,
        "sessionId": invocation.key.session_id,
        "inputTranscript": invocation.input_text,
        "invocationLabel": invocation.label,
        "bot": _bot(invocation, project, version),
        "interpretations": _interpretations(invocation.interpretations, intent),
        "requestAttributes": dict(invocation.request_attributes),
        "sessionState": _session_state(state, _with_kendra(intent, invocation)),
        "transcriptions": _transcriptions(invocation, intent),
    }
    proposed = invocation.proposed_next
    if invocation.source == "DialogCodeHook" and proposed is not None and proposed.type in PROMPTS:
        event["proposedNextState"] = {
            "dialogAction": v2.dialog_action_out(proposed),
            "intent": intent,
            "prompt": {"attempt": invocation.prompt_attempt},
        }
    return event


def _with_kendra(
    intent: dict[str, Any] | None, invocation: HookInvocation
) -> dict[str, Any] | None:
    """A search intent's fulfilment hook finds the Kendra Query response in the intent."""
    if intent is None or invocation.kendra_response is None:
        return intent
    return intent | {"kendraResponse": invocation.kendra_response}


def _intent_out(intent: IntentState, source: HookSource) -> dict[str, Any]:
    """The intent as a Lambda sees it: one of four states (a fulfilment hook sees an intent in
    progress as ReadyForFulfillment), single slots with `shape: "Scalar"`."""
    state: str = intent.state if intent.state in HOOK_STATES else "InProgress"
    if source == "FulfillmentCodeHook" and state == "InProgress":
        state = "ReadyForFulfillment"
    return v2.intent_out(intent, state=state, scalar_shape=True)


def _bot(invocation: HookInvocation, project: BotProject, version: str) -> dict[str, Any]:
    key = invocation.key
    name = invocation.alias_name or key.alias_id
    locale = key.locale_id if LOCALE.match(key.locale_id) else project.locale
    return {
        "id": key.bot_id,
        "name": project.config.name,
        "aliasId": key.alias_id,
        "aliasName": TEST_ALIAS[1] if name == TEST_ALIAS[0] else name,
        "localeId": locale,
        "version": version,
    }


def _interpretations(
    interpretations: list[Interpretation], intent: dict[str, Any] | None
) -> list[dict[str, Any]]:
    out = []
    for found in interpretations:
        item: dict[str, Any] = {"interpretationSource": found.source}
        if intent is not None and intent["name"] == found.intent:
            item["intent"] = intent  # the live intent, with the slots gathered so far
        else:
            item["intent"] = v2.intent_out(
                IntentState(found.intent, found.slots), scalar_shape=True
            )
        if found.confidence is not None:
            item["nluConfidence"] = round(found.confidence, 2)  # a bare number, unlike the API
        out.append(item)
    return out


def _session_state(state: SessionState, intent: dict[str, Any] | None) -> dict[str, Any]:
    out = v2.session_state_out(state, intent=intent)
    out.setdefault("activeContexts", [])  # an event lists them even when there are none
    return out


def _transcriptions(
    invocation: HookInvocation, intent: dict[str, Any] | None
) -> list[dict[str, Any]]:
    top = invocation.interpretations[0] if invocation.interpretations else None
    name = top.intent if top else (intent["name"] if intent else None)
    slots = top.slots if top else {}
    return [
        {
            "transcription": invocation.input_text,
            "transcriptionConfidence": 1.0,
            "resolvedContext": {"intent": name} if name else {},
            "resolvedSlots": v2.slots_out(
                {k: v for k, v in slots.items() if v is not None}, scalar_shape=True
            ),
        }
    ]


# ---------------------------------------------------------------- response models


class IntentModel(AnswerModel):
    name: str = Field(min_length=1, max_length=100)
    slots: dict[str, v2.SlotModel | None] | None = None
    state: HookIntentState | None = None
    confirmationState: ConfirmationState | None = None


class DialogActionModel(v2.DialogActionModel):
    """Stricter than the runtime's: an ElicitSlot must say which slot."""

    @model_validator(mode="after")
    def _slot_for_elicit(self) -> DialogActionModel:
        if self.type == "ElicitSlot" and not self.slotToElicit:
            raise ValueError("an ElicitSlot dialog action needs slotToElicit")
        return self


class ContextModel(AnswerModel):
    name: str = Field(pattern=CONTEXT_NAME, max_length=MAX_CONTEXT_NAME)
    contextAttributes: dict[str, Text] = Field(default_factory=dict)
    timeToLive: TimeToLiveModel


class SessionStateModel(AnswerModel):
    dialogAction: DialogActionModel
    intent: IntentModel | None = None
    sessionAttributes: dict[str, Text] | None = None
    activeContexts: list[ContextModel] | None = Field(default=None, max_length=MAX_CONTEXTS)

    @model_validator(mode="after")
    def _intent_rules(self) -> SessionStateModel:
        kind = self.dialogAction.type
        if kind in ("ElicitSlot", "ConfirmIntent", "Close") and self.intent is None:
            raise ValueError(f"a {kind} dialog action needs sessionState.intent")
        if kind == "Close" and self.intent is not None and self.intent.state is None:
            raise ValueError("a Close dialog action needs intent.state (Fulfilled or Failed)")
        # A prompt may carry the ReadyForFulfillment a fulfilment event said (it asks again).
        ready = self.intent is not None and self.intent.state == "ReadyForFulfillment"
        if ready and kind == "Close":
            raise ValueError("a Close dialog action cannot leave intent.state ReadyForFulfillment")
        return self


class ResponseModel(AnswerModel):
    sessionState: SessionStateModel
    messages: list[v2.MessageModel] | None = None
    requestAttributes: dict[str, Text] | None = None

    @model_validator(mode="after")
    def _messages_needed(self) -> ResponseModel:
        kind = self.sessionState.dialogAction.type
        if kind in ("ConfirmIntent", "ElicitIntent") and not self.messages:
            raise ValueError(f"a {kind} dialog action needs messages")
        return self


# ---------------------------------------------------------------- response -> neutral


def parse_answer(data: Any, event: dict[str, Any] | None = None) -> HookAnswer:
    """A V2 Lambda response as a neutral answer; `InvalidHookAnswer` if Lex would reject it.
    Given the `event` it answers, an intent state sent back as the event showed it counts as
    not sent, so the engine keeps its own (the event shows `InProgress` as
    `ReadyForFulfillment` to a fulfilment hook)."""
    model = read_answer(ResponseModel, data)
    state = model.sessionState
    action = state.dialogAction
    intent = state.intent
    shown = ((event or {}).get("sessionState") or {}).get("intent") or {}
    echoed = intent is not None and (intent.name, intent.state) == (
        shown.get("name"),
        shown.get("state"),
    )
    return HookAnswer(
        SessionState(
            dialog_action=v2.dialog_action_in(action),
            intent=_intent_in(intent) if intent else None,
            session_attributes=dict(state.sessionAttributes or {}),
            active_contexts=[c for c in v2.contexts_in(state.activeContexts or []) if alive(c)],
        ),
        messages=v2.messages_in(model.messages),
        sent_attributes=state.sessionAttributes is not None,
        sent_contexts=state.activeContexts is not None,
        sent_intent_state=intent is not None and intent.state is not None and not echoed,
        sent_confirmation_state=intent is not None and intent.confirmationState is not None,
    )


def _intent_in(model: IntentModel) -> IntentState:
    """The intent as sent: only the slots it lists; state and confirmation state default where
    left out (the answer's `sent_*` flags say which were sent)."""
    return IntentState(
        model.name,
        {name: v2.slot_in(value) for name, value in (model.slots or {}).items()},
        model.state or "InProgress",
        model.confirmationState or "None",
    )
