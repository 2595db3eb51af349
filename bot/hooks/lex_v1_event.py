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
The shapes the V1 runtime API shares (intent names, string slots and `slotDetails`, response
cards and their limits, contexts with `parameters`) come from `bot.lex.v1`; what a Lambda sees
differently is said here: an ambiguous slot is null (its candidates in `slotDetails`), the
confidence is a bare `nluIntentConfidenceScore`, and answers are read with a lenient time to live.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import Field, model_validator

from bot.dialog.hooks import HookAnswer, HookInvocation
from bot.hooks.failures import InvalidHookAnswer
from bot.hooks.wire import AnswerModel, Text, TimeToLiveModel, alive, read_answer
from bot.lex import v1
from bot.lex.common import CONTEXT_NAME, MAX_CONTEXT_NAME, MAX_CONTEXTS, MAX_MESSAGE
from bot.nlu.types import Interpretation, Slot
from bot.project.bot_config import DRAFT
from bot.project.loader import BotProject
from bot.turn import (
    DialogAction,
    IntentState,
    Message,
    SessionState,
)

MESSAGE_VERSION = "1.0"
LATEST = "$LATEST"


# ---------------------------------------------------------------- neutral -> event


def build_event(
    invocation: HookInvocation, project: BotProject, version: str = DRAFT
) -> dict[str, Any]:
    """The V1 event Lex V1 would send for this invocation, to a hook of bot `version`."""
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
            "name": v1.intent_name(project, intent.name),
            "slots": v1.slots_out(intent.slots),
            "slotDetails": {name: v1.slot_details(value) for name, value in intent.slots.items()},
            "confirmationStatus": intent.confirmation_state,
        }
        if top is not None and top.confidence is not None:
            current["nluIntentConfidenceScore"] = round(top.confidence, 2)
    event = {
        "messageVersion": MESSAGE_VERSION,
        "invocationSource": invocation.source,
        "userId": invocation.key.session_id,
        "inputTranscript": invocation.input_text,
        "outputDialogMode": "Text",
        "bot": _bot(invocation, project, version),
        "currentIntent": current,
        "alternativeIntents": [
            _alternative(project, i) for i in invocation.interpretations if i is not top
        ],
        "sessionAttributes": dict(state.session_attributes),
        "requestAttributes": dict(invocation.request_attributes) or None,
        "recentIntentSummaryView": _recent(project, state),
        "activeContexts": v1.contexts_out(state.active_contexts),
    }
    if invocation.kendra_response is not None:  # a search intent's fulfilment
        event["kendraResponse"] = invocation.kendra_response
    return event


def _matching(interpretations: list[Interpretation], name: str | None) -> Interpretation | None:
    return next((i for i in interpretations if i.intent == name), None)


def _alternative(project: BotProject, found: Interpretation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": v1.intent_name(project, found.intent),
        "slots": v1.slots_out(found.slots),
        "confirmationStatus": "None",
    }
    if found.confidence is not None:
        out["nluIntentConfidenceScore"] = round(found.confidence, 2)
    return out


def _bot(invocation: HookInvocation, project: BotProject, version: str) -> dict[str, Any]:
    # V1 names the alias, or null for $LATEST (as in the OrderFlowers walkthrough), and calls
    # the DRAFT $LATEST.
    alias = invocation.alias_name or invocation.key.alias_id
    return {
        "name": project.config.name,
        "alias": None if alias == LATEST else alias,
        "version": LATEST if version == DRAFT else version,
    }


def _recent(project: BotProject, state: SessionState) -> list[dict[str, Any]]:
    """The intent the conversation is in and the step it is at (what Lex V1 shows first)."""
    intent, action = state.intent, state.dialog_action
    if intent is None or action is None:
        return []
    return [
        {
            "intentName": v1.intent_name(project, intent.name),
            "checkpointLabel": None,
            "slots": v1.slots_out(intent.slots),
            "confirmationStatus": intent.confirmation_state,
            "dialogActionType": action.type,
            "fulfillmentState": intent.state if intent.state in ("Fulfilled", "Failed") else None,
            "slotToElicit": action.slot_to_elicit,
        }
    ]


# ---------------------------------------------------------------- response models


class MessageModel(AnswerModel):
    contentType: Literal["PlainText", "SSML", "CustomPayload"]
    content: str = Field(min_length=1, max_length=MAX_MESSAGE)


class DialogActionModel(AnswerModel):
    type: Literal["Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot"]
    fulfillmentState: Literal["Fulfilled", "Failed"] | None = None
    intentName: str | None = None
    slots: dict[str, Text | None] | None = None
    slotToElicit: str | None = None
    message: MessageModel | None = None
    responseCard: v1.ResponseCardModel | None = None

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
    name: str = Field(pattern=CONTEXT_NAME, max_length=MAX_CONTEXT_NAME)
    timeToLive: TimeToLiveModel
    parameters: dict[str, Text] = Field(default_factory=dict)


class ResponseModel(AnswerModel):
    dialogAction: DialogActionModel
    sessionAttributes: dict[str, Text] | None = None
    activeContexts: list[ContextModel] | None = Field(default=None, max_length=MAX_CONTEXTS)


# ---------------------------------------------------------------- response -> neutral


def parse_answer(data: Any, invocation: HookInvocation, project: BotProject) -> HookAnswer:
    """A V1 Lambda response as a neutral answer; `InvalidHookAnswer` if Lex would reject it.
    The invocation supplies what V1 leaves out (the intent a Close ends)."""
    model = read_answer(ResponseModel, data)
    action = model.dialogAction
    if action.type == "ConfirmIntent" and action.message is None:
        _check_confirmation_prompt(project, action.intentName or "")
    return HookAnswer(
        SessionState(
            dialog_action=DialogAction(action.type, action.slotToElicit),
            intent=_intent(action, invocation.session_state.intent, project),
            session_attributes=dict(model.sessionAttributes or {}),
            active_contexts=[c for c in v1.contexts_in(model.activeContexts or []) if alive(c)],
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
        if known is not None and v1.slot_text(known) == text:
            out[name] = copy.deepcopy(known)
        elif text is None:
            out[name] = None
        else:
            out[name] = v1.slot_in(text)
    return out


def _messages(action: DialogActionModel) -> list[Message]:
    out = []
    if action.message is not None:
        out.append(Message(action.message.contentType, action.message.content))
    if action.responseCard is not None:
        out.extend(v1.cards_in(action.responseCard))
    return out
