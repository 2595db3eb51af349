"""The Lex V2 code-hook protocol (reference §2.1, §2.2): the input event a Lambda function gets,
built from a neutral `HookInvocation`, and the response it returns, validated with pydantic and
read back as a neutral `HookAnswer`.

This module only translates: it never calls a hook and never decides what an answer means for the
conversation (that is the dialog engine's job). An answer Lex would reject raises
`InvalidHookAnswer` with a message saying which field is wrong; every shape the events carry
(ambiguous values with `interpretedValue: null`, List slots, `null` slots) is taken back.
Composite slots (`subSlots`) are read as one value, their sub-slots' text joined in order: the
neutral slot has no sub-slots.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from bot.api.lex_v2 import MessageModel, messages_in
from bot.dialog.hooks import HookAnswer, HookInvocation, HookSource
from bot.hooks.failures import InvalidHookAnswer
from bot.hooks.wire import AnswerModel, Text, TimeToLiveModel, describe
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
        "invocationLabel": invocation.label,
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
            "prompt": {"attempt": invocation.prompt_attempt},
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
    locale = key.locale_id if LOCALE.match(key.locale_id) else project.locale
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
    # null with candidates in resolvedValues: an ambiguous value; null with nothing: cleared.
    interpretedValue: Text | None = None
    originalValue: Text | None = None
    resolvedValues: list[Text] | None = None


class SlotModel(AnswerModel):
    shape: Literal["Scalar", "List", "Composite"] | None = None
    value: SlotValueModel | None = None
    values: list[SlotModel | None] | None = None
    subSlots: dict[str, SlotModel | None] | None = None


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
        # A prompt may carry the ReadyForFulfillment a fulfilment event said (it asks again).
        ready = self.intent is not None and self.intent.state == "ReadyForFulfillment"
        if ready and kind == "Close":
            raise ValueError("a Close dialog action cannot leave intent.state ReadyForFulfillment")
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


def parse_answer(data: Any, event: dict[str, Any] | None = None) -> HookAnswer:
    """A V2 Lambda response as a neutral answer; `InvalidHookAnswer` if Lex would reject it.
    Given the `event` it answers, an intent state sent back as the event showed it counts as
    not sent, so the engine keeps its own (the event shows `InProgress` as
    `ReadyForFulfillment` to a fulfilment hook)."""
    if not isinstance(data, dict):
        raise InvalidHookAnswer(f"the response is not a JSON object but {type(data).__name__}")
    try:
        model = ResponseModel.model_validate(data)
    except ValidationError as exc:
        raise InvalidHookAnswer(describe(exc)) from None
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
            dialog_action=DialogAction(
                action.type, action.slotToElicit, action.slotElicitationStyle
            ),
            intent=_intent_in(intent) if intent else None,
            session_attributes=dict(state.sessionAttributes or {}),
            active_contexts=[
                ActiveContext(
                    c.name,
                    c.timeToLive.timeToLiveInSeconds,
                    c.timeToLive.turnsToLive,
                    dict(c.contextAttributes),
                )
                for c in state.activeContexts or []
                if c.timeToLive.timeToLiveInSeconds > 0 and c.timeToLive.turnsToLive > 0
            ],
        ),
        messages=messages_in(model.messages),
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
        {name: slot_in(value) for name, value in (model.slots or {}).items()},
        model.state or "InProgress",
        model.confirmationState or "None",
    )


def slot_in(model: SlotModel | None) -> Slot:
    """A V2 slot as a neutral value: None (null, no value, or a value cleared with
    `interpretedValue: null`), one value, or a list for a List slot."""
    if model is None:
        return None
    if model.shape == "Composite" or (model.shape is None and model.subSlots):
        return _composite_in(model)
    if model.shape == "List" or (model.shape is None and model.values):
        items = [_value_in(v.value) if v is not None else None for v in model.values or []]
        values = [v for v in items if v is not None]
        if values:
            return values
        joined = _value_in(model.value)  # some producers send only the joined value
        return [joined] if joined is not None else None
    return _value_in(model.value)


def _value_in(value: SlotValueModel | None) -> SlotValue | None:
    if value is None:
        return None
    interpreted, original = value.interpretedValue, value.originalValue
    if original is None:
        original = interpreted
    if original is None:
        return None
    resolved = value.resolvedValues
    if resolved is None:
        resolved = [interpreted] if interpreted is not None else []
    return SlotValue(original, interpreted, list(resolved))


def _composite_in(model: SlotModel) -> SlotValue | None:
    """A composite slot as one value: its own `value` if it has one, else its sub-slots' text
    joined in the order sent."""
    whole = _value_in(model.value)
    if whole is not None:
        return whole
    parts: list[SlotValue] = []
    for sub in (model.subSlots or {}).values():
        found = slot_in(sub)
        parts.extend(found if isinstance(found, list) else [found] if found else [])
    if not parts:
        return None
    original = " ".join(p.original_value for p in parts)
    interpreted = " ".join(p.interpreted_value or p.original_value for p in parts)
    return SlotValue(original, interpreted, [interpreted])
