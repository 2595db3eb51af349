"""Calling the code hooks of an intent and taking in what they changed.

Builds the neutral invocation from the turn (a copy: a hook cannot change the engine's state
behind its back), calls the dialog or fulfilment hook, and applies the state part of the answer:
session attributes and contexts when the hook sent them, and the intent it returned, merged into
the current one field by field (what the hook left out is kept; another intent starts fresh).
What the answer's dialog action means for the conversation is decided by the dialog steps.
"""

from __future__ import annotations

from dataclasses import replace

from bot.dialog import contexts
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.hooks import CodeHooks, HookAnswer, HookInvocation, HookSource
from bot.dialog.slots import with_all_slots
from bot.errors import DependencyFailed
from bot.nlu.types import Slot, SlotValue
from bot.project.loader import BotProject
from bot.project.schema import IntentDefinition
from bot.turn import DialogAction, IntentState, copied_intent, copied_slot, copied_state


class HookCalls:
    def __init__(self, hooks: CodeHooks | None, project: BotProject) -> None:
        self.hooks = hooks
        self.project = project

    def dialog_enabled(self, definition: IntentDefinition) -> bool:
        setting = definition.dialogCodeHook
        return (
            setting is not None
            and setting.enabled
            and self._reachable(definition.name, "DialogCodeHook")
        )

    def fulfillment_enabled(self, definition: IntentDefinition) -> bool:
        setting = definition.fulfillmentCodeHook
        return (
            setting is not None
            and setting.enabled
            and setting.isActive
            and self._reachable(definition.name, "FulfillmentCodeHook")
        )

    def any_enabled(self, definition: IntentDefinition) -> bool:
        return self.dialog_enabled(definition) or self.fulfillment_enabled(definition)

    def _reachable(self, intent: str, source: HookSource) -> bool:
        """There is a hook to call for this intent (its own, or the bot's)."""
        if self.hooks is None:
            return False
        has_hook = getattr(self.hooks, "has_hook", None)
        return bool(has_hook(intent, source)) if callable(has_hook) else True

    def call(
        self,
        turn: DialogTurn,
        source: HookSource,
        proposed: DialogAction | None,
        *,
        label: str | None = None,
        prompt_attempt: str = "Initial",
    ) -> HookAnswer:
        assert self.hooks is not None
        state = copied_state(turn.doc.state)
        state.active_contexts = contexts.view(turn.doc.contexts, turn.now)
        invocation = HookInvocation(
            source=source,
            key=turn.request.key,
            session_state=state,
            interpretations=[
                replace(i, slots={k: copied_slot(v) for k, v in i.slots.items()})
                for i in turn.interpretations
            ],
            input_text=turn.text,
            request_attributes=dict(turn.request_attributes),
            proposed_next=proposed,
            api=turn.api,
            label=label,
            prompt_attempt=prompt_attempt,
            # Lex gives the Kendra response to the fulfilment hook only (behind Lex, the dialog
            # hook runs before the query).
            kendra_response=turn.kendra_response if source == "FulfillmentCodeHook" else None,
            alias_name=turn.request.alias_name,
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
            intent = _merged(turn.intent, state.intent, name, answer)
            turn.intent = with_all_slots(self.project.intents[name], intent)
        action = state.dialog_action
        if action is not None and action.type == "ElicitSlot":
            current = turn.intent
            definition = self.project.intents[current.name] if current else None
            if definition is None or definition.slot(action.slot_to_elicit or "") is None:
                raise DependencyFailed(
                    f"Invalid code hook response: cannot elicit slot {action.slot_to_elicit}"
                )


def _merged(
    current: IntentState | None, sent: IntentState, name: str, answer: HookAnswer
) -> IntentState:
    """The intent after the answer: the current one with what the hook sent, or, when it names
    another intent, that intent with fresh state."""
    if current is None or current.name != name:
        intent = copied_intent(sent)
        intent.name = name
        if not answer.sent_intent_state:
            intent.state = "InProgress"
        if not answer.sent_confirmation_state:
            intent.confirmation_state = "None"
        return intent
    intent = copied_intent(current)
    for slot, value in sent.slots.items():
        if not _same(intent.slots.get(slot), value):
            intent.slots[slot] = copied_slot(value)
    if answer.sent_intent_state:
        intent.state = sent.state
    if answer.sent_confirmation_state:
        intent.confirmation_state = sent.confirmation_state
    return intent


def _same(known: Slot, sent: Slot) -> bool:
    """The hook sent back the value it was given (where it was found in the text aside)."""
    if isinstance(known, list) and isinstance(sent, list):
        return len(known) == len(sent) and all(map(_same, known, sent))
    if isinstance(known, SlotValue) and isinstance(sent, SlotValue):
        return (known.original_value, known.interpreted_value, known.resolved_values) == (
            sent.original_value,
            sent.interpreted_value,
            sent.resolved_values,
        )
    return known is None and sent is None
