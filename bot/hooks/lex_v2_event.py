"""The Lex V2 code-hook protocol (reference §2.1, §2.2): the input event a Lambda function gets,
built from a neutral `HookInvocation`, and the response it returns, validated with pydantic and
read back as a neutral `HookAnswer`.

This module only translates: it never calls a hook and never decides what an answer means for the
conversation (that is the dialog engine's job). An answer Lex would reject raises
`InvalidHookAnswer` with a message saying which field is wrong.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from bot.api.lex_v2 import MessageModel, messages_in
from bot.api.wire import TimeToLiveModel
from bot.dialog.hooks import HookAnswer, HookInvocation, HookSource
from bot.hooks.failures import InvalidHookAnswer
from bot.hooks.wire import AnswerModel, Text, describe
from bot.nlu.types import Interpretation, Slot, SlotValue, slot_to_lex
from bot.project.loader import BotProject
from bot.turn import (
    ActiveContext,
    DialogAction,
    IntentState,
    SessionKey,
    SessionState,
)

MESSAGE_VERSION = "1.0"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
DRAFT_VERSION = "DRAFT"
TEST_ALIAS = ("TSTALIASID", "TestBotAlias")
LOCALE = re.compile(r"^[a-z]{2}_[A-Z]{2}$")
# Only these are sent to or accepted from a Lambda (the others are runtime-API states).
HOOK_STATES = ("Failed", "Fulfilled", "InProgress", "ReadyForFulfillment")
PROMPTS = ("ElicitSlot", "ConfirmIntent", "ElicitIntent")


# ---------------------------------------------------------------- neutral -> event


def build_event(invocation: HookInvocation, project: BotProject) -> dict[str, Any]:
    """The exact V2 event Lex would send for this invocation."""
    state = invocation.session_state
    intent = intent_out(state.intent, invocation.source) if state.intent else None
    event: dict[str, Any] = {
        "messageVersion": MESSAGE_VERSION,
        "invocationSource": invocation.source,
        "inputMode": "Text",
        "responseContentType": TEXT_CONTENT_TYPE,
        "sessionId": invocation.key.session_id,
        "inputTranscript": invocation.input_text,
        "invocationLabel": None,
        "bot": _bot(invocation.key, project),
        "interpretations": _interpretations(invocation.interpretations, intent),
        "requestAttributes": dict(invocation.request_attributes),
        "sessionState": _session_state(state, intent),
        "transcriptions": _transcriptions(invocation, intent),
    }
    proposed = invocation.proposed_next
    if invocation.source == "DialogCodeHook" and proposed is not None and proposed.type in PROMPTS:
        event["proposedNextState"] = {
            "dialogAction": _action_out(proposed),
            "intent": intent,
            # The seam does not carry the retry count; the engine re-asks without the hook.
            "prompt": {"attempt": "Initial"},
        }
    return event


def slot_out(slot: Slot) -> dict[str, Any] | None:
    """A slot in Lex shape, with `shape` given for scalars too (as real events have it)."""
    lex = slot_to_lex(slot)
    if lex is not None and "shape" not in lex:
        lex = {"shape": "Scalar", **lex}
    return lex


def intent_out(intent: IntentState, source: HookSource) -> dict[str, Any]:
    state: str = intent.state if intent.state in HOOK_STATES else "InProgress"
    if source == "FulfillmentCodeHook" and state == "InProgress":
        state = "ReadyForFulfillment"
    return {
        "name": intent.name,
        "slots": {name: slot_out(value) for name, value in intent.slots.items()},
        "state": state,
        "confirmationState": intent.confirmation_state,
    }


def _bot(key: SessionKey, project: BotProject) -> dict[str, Any]:
    alias_name = TEST_ALIAS[1] if key.alias_id == TEST_ALIAS[0] else key.alias_id
    locale = key.locale_id if LOCALE.match(key.locale_id) else project.config.locales[0]
    return {
        "id": key.bot_id,
        "name": project.config.name,
        "aliasId": key.alias_id,
        "aliasName": alias_name,
        "localeId": locale,
        "version": DRAFT_VERSION,
    }


def _interpretations(
    interpretations: list[Interpretation], intent: dict[str, Any] | None
) -> list[dict[str, Any]]:
    out = []
    for found in interpretations:
        item: dict[str, Any] = {"interpretationSource": "Lex"}
        if intent is not None and intent["name"] == found.intent:
            item["intent"] = intent  # the live intent, with the slots gathered so far
        else:
            item["intent"] = {
                "name": found.intent,
                "slots": {name: slot_out(value) for name, value in found.slots.items()},
                "state": "InProgress",
                "confirmationState": "None",
            }
        if found.confidence is not None:
            item["nluConfidence"] = round(found.confidence, 2)  # a bare number, unlike the API
        out.append(item)
    return out


def _session_state(state: SessionState, intent: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "sessionAttributes": dict(state.session_attributes),
        "activeContexts": [_context_out(c) for c in state.active_contexts],
    }
    if state.dialog_action is not None:
        out["dialogAction"] = _action_out(state.dialog_action)
    if intent is not None:
        out["intent"] = intent
    if state.originating_request_id:
        out["originatingRequestId"] = state.originating_request_id
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
            "resolvedSlots": {k: slot_out(v) for k, v in slots.items() if v is not None},
        }
    ]


def _action_out(action: DialogAction) -> dict[str, Any]:
    out: dict[str, Any] = {"type": action.type}
    if action.slot_to_elicit:
        out["slotToElicit"] = action.slot_to_elicit
    return out


def _context_out(context: ActiveContext) -> dict[str, Any]:
    return {
        "name": context.name,
        "contextAttributes": dict(context.attributes),
        "timeToLive": {
            "timeToLiveInSeconds": context.time_to_live_seconds,
            "turnsToLive": context.turns_to_live,
        },
    }


# ---------------------------------------------------------------- response models


class SlotValueModel(AnswerModel):
    interpretedValue: Text
    originalValue: Text | None = None
    resolvedValues: list[Text] | None = None


class SlotModel(AnswerModel):
    shape: Literal["Scalar", "List", "Composite"] | None = None
    value: SlotValueModel | None = None
    values: list[SlotModel] | None = None
    subSlots: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _not_composite(self) -> SlotModel:
        if self.subSlots is not None:
            raise ValueError("composite slots (subSlots) are not supported")
        return self


class IntentModel(AnswerModel):
    name: str = Field(min_length=1, max_length=100)
    slots: dict[str, SlotModel | None] | None = None
    state: Literal["Failed", "Fulfilled", "InProgress", "ReadyForFulfillment"] | None = None
    confirmationState: Literal["Confirmed", "Denied", "None"] | None = None


class DialogActionModel(AnswerModel):
    type: Literal["Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot", "None"]
    slotToElicit: str | None = None
    slotElicitationStyle: Literal["Default", "SpellByLetter", "SpellByWord"] | None = None

    @model_validator(mode="after")
    def _slot_for_elicit(self) -> DialogActionModel:
        if self.type == "ElicitSlot" and not self.slotToElicit:
            raise ValueError("an ElicitSlot dialog action needs slotToElicit")
        return self


class ContextModel(AnswerModel):
    name: str = Field(pattern=r"^([A-Za-z0-9]_?)+$", max_length=100)
    contextAttributes: dict[str, Text] = Field(default_factory=dict)
    timeToLive: TimeToLiveModel


class SessionStateModel(AnswerModel):
    dialogAction: DialogActionModel
    intent: IntentModel | None = None
    sessionAttributes: dict[str, Text] | None = None
    activeContexts: list[ContextModel] | None = Field(default=None, max_length=20)

    @model_validator(mode="after")
    def _intent_rules(self) -> SessionStateModel:
        kind = self.dialogAction.type
        if kind in ("ElicitSlot", "ConfirmIntent", "Close") and self.intent is None:
            raise ValueError(f"a {kind} dialog action needs sessionState.intent")
        if kind == "Close" and self.intent is not None and self.intent.state is None:
            raise ValueError("a Close dialog action needs intent.state (Fulfilled or Failed)")
        ready = self.intent is not None and self.intent.state == "ReadyForFulfillment"
        if ready and kind != "Delegate":
            raise ValueError("intent.state can be ReadyForFulfillment only with Delegate")
        return self


class ResponseModel(AnswerModel):
    sessionState: SessionStateModel
    messages: list[MessageModel] | None = None
    requestAttributes: dict[str, Text] | None = None

    @model_validator(mode="after")
    def _messages_needed(self) -> ResponseModel:
        kind = self.sessionState.dialogAction.type
        if kind in ("ConfirmIntent", "ElicitIntent") and not self.messages:
            raise ValueError(f"a {kind} dialog action needs messages")
        return self


# ---------------------------------------------------------------- response -> neutral


def parse_answer(data: Any) -> HookAnswer:
    """A V2 Lambda response as a neutral answer; `InvalidHookAnswer` if Lex would reject it."""
    if not isinstance(data, dict):
        raise InvalidHookAnswer(f"the response is not a JSON object but {type(data).__name__}")
    try:
        model = ResponseModel.model_validate(data)
    except ValidationError as exc:
        raise InvalidHookAnswer(describe(exc)) from None
    state = model.sessionState
    action = state.dialogAction
    return HookAnswer(
        SessionState(
            dialog_action=DialogAction(action.type, action.slotToElicit),
            intent=_intent_in(state.intent) if state.intent else None,
            session_attributes=dict(state.sessionAttributes or {}),
            active_contexts=[
                ActiveContext(
                    c.name,
                    c.timeToLive.timeToLiveInSeconds,
                    c.timeToLive.turnsToLive,
                    dict(c.contextAttributes),
                )
                for c in state.activeContexts or []
            ],
        ),
        messages=messages_in(model.messages),
        sent_attributes=state.sessionAttributes is not None,
        sent_contexts=state.activeContexts is not None,
    )


def _intent_in(model: IntentModel) -> IntentState:
    return IntentState(
        model.name,
        {name: _slot_in(value) for name, value in (model.slots or {}).items()},
        model.state or "InProgress",
        model.confirmationState or "None",
    )


def _slot_in(model: SlotModel | None) -> Slot:
    if model is None:
        return None
    if model.shape == "List" or model.values:
        values = [_slot_in(v) for v in model.values or []]
        return [v for v in values if isinstance(v, SlotValue)] or None
    if model.value is None:
        return None
    value = model.value
    interpreted = value.interpretedValue
    return SlotValue(
        value.originalValue if value.originalValue is not None else interpreted,
        interpreted,
        list(value.resolvedValues) if value.resolvedValues is not None else [interpreted],
    )
