"""The Lex V1 code-hook protocol (reference §2.3, §2.4), so classic blueprint Lambdas run
unchanged: the V1 input event built from a neutral `HookInvocation`, and the V1 response
(`dialogAction` Close / ElicitSlot / ConfirmIntent / Delegate / ElicitIntent), validated with
pydantic and read back as a neutral `HookAnswer`.

V1 speaks of intents by their V1 names (`AMAZON.FallbackIntent`) and of slots as plain strings
(or null: an ambiguous AMAZON.TIME is null, its candidates in `slotDetails`). A V1 answer carries
less than a V2 one: Close and Delegate name no intent (the current one goes on), only
ConfirmIntent sets the confirmation status, and a slot left out of a `slots` map is null, as in
Lex V1. Returned `activeContexts` replace the session's contexts, as in V2 (a context given with a
zero time to live is simply not set). This module only translates: it never calls a hook.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from bot.dialog.hooks import HookAnswer, HookInvocation
from bot.hooks.failures import InvalidHookAnswer
from bot.hooks.wire import AnswerModel, Text, TimeToLiveModel, describe
from bot.nlu.types import Interpretation, Slot, SlotValue
from bot.project.loader import BotProject
from bot.turn import (
    ActiveContext,
    Button,
    DialogAction,
    IntentState,
    Message,
    ResponseCard,
    SessionKey,
    SessionState,
)

MESSAGE_VERSION = "1.0"
LATEST = "$LATEST"
MAX_RESOLUTIONS = 5


# ---------------------------------------------------------------- neutral -> event


def build_event(invocation: HookInvocation, project: BotProject) -> dict[str, Any]:
    """The V1 event Lex V1 would send for this invocation."""
    state = invocation.session_state
    intent = state.intent
    top = _matching(invocation.interpretations, intent.name if intent else None)
    current: dict[str, Any] = {
        "name": None,
        "slots": {},
        "slotDetails": {},
        "confirmationStatus": "None",
    }
    if intent is not None:
        current = {
            "name": v1_name(project, intent.name),
            "slots": {name: slot_text(value) for name, value in intent.slots.items()},
            "slotDetails": {name: _details(value) for name, value in intent.slots.items()},
            "confirmationStatus": intent.confirmation_state,
        }
        if top is not None and top.confidence is not None:
            current["nluIntentConfidenceScore"] = round(top.confidence, 2)
    return {
        "messageVersion": MESSAGE_VERSION,
        "invocationSource": invocation.source,
        "userId": invocation.key.session_id,
        "inputTranscript": invocation.input_text,
        "outputDialogMode": "Text",
        "bot": _bot(invocation.key, project),
        "currentIntent": current,
        "alternativeIntents": [
            _alternative(project, i) for i in invocation.interpretations if i is not top
        ],
        "sessionAttributes": dict(state.session_attributes),
        "requestAttributes": dict(invocation.request_attributes) or None,
        "recentIntentSummaryView": _recent(project, state),
        "activeContexts": [_context_out(c) for c in state.active_contexts],
    }


def v1_name(project: BotProject, name: str) -> str:
    """Built-ins by their signature (`AMAZON.FallbackIntent`), others by their own name."""
    return project.v1_intent_name(name) if name in project.intents else name


def slot_text(slot: Slot) -> str | None:
    """A V1 slot is a string: the interpreted value (V1 has no multi-valued slots), or null when
    there is none (an ambiguous value: the candidates go in `slotDetails`)."""
    if slot is None:
        return None
    if isinstance(slot, list):
        return ", ".join(v.interpreted_value or v.original_value for v in slot) or None
    return slot.interpreted_value


def _details(slot: Slot) -> dict[str, Any] | None:
    if slot is None or slot == []:
        return None
    text = slot_text(slot)
    values = slot if isinstance(slot, list) else [slot]
    resolved = [r for v in values for r in v.resolved_values] or ([text] if text else [])
    return {
        "resolutions": [{"value": r} for r in resolved[:MAX_RESOLUTIONS]],
        "originalValue": " ".join(v.original_value for v in values),
    }


def _matching(interpretations: list[Interpretation], name: str | None) -> Interpretation | None:
    return next((i for i in interpretations if i.intent == name), None)


def _alternative(project: BotProject, found: Interpretation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": v1_name(project, found.intent),
        "slots": {name: slot_text(value) for name, value in found.slots.items()},
        "confirmationStatus": "None",
    }
    if found.confidence is not None:
        out["nluIntentConfidenceScore"] = round(found.confidence, 2)
    return out


def _bot(key: SessionKey, project: BotProject) -> dict[str, Any]:
    # V1 names the alias, or null for $LATEST (as in the OrderFlowers walkthrough).
    return {
        "name": project.config.name,
        "alias": None if key.alias_id == LATEST else key.alias_id,
        "version": LATEST,
    }


def _recent(project: BotProject, state: SessionState) -> list[dict[str, Any]]:
    """The intent the conversation is in and the step it is at (what Lex V1 shows first)."""
    intent, action = state.intent, state.dialog_action
    if intent is None or action is None:
        return []
    return [
        {
            "intentName": v1_name(project, intent.name),
            "checkpointLabel": None,
            "slots": {name: slot_text(value) for name, value in intent.slots.items()},
            "confirmationStatus": intent.confirmation_state,
            "dialogActionType": action.type,
            "fulfillmentState": intent.state if intent.state in ("Fulfilled", "Failed") else None,
            "slotToElicit": action.slot_to_elicit,
        }
    ]


def _context_out(context: ActiveContext) -> dict[str, Any]:
    return {
        "name": context.name,
        "timeToLive": {
            "timeToLiveInSeconds": context.time_to_live_seconds,
            "turnsToLive": context.turns_to_live,
        },
        "parameters": dict(context.attributes),
    }


# ---------------------------------------------------------------- response models


class MessageModel(AnswerModel):
    contentType: Literal["PlainText", "SSML", "CustomPayload"]
    content: str = Field(min_length=1, max_length=1024)


class ButtonModel(AnswerModel):
    text: str = Field(min_length=1, max_length=15)
    value: str = Field(min_length=1, max_length=1000)


class AttachmentModel(AnswerModel):
    title: str = Field(min_length=1, max_length=80)
    subTitle: str | None = Field(default=None, max_length=80)
    imageUrl: str | None = Field(default=None, max_length=2048)
    attachmentLinkUrl: str | None = Field(default=None, max_length=2048)
    buttons: list[ButtonModel] = Field(default_factory=list, max_length=5)


class ResponseCardModel(AnswerModel):
    version: int | str | None = None
    contentType: Literal["application/vnd.amazonaws.card.generic"]
    genericAttachments: list[AttachmentModel] = Field(min_length=1, max_length=10)


class DialogActionModel(AnswerModel):
    type: Literal["Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot"]
    fulfillmentState: Literal["Fulfilled", "Failed"] | None = None
    intentName: str | None = None
    slots: dict[str, Text | None] | None = None
    slotToElicit: str | None = None
    message: MessageModel | None = None
    responseCard: ResponseCardModel | None = None

    @model_validator(mode="after")
    def _required_fields(self) -> DialogActionModel:
        needed = {
            "Close": ("fulfillmentState",),
            "ConfirmIntent": ("intentName", "slots"),
            "ElicitSlot": ("intentName", "slots", "slotToElicit"),
        }.get(self.type, ())
        missing = [name for name in needed if getattr(self, name) in (None, "")]
        if missing:
            raise ValueError(f"a {self.type} dialog action needs {', '.join(missing)}")
        return self


class ContextModel(AnswerModel):
    name: str = Field(pattern=r"^([A-Za-z0-9]_?)+$", max_length=100)
    timeToLive: TimeToLiveModel
    parameters: dict[str, Text] = Field(default_factory=dict)


class ResponseModel(AnswerModel):
    dialogAction: DialogActionModel
    sessionAttributes: dict[str, Text] | None = None
    activeContexts: list[ContextModel] | None = Field(default=None, max_length=20)


# ---------------------------------------------------------------- response -> neutral


def parse_answer(data: Any, invocation: HookInvocation, project: BotProject) -> HookAnswer:
    """A V1 Lambda response as a neutral answer; `InvalidHookAnswer` if Lex would reject it.
    The invocation supplies what V1 leaves out (the intent a Close ends)."""
    if not isinstance(data, dict):
        raise InvalidHookAnswer(f"the response is not a JSON object but {type(data).__name__}")
    try:
        model = ResponseModel.model_validate(data)
    except ValidationError as exc:
        raise InvalidHookAnswer(describe(exc)) from None
    action = model.dialogAction
    if action.type == "ConfirmIntent" and action.message is None:
        _check_confirmation_prompt(project, action.intentName or "")
    return HookAnswer(
        SessionState(
            dialog_action=DialogAction(action.type, action.slotToElicit),
            intent=_intent(action, invocation.session_state.intent, project),
            session_attributes=dict(model.sessionAttributes or {}),
            active_contexts=[
                ActiveContext(
                    c.name,
                    c.timeToLive.timeToLiveInSeconds,
                    c.timeToLive.turnsToLive,
                    dict(c.parameters),
                )
                for c in model.activeContexts or []
                if c.timeToLive.timeToLiveInSeconds > 0 and c.timeToLive.turnsToLive > 0
            ],
        ),
        messages=_messages(action),
        sent_attributes=model.sessionAttributes is not None,
        sent_contexts=model.activeContexts is not None,
        # V1 answers carry no intent state but Close's fulfillmentState, and no confirmation
        # status: ConfirmIntent asks again, so it starts over.
        sent_intent_state=action.type == "Close",
        sent_confirmation_state=action.type == "ConfirmIntent",
    )


def _check_confirmation_prompt(project: BotProject, name: str) -> None:
    """V1: ConfirmIntent without a message is valid only if the intent has its own prompt."""
    known = project.intent_name(name)
    setting = project.intents[known].intentConfirmationSetting if known else None
    if setting is None:
        raise InvalidHookAnswer(
            f"dialogAction.message: a ConfirmIntent for {name}, which has no confirmation "
            "prompt, needs a message"
        )


def _intent(
    action: DialogActionModel, current: IntentState | None, project: BotProject
) -> IntentState | None:
    """The intent as the answer gives it: the one it names (ElicitSlot, ConfirmIntent) or the
    current one (Close, Delegate), with the slots it sent; what V1 cannot say is left to the
    answer's `sent_*` flags."""
    if action.type == "ElicitIntent":
        return None
    if action.type in ("ElicitSlot", "ConfirmIntent"):
        name = action.intentName or ""
    elif current is not None:
        name = current.name
    else:
        return None
    same = current if current is not None and current.name == project.intent_name(name) else None
    state = action.fulfillmentState if action.type == "Close" else None
    slots = _slots(action.slots, same) if action.slots is not None else {}
    return IntentState(name, slots, state or "InProgress", "None")


def _slots(given: dict[str, str | None], current: IntentState | None) -> dict[str, Slot]:
    """Strings back to slot values, keeping what was known of a value the hook left as it was
    (a null sent back for an ambiguous value keeps its candidates). A slot of the current
    intent left out of `given` is null, as in Lex V1."""
    out: dict[str, Slot] = {name: None for name in (current.slots if current else {})}
    for name, text in given.items():
        known = current.slots.get(name) if current is not None else None
        if known is not None and slot_text(known) == text:
            out[name] = copy.deepcopy(known)
        elif text is None:
            out[name] = None
        else:
            out[name] = SlotValue(text, text, [text])
    return out


def _messages(action: DialogActionModel) -> list[Message]:
    out = []
    if action.message is not None:
        out.append(Message(action.message.contentType, action.message.content))
    if action.responseCard is not None:
        for card in action.responseCard.genericAttachments:
            buttons = tuple(Button(b.text, b.value) for b in card.buttons)
            out.append(
                Message(
                    "ImageResponseCard",
                    None,
                    ResponseCard(card.title, card.subTitle, card.imageUrl, buttons),
                )
            )
    return out
