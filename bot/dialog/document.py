"""The session document: everything the dialog engine needs to resume a conversation, as JSON.

The caller (the runtime and its session store) saves the document after each turn and hands it
back on the next one; the engine keeps no state between calls. The document holds the neutral
session state plus engine-private data: contexts with absolute expiry, retry counters, the last
messages (for AMAZON.RepeatIntent and GetSession), the last interpretations and a turn counter.
Its keys are snake_case and engine-private: this is never a Lex wire shape.

Layout (version `FORMAT`):

    {"format": 1, "key": {"bot_id", "alias_id", "locale_id", "session_id"},
     "turn": 3, "updated_at": 1795000000.0,
     "state": {"dialog_action": {"type", "slot_to_elicit"} | null,
               "intent": {"name", "slots": {name: slot | null}, "state",
                          "confirmation_state"} | null,
               "session_attributes": {...}, "originating_request_id": str | null},
     "contexts": [{"name", "turns_left", "expires_at", "attributes"}],
     "retries": {"slot:Intent.slot" | "confirm:Intent": failed attempts},
     "last_messages": [message],
     "interpretations": [{"intent", "confidence", "slots"[, "source": "Bedrock"]}],
     "last_input": str, "follow_up": intent name | null}

A slot is `{"original_value", "interpreted_value", "resolved_values"}`, a list of those for a
multi-valued slot, or null; a message is `{"content_type", "content"}` or
`{"content_type": "ImageResponseCard", "card": {"title", "subtitle", "image_url", "buttons"}}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeGuard, cast

from bot.dialog.contexts import ContextLife
from bot.nlu.types import Interpretation, Slot, SlotValue
from bot.turn import (
    Button,
    DialogAction,
    IntentState,
    Message,
    ResponseCard,
    SessionKey,
    SessionState,
)

FORMAT = 1


@dataclass(slots=True)
class SessionDocument:
    key: SessionKey
    state: SessionState = field(default_factory=SessionState)
    contexts: list[ContextLife] = field(default_factory=list)
    retries: dict[str, int] = field(default_factory=dict)
    last_messages: list[Message] = field(default_factory=list)
    interpretations: list[Interpretation] = field(default_factory=list)
    last_input: str = ""
    follow_up: str | None = None  # a Lex V1 follow-up prompt of this intent awaits an answer
    turn: int = 0
    updated_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "key": {
                "bot_id": self.key.bot_id,
                "alias_id": self.key.alias_id,
                "locale_id": self.key.locale_id,
                "session_id": self.key.session_id,
            },
            "turn": self.turn,
            "updated_at": self.updated_at,
            "state": state_to_json(self.state),
            "contexts": [c.to_json() for c in self.contexts],
            "retries": dict(self.retries),
            "last_messages": [message_to_json(m) for m in self.last_messages],
            "interpretations": [interpretation_to_json(i) for i in self.interpretations],
            "last_input": self.last_input,
            "follow_up": self.follow_up,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionDocument:
        key = data["key"]
        return cls(
            key=SessionKey(key["bot_id"], key["alias_id"], key["locale_id"], key["session_id"]),
            state=state_from_json(data.get("state") or {}),
            contexts=[ContextLife.from_json(c) for c in data.get("contexts") or []],
            retries={str(k): int(v) for k, v in (data.get("retries") or {}).items()},
            last_messages=[message_from_json(m) for m in data.get("last_messages") or []],
            interpretations=[
                interpretation_from_json(i) for i in data.get("interpretations") or []
            ],
            last_input=str(data.get("last_input") or ""),
            follow_up=data.get("follow_up"),
            turn=int(data.get("turn") or 0),
            updated_at=float(data.get("updated_at") or 0.0),
        )


def is_current_format(data: dict[str, Any] | None) -> TypeGuard[dict[str, Any]]:
    return isinstance(data, dict) and data.get("format") == FORMAT and "key" in data


# ---------------------------------------------------------------- state


def state_to_json(state: SessionState) -> dict[str, Any]:
    action = state.dialog_action
    return {
        "dialog_action": (
            {
                "type": action.type,
                "slot_to_elicit": action.slot_to_elicit,
                "style": action.elicitation_style,
            }
            if action
            else None
        ),
        "intent": intent_to_json(state.intent) if state.intent else None,
        "session_attributes": dict(state.session_attributes),
        "originating_request_id": state.originating_request_id,
    }


def state_from_json(data: dict[str, Any]) -> SessionState:
    action = data.get("dialog_action")
    intent = data.get("intent")
    return SessionState(
        dialog_action=(
            DialogAction(action["type"], action.get("slot_to_elicit"), action.get("style"))
            if action
            else None
        ),
        intent=intent_from_json(intent) if intent else None,
        session_attributes={
            str(k): str(v) for k, v in (data.get("session_attributes") or {}).items()
        },
        originating_request_id=data.get("originating_request_id"),
    )


def intent_to_json(intent: IntentState) -> dict[str, Any]:
    return {
        "name": intent.name,
        "slots": {k: slot_to_json(v) for k, v in intent.slots.items()},
        "state": intent.state,
        "confirmation_state": intent.confirmation_state,
    }


def intent_from_json(data: dict[str, Any]) -> IntentState:
    return IntentState(
        data["name"],
        {k: slot_from_json(v) for k, v in (data.get("slots") or {}).items()},
        data.get("state") or "InProgress",
        data.get("confirmation_state") or "None",
    )


# ---------------------------------------------------------------- slots


def slot_to_json(slot: Slot) -> Any:
    if slot is None:
        return None
    if isinstance(slot, list):
        return [slot_to_json(v) for v in slot]
    return {
        "original_value": slot.original_value,
        "interpreted_value": slot.interpreted_value,
        "resolved_values": list(slot.resolved_values),
    }


def slot_from_json(data: Any) -> Slot:
    if data is None:
        return None
    if isinstance(data, list):
        return [cast(SlotValue, slot_from_json(v)) for v in data]
    return SlotValue(
        data["original_value"], data.get("interpreted_value"), list(data["resolved_values"])
    )


# ---------------------------------------------------------------- messages and interpretations


def message_to_json(message: Message) -> dict[str, Any]:
    out: dict[str, Any] = {"content_type": message.content_type}
    if message.content is not None:
        out["content"] = message.content
    if message.card is not None:
        card = message.card
        out["card"] = {
            "title": card.title,
            "subtitle": card.subtitle,
            "image_url": card.image_url,
            "buttons": [{"text": b.text, "value": b.value} for b in card.buttons],
        }
    return out


def message_from_json(data: dict[str, Any]) -> Message:
    card = data.get("card")
    return Message(
        data["content_type"],
        data.get("content"),
        ResponseCard(
            card["title"],
            card.get("subtitle"),
            card.get("image_url"),
            tuple(Button(b["text"], b["value"]) for b in card.get("buttons") or []),
        )
        if card
        else None,
    )


def interpretation_to_json(interpretation: Interpretation) -> dict[str, Any]:
    out = {
        "intent": interpretation.intent,
        "confidence": interpretation.confidence,
        "slots": {k: slot_to_json(v) for k, v in interpretation.slots.items()},
    }
    if interpretation.source != "Lex":
        out["source"] = interpretation.source
    return out


def interpretation_from_json(data: dict[str, Any]) -> Interpretation:
    return Interpretation(
        data["intent"],
        data.get("confidence"),
        {k: slot_from_json(v) for k, v in (data.get("slots") or {}).items()},
        "Bedrock" if data.get("source") == "Bedrock" else "Lex",
    )
