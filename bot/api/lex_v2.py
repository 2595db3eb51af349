"""The Lex V2 runtime wire format (RecognizeText, GetSession, PutSession, DeleteSession): pydantic
request models and the conversions to and from the neutral turn model.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from bot.api.wire import TimeToLiveModel, WireModel, b64_gzip_json, check_text, slot_from_lex
from bot.nlu.types import Interpretation, slot_to_lex
from bot.turn import (
    ActiveContext,
    Button,
    DialogAction,
    IntentState,
    Message,
    ResponseCard,
    SessionKey,
    SessionState,
    TurnRequest,
    TurnResponse,
)


class DialogActionModel(WireModel):
    type: Literal["Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot", "None"]
    slotToElicit: str | None = None
    slotElicitationStyle: Literal["Default", "SpellByLetter", "SpellByWord"] | None = None


class IntentModel(WireModel):
    name: str = Field(min_length=1)
    slots: dict[str, dict[str, Any] | None] | None = None
    state: (
        Literal[
            "Failed",
            "Fulfilled",
            "InProgress",
            "ReadyForFulfillment",
            "Waiting",
            "FulfillmentInProgress",
        ]
        | None
    ) = None
    confirmationState: Literal["Confirmed", "Denied", "None"] | None = None


class ActiveContextModel(WireModel):
    name: str = Field(pattern=r"^([A-Za-z0-9]_?)+$", min_length=1, max_length=100)
    timeToLive: TimeToLiveModel
    contextAttributes: dict[str, str] = Field(default_factory=dict)


class SessionStateModel(WireModel):
    dialogAction: DialogActionModel | None = None
    intent: IntentModel | None = None
    activeContexts: list[ActiveContextModel] | None = Field(default=None, max_length=20)
    sessionAttributes: dict[str, str] | None = None
    originatingRequestId: str | None = None


class ButtonModel(WireModel):
    text: str = Field(min_length=1, max_length=50)
    value: str = Field(min_length=1, max_length=50)


class CardModel(WireModel):
    title: str = Field(min_length=1, max_length=250)
    subtitle: str | None = Field(default=None, max_length=250)
    imageUrl: str | None = Field(default=None, max_length=250)
    buttons: list[ButtonModel] = Field(default_factory=list, max_length=5)


class MessageModel(WireModel):
    """A Lex V2 message, the same in runtime requests and in code-hook answers."""

    contentType: Literal["PlainText", "SSML", "CustomPayload", "ImageResponseCard"]
    content: str | None = Field(default=None, max_length=1024)
    imageResponseCard: CardModel | None = None

    @model_validator(mode="after")
    def _body(self) -> MessageModel:
        if self.contentType == "ImageResponseCard":
            if self.imageResponseCard is None:
                raise ValueError("an ImageResponseCard message needs imageResponseCard")
        elif not self.content:
            raise ValueError(f"a {self.contentType} message needs content")
        return self


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
    action = None
    if model.dialogAction is not None:
        sent = model.dialogAction
        action = DialogAction(sent.type, sent.slotToElicit, sent.slotElicitationStyle)
    contexts = [
        ActiveContext(
            c.name, c.timeToLive.timeToLiveInSeconds, c.timeToLive.turnsToLive, c.contextAttributes
        )
        for c in model.activeContexts or []
    ]
    return SessionState(
        action, intent, dict(model.sessionAttributes or {}), contexts, model.originatingRequestId
    )


def turn_request(key: SessionKey, body: RecognizeTextRequest, request_id: str) -> TurnRequest:
    check_text(body.text)
    state = body.sessionState
    return TurnRequest(
        key,
        body.text,
        session_state_in(state) if state is not None else None,
        sent_attributes=state is not None and state.sessionAttributes is not None,
        sent_contexts=state is not None and state.activeContexts is not None,
        request_attributes=dict(body.requestAttributes or {}),
        request_id=request_id,
    )


def messages_in(models: list[MessageModel] | None) -> list[Message]:
    out = []
    for m in models or []:
        card = None
        if m.imageResponseCard is not None:
            c = m.imageResponseCard
            card = ResponseCard(
                c.title, c.subtitle, c.imageUrl, tuple(Button(b.text, b.value) for b in c.buttons)
            )
        out.append(Message(m.contentType, m.content, card))
    return out


# ---------------------------------------------------------------- neutral -> wire


def session_state_out(state: SessionState) -> dict[str, Any]:
    out: dict[str, Any] = {"sessionAttributes": dict(state.session_attributes)}
    if state.dialog_action is not None:
        action: dict[str, Any] = {"type": state.dialog_action.type}
        if state.dialog_action.slot_to_elicit:
            action["slotToElicit"] = state.dialog_action.slot_to_elicit
        if state.dialog_action.elicitation_style:
            action["slotElicitationStyle"] = state.dialog_action.elicitation_style
        out["dialogAction"] = action
    if state.intent is not None:
        out["intent"] = _intent_out(state.intent)
    if state.active_contexts:
        out["activeContexts"] = [
            {
                "name": c.name,
                "timeToLive": {
                    "timeToLiveInSeconds": c.time_to_live_seconds,
                    "turnsToLive": c.turns_to_live,
                },
                "contextAttributes": dict(c.attributes),
            }
            for c in state.active_contexts
        ]
    if state.originating_request_id:
        out["originatingRequestId"] = state.originating_request_id
    return out


def _intent_out(intent: IntentState) -> dict[str, Any]:
    return {
        "name": intent.name,
        "slots": {k: slot_to_lex(v) for k, v in intent.slots.items()},
        "state": intent.state,
        "confirmationState": intent.confirmation_state,
    }


def message_out(message: Message) -> dict[str, Any]:
    if message.card is not None:
        card: dict[str, Any] = {"title": message.card.title}
        if message.card.subtitle:
            card["subtitle"] = message.card.subtitle
        if message.card.image_url:
            card["imageUrl"] = message.card.image_url
        card["buttons"] = [{"text": b.text, "value": b.value} for b in message.card.buttons]
        return {"contentType": "ImageResponseCard", "imageResponseCard": card}
    return {"contentType": message.content_type, "content": message.content or ""}


def interpretations_out(
    interpretations: list[Interpretation], intent: IntentState | None
) -> list[dict[str, Any]]:
    out = []
    for i in interpretations:
        lex = i.to_lex()
        if intent is not None and intent.name == i.intent:
            lex["intent"] = _intent_out(intent)  # the live intent, with its state
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
