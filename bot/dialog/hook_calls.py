"""Calling the code hooks of an intent and taking in what they changed.

Builds the neutral invocation from the turn (a copy: a hook cannot change the engine's state
behind its back), calls the dialog or fulfilment hook, and applies the state part of the answer:
session attributes and contexts when the hook sent them, and the intent it returned. What the
answer's dialog action means for the conversation is decided by the dialog steps.
"""

from __future__ import annotations

import copy

from bot.dialog import contexts
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.hooks import CodeHooks, HookAnswer, HookInvocation, HookSource
from bot.dialog.slots import with_all_slots
from bot.errors import DependencyFailed
from bot.project.loader import BotProject
from bot.project.schema import IntentDefinition
from bot.turn import DialogAction


class HookCalls:
    def __init__(self, hooks: CodeHooks | None, project: BotProject) -> None:
        self.hooks = hooks
        self.project = project

    def dialog_enabled(self, definition: IntentDefinition) -> bool:
        setting = definition.dialogCodeHook
        return self.hooks is not None and setting is not None and setting.enabled

    def fulfillment_enabled(self, definition: IntentDefinition) -> bool:
        setting = definition.fulfillmentCodeHook
        return (
            self.hooks is not None and setting is not None and setting.enabled and setting.isActive
        )

    def call(
        self, turn: DialogTurn, source: HookSource, proposed: DialogAction | None
    ) -> HookAnswer:
        assert self.hooks is not None
        state = copy.deepcopy(turn.doc.state)
        state.active_contexts = contexts.view(turn.doc.contexts, turn.now)
        invocation = HookInvocation(
            source=source,
            key=turn.request.key,
            session_state=state,
            interpretations=copy.deepcopy(turn.interpretations),
            input_text=turn.text,
            request_attributes=dict(turn.request.request_attributes),
            proposed_next=proposed,
            api=turn.api,
        )
        if source == "DialogCodeHook":
            answer = self.hooks.dialog(invocation)
        else:
            answer = self.hooks.fulfillment(invocation)
        self._take_in(turn, answer)
        return answer

    def _take_in(self, turn: DialogTurn, answer: HookAnswer) -> None:
        state = answer.session_state
        if answer.sent_attributes:
            turn.doc.state.session_attributes = dict(state.session_attributes)
        if answer.sent_contexts:
            turn.doc.contexts = [contexts.from_client(c, turn.now) for c in state.active_contexts]
        if state.intent is not None:
            name = self.project.intent_name(state.intent.name)
            if name is None:
                raise DependencyFailed(
                    f"Invalid code hook response: intent {state.intent.name} does not exist"
                )
            intent = copy.deepcopy(state.intent)
            intent.name = name
            turn.intent = with_all_slots(self.project.intents[name], intent)
        action = state.dialog_action
        if action is not None and action.type == "ElicitSlot":
            current = turn.intent
            definition = self.project.intents[current.name] if current else None
            if definition is None or definition.slot(action.slot_to_elicit or "") is None:
                raise DependencyFailed(
                    f"Invalid code hook response: cannot elicit slot {action.slot_to_elicit}"
                )
