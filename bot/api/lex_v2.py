"""The Lex V2 runtime wire format (RecognizeText, GetSession, PutSession, DeleteSession): pydantic
request models and the conversions to and from the neutral turn model.

The shapes a code hook shares (slots, intent, dialog action, contexts, messages, the session state
out) come from `bot.lex.v2`; what is the runtime's alone is here: its request models, which take
the six intent states and a context living at least 5 s and 1 turn, the confidence as
`nluConfidence: {score}`, slots without `shape: "Scalar"`, and the PutSession headers.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bot.api.wire import (
    TimeToLiveModel,
    WireModel,
    b64_gzip_json,
    check_state,
    check_text,
    slot_from_lex,
)
from bot.lex.common import CONTEXT_NAME, MAX_CONTEXT_NAME, MAX_CONTEXTS
from bot.lex.v2 import (
    DialogActionModel,
    MessageModel,
    contexts_in,
    dialog_action_in,
    intent_out,
    message_out,
    messages_in,
    session_state_out,
)
from bot.nlu.types import Interpretation
from bot.turn import (
    ConfirmationState,
    IntentState,
    IntentStateName,
    Message,
    SessionKey,
    SessionState,
    TurnRequest,
    TurnResponse,
)


class IntentModel(WireModel):
    name: str = Field(min_length=1)
    slots: dict[str, dict[str, Any] | None] | None = None
    state: IntentStateName | None = None
    confirmationState: ConfirmationState | None = None


class ActiveContextModel(WireModel):
    name: str = Field(pattern=CONTEXT_NAME, min_length=1, max_length=MAX_CONTEXT_NAME)
    timeToLive: TimeToLiveModel
    contextAttributes: dict[str, str] = Field(default_factory=dict)


class SessionStateModel(WireModel):
    dialogAction: DialogActionModel | None = None
    intent: IntentModel | None = None
    activeContexts: list[ActiveContextModel] | None = Field(default=None, max_length=MAX_CONTEXTS)
    sessionAttributes: dict[str, str] | None = None
    originatingRequestId: str | None = None


class RecognizeTextRequest(WireModel):
    text: str
    sessionState: SessionStateModel | None = None
    requestAttributes: dict[str, str] | None = None


class PutSessionRequest(WireModel):
    sessionState: SessionStateModel
    messages: list[MessageModel] | None = Field(default=None, max_length=10)
    requestAttributes: dict[str, str] | None = None


# ---------------------------------------------------------------- wire -> neutral


def session_state_in(model: SessionStateModel) -> SessionState:
    intent = None
    if model.intent is not None:
        intent = IntentState(
            model.intent.name,
            {k: slot_from_lex(v) for k, v in (model.intent.slots or {}).items()},
            model.intent.state or "InProgress",
            model.intent.confirmationState or "None",
        )
    action = dialog_action_in(model.dialogAction) if model.dialogAction is not None else None
    contexts = contexts_in(model.activeContexts or [])
    return SessionState(
        action, intent, dict(model.sessionAttributes or {}), contexts, model.originatingRequestId
    )


def turn_request(
    key: SessionKey, body: RecognizeTextRequest, request_id: str, alias_name: str | None = None
) -> TurnRequest:
    """A RecognizeText turn; `alias_name` names the alias `key.alias_id` is (for code hooks)."""
    check_text(body.text)
    state = body.sessionState
    turn = TurnRequest(
        key,
        body.text,
        session_state_in(state) if state is not None else None,
        sent_attributes=state is not None and state.sessionAttributes is not None,
        sent_contexts=state is not None and state.activeContexts is not None,
        request_attributes=dict(body.requestAttributes or {}),
        request_id=request_id,
        alias_name=alias_name,
    )
    check_state(turn.session_state, turn.request_attributes)
    return turn


def put_session_in(body: PutSessionRequest) -> tuple[SessionState, list[Message], dict[str, str]]:
    """PutSession's state, messages and request attributes, within Lex's limits."""
    state = session_state_in(body.sessionState)
    request_attributes = dict(body.requestAttributes or {})
    check_state(state, request_attributes)
    return state, messages_in(body.messages), request_attributes


# ---------------------------------------------------------------- neutral -> wire


def interpretations_out(
    interpretations: list[Interpretation], intent: IntentState | None
) -> list[dict[str, Any]]:
    out = []
    for i in interpretations:
        lex = i.to_lex()
        if intent is not None and intent.name == i.intent:
            lex["intent"] = intent_out(intent)  # the live intent, with its state
        out.append(lex)
    return out


def recognize_text_response(response: TurnResponse) -> dict[str, Any]:
    state = response.session_state
    out: dict[str, Any] = {
        "sessionState": session_state_out(state),
        "interpretations": interpretations_out(response.interpretations, state.intent),
        "sessionId": response.key.session_id,
    }
    if response.messages:
        out["messages"] = [message_out(m) for m in response.messages]
    if response.request_attributes:
        out["requestAttributes"] = dict(response.request_attributes)
    return out


def get_session_response(response: TurnResponse) -> dict[str, Any]:
    out = recognize_text_response(response)
    out.pop("requestAttributes", None)
    return out


def put_session_headers(response: TurnResponse, content_type: str) -> dict[str, str]:
    """PutSession answers in headers: base64 of gzip of the JSON (reference §1.5)."""
    headers = {
        "Content-Type": content_type,
        "x-amz-lex-session-state": b64_gzip_json(session_state_out(response.session_state)),
        "x-amz-lex-session-id": response.key.session_id,
    }
    if response.messages:
        headers["x-amz-lex-messages"] = b64_gzip_json([message_out(m) for m in response.messages])
    if response.request_attributes:
        headers["x-amz-lex-request-attributes"] = b64_gzip_json(response.request_attributes)
    return headers


def delete_session_response(key: SessionKey) -> dict[str, str]:
    return {
        "botId": key.bot_id,
        "botAliasId": key.alias_id,
        "localeId": key.locale_id,
        "sessionId": key.session_id,
    }
