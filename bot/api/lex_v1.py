"""The Lex V1 runtime wire format (PostText, GetSession, PutSession): pydantic request models and
the conversions to and from the neutral turn model.

V1 names built-in intents by their signature (`AMAZON.FallbackIntent`), keeps slots as plain
strings, puts several messages into one `Composite` JSON message, and answers PutSession in
base64-JSON headers. The shapes a V1 code hook shares (intent names, string slots, response
cards, contexts with `parameters`) come from `bot.lex.v1`; what is the runtime's alone is here:
its request models (a context living at least 5 s and 1 turn), the dialog state, the composite
message, an ambiguous slot written as the words said, and the headers.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Literal

from pydantic import Field

from bot.api.wire import TimeToLiveModel, WireModel, b64_json, check_state, check_text
from bot.lex import v1
from bot.lex.common import CONTEXT_NAME, MAX_CONTEXT_NAME, MAX_CONTEXTS, MAX_MESSAGE
from bot.nlu.types import Slot
from bot.project.loader import BotProject
from bot.turn import (
    DialogAction,
    IntentState,
    Message,
    SessionKey,
    SessionState,
    TurnRequest,
    TurnResponse,
)


class ActiveContextModel(WireModel):
    name: str = Field(pattern=CONTEXT_NAME, min_length=1, max_length=MAX_CONTEXT_NAME)
    timeToLive: TimeToLiveModel
    parameters: dict[str, str] = Field(default_factory=dict)


class PostTextRequest(WireModel):
    inputText: str
    sessionAttributes: dict[str, str] | None = None
    requestAttributes: dict[str, str] | None = None
    activeContexts: list[ActiveContextModel] | None = Field(default=None, max_length=MAX_CONTEXTS)


class DialogActionModel(WireModel):
    type: Literal["ElicitIntent", "ConfirmIntent", "ElicitSlot", "Close", "Delegate"]
    intentName: str | None = None
    slots: dict[str, str | None] | None = None
    slotToElicit: str | None = None
    fulfillmentState: Literal["Fulfilled", "Failed", "ReadyForFulfillment"] | None = None
    message: str | None = Field(default=None, max_length=MAX_MESSAGE)
    messageFormat: Literal["PlainText", "CustomPayload", "SSML", "Composite"] | None = None


class PutSessionRequest(WireModel):
    sessionAttributes: dict[str, str] | None = None
    dialogAction: DialogActionModel | None = None
    activeContexts: list[ActiveContextModel] | None = Field(default=None, max_length=MAX_CONTEXTS)


# ---------------------------------------------------------------- wire -> neutral


def turn_request(key: SessionKey, body: PostTextRequest, request_id: str) -> TurnRequest:
    check_text(body.inputText, "inputText")
    sent = body.sessionAttributes is not None or body.activeContexts is not None
    state = SessionState(
        session_attributes=dict(body.sessionAttributes or {}),
        active_contexts=v1.contexts_in(body.activeContexts or []),
    )
    request_attributes = dict(body.requestAttributes or {})
    check_state(state, request_attributes)
    return TurnRequest(
        key,
        body.inputText,
        state if sent else None,
        sent_attributes=body.sessionAttributes is not None,
        sent_contexts=body.activeContexts is not None,
        request_attributes=request_attributes,
        request_id=request_id,
    )


def put_session_in(
    body: PutSessionRequest, project: BotProject
) -> tuple[SessionState, list[Message]]:
    state = SessionState(
        session_attributes=dict(body.sessionAttributes or {}),
        active_contexts=v1.contexts_in(body.activeContexts or []),
    )
    messages: list[Message] = []
    action = body.dialogAction
    if action is not None:
        state.dialog_action = DialogAction(action.type, action.slotToElicit)
        if action.intentName:
            name = project.intent_name(action.intentName) or action.intentName
            slots: dict[str, Slot] = {k: v1.slot_in(v) for k, v in (action.slots or {}).items()}
            state.intent = IntentState(name, slots, _intent_state(action), "None")
        if action.message:
            kind = action.messageFormat
            messages.append(
                Message(kind if kind in ("SSML", "CustomPayload") else "PlainText", action.message)
            )  # type: ignore[arg-type]
    check_state(state, {})
    return state, messages


def _intent_state(action: DialogActionModel) -> Any:
    if action.fulfillmentState:
        return action.fulfillmentState
    return "InProgress"


# ---------------------------------------------------------------- neutral -> wire


def _slots(slots: dict[str, Slot]) -> dict[str, str | None]:
    """V1 slots as the runtime writes them: an ambiguous value as the words said (PostText has no
    `slotDetails` to carry its candidates)."""
    return v1.slots_out(slots, ambiguous_as_said=True)


def dialog_state(state: SessionState) -> str:
    action = state.dialog_action.type if state.dialog_action else "ElicitIntent"
    if action in ("ElicitSlot", "ConfirmIntent", "ElicitIntent"):
        return action
    # No intent and nothing to ask: a conversation the bot gave up on (abort statement).
    intent_state = state.intent.state if state.intent else "Failed"
    if intent_state in ("Fulfilled", "ReadyForFulfillment", "Failed"):
        return intent_state
    return "ElicitIntent"


def _message(messages: list[Message]) -> tuple[str | None, str | None]:
    """One V1 message: plain when there is one text message, else a Composite JSON group list."""
    texts = [m for m in messages if m.card is None]
    if not texts:
        return None, None
    if len(texts) == 1:
        return texts[0].content, texts[0].content_type
    groups = [
        {"type": m.content_type, "group": n, "value": m.content or ""} for n, m in enumerate(texts)
    ]
    return json.dumps({"messages": groups}), "Composite"


def post_text_response(
    response: TurnResponse, project: BotProject, bot_version: str = "$LATEST"
) -> dict[str, Any]:
    """PostText's answer; `bot_version` is the alias's version (`$LATEST` for the DRAFT)."""
    state = response.session_state
    out: dict[str, Any] = {
        "sessionAttributes": dict(state.session_attributes),
        "dialogState": dialog_state(state),
        "sessionId": response.key.session_id,
        "botVersion": bot_version,
    }
    if state.intent is not None:
        out["intentName"] = v1.intent_name(project, state.intent.name)
        out["slots"] = _slots(state.intent.slots)
    if state.dialog_action and state.dialog_action.slot_to_elicit:
        out["slotToElicit"] = state.dialog_action.slot_to_elicit
    ranked = response.interpretations
    top = ranked[0] if ranked else None
    if top and state.intent and top.intent == state.intent.name and top.confidence is not None:
        out["nluIntentConfidence"] = {"score": round(top.confidence, 4)}
    alternatives = [i for i in ranked if state.intent is None or i.intent != state.intent.name]
    if alternatives:
        out["alternativeIntents"] = [
            {
                "intentName": v1.intent_name(project, i.intent),
                **(
                    {"nluIntentConfidence": {"score": round(i.confidence, 4)}}
                    if i.confidence is not None
                    else {}
                ),
                "slots": _slots(i.slots),
            }
            for i in alternatives[:4]
        ]
    message, message_format = _message(response.messages)
    if message is not None:
        out["message"] = message[:MAX_MESSAGE]
        out["messageFormat"] = message_format
    card = v1.response_card_out(response.messages)
    if card:
        out["responseCard"] = card
    if state.active_contexts:
        out["activeContexts"] = v1.contexts_out(state.active_contexts)
    return out


def get_session_response(response: TurnResponse, project: BotProject) -> dict[str, Any]:
    state = response.session_state
    action = state.dialog_action.type if state.dialog_action else "ElicitIntent"
    dialog_action: dict[str, Any] = {"type": "Close" if action == "None" else action}
    summary: list[dict[str, Any]] = []
    if state.intent is not None:
        name = v1.intent_name(project, state.intent.name)
        fulfillment = (
            state.intent.state
            if state.intent.state in ("Fulfilled", "Failed", "ReadyForFulfillment")
            else None
        )
        dialog_action.update(intentName=name, slots=_slots(state.intent.slots))
        entry: dict[str, Any] = {
            "intentName": name,
            "slots": _slots(state.intent.slots),
            "confirmationStatus": state.intent.confirmation_state,
            "dialogActionType": dialog_action["type"],
        }
        if fulfillment:
            dialog_action["fulfillmentState"] = entry["fulfillmentState"] = fulfillment
        if state.dialog_action and state.dialog_action.slot_to_elicit:
            dialog_action["slotToElicit"] = entry["slotToElicit"] = (
                state.dialog_action.slot_to_elicit
            )
        summary.append(entry)
    message, message_format = _message(response.messages)
    if message is not None:
        dialog_action.update(message=message[:MAX_MESSAGE], messageFormat=message_format)
    return {
        "recentIntentSummaryView": summary,
        "sessionAttributes": dict(state.session_attributes),
        "sessionId": response.key.session_id,
        "dialogAction": dialog_action,
        "activeContexts": v1.contexts_out(state.active_contexts),
    }


def put_session_headers(response: TurnResponse, project: BotProject, accept: str) -> dict[str, str]:
    """V1 PutSession answers in headers; `jsonvalue` ones are base64 of the JSON text."""
    state = response.session_state
    headers = {
        "Content-Type": accept,
        "x-amz-lex-session-attributes": b64_json(dict(state.session_attributes)),
        "x-amz-lex-dialog-state": dialog_state(state),
        "x-amz-lex-session-id": response.key.session_id,
        "x-amz-lex-active-contexts": b64_json(v1.contexts_out(state.active_contexts)),
    }
    if state.intent is not None:
        headers["x-amz-lex-intent-name"] = v1.intent_name(project, state.intent.name)
        headers["x-amz-lex-slots"] = b64_json(_slots(state.intent.slots))
    if state.dialog_action and state.dialog_action.slot_to_elicit:
        headers["x-amz-lex-slot-to-elicit"] = state.dialog_action.slot_to_elicit
    message, message_format = _message(response.messages)
    if message is not None:
        headers["x-amz-lex-encoded-message"] = base64.b64encode(message.encode()).decode()
        headers["x-amz-lex-message-format"] = message_format or "PlainText"
    return headers
