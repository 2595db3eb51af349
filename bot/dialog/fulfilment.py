"""Fulfilment of an intent and what follows it: the fulfilment code hook (or none), the intent's
post-fulfilment responses, its output contexts, and the closing response; a flow intent goes on
to its post-fulfilment next steps instead (`bot.dialog.flow`). A Lex V1 client without a
fulfilment hook fulfils the intent itself (ReadyForFulfillment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.dialog import contexts, slots
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.hooks import HookTimeout
from bot.dialog.prompts import closing_response
from bot.project.schema import IntentDefinition, PostFulfillmentStatusSpecification
from bot.turn import IntentState, Message

if TYPE_CHECKING:
    from bot.dialog.steps import Steps


class Fulfilment:
    def __init__(self, steps: Steps) -> None:
        self.steps = steps

    def fulfil(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        if definition.uses_flows:
            self._fulfil_flow(turn, definition)
            return
        intent = turn.intent
        assert intent is not None
        post = _post_fulfillment(definition)
        if self.steps.hooks.fulfillment_enabled(definition):
            outcome, messages = self._call_hook(turn)
            if outcome == "timeout":
                turn.set_action("Close")
                turn.say(self.steps.response(turn, post.timeoutResponse if post else None))
            elif outcome == "failure":
                turn.set_action("Close")
                turn.say(
                    messages or self.steps.response(turn, post.failureResponse if post else None)
                )
            elif outcome == "success":
                intent = turn.intent
                assert intent is not None
                self._complete(turn, self.steps.definition(intent), messages)
        elif turn.api == "V1" and not definition.is_builtin:
            intent.state = "ReadyForFulfillment"  # a V1 client fulfils the intent itself
            turn.set_action("Close")
        else:
            self._complete(turn, definition, [])

    def _fulfil_flow(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        """Fulfilment of a flow intent, then its success, failure or timeout path."""
        outcome, messages = "success", list[Message]()
        if self.steps.hooks.fulfillment_enabled(definition):
            outcome, messages = self._call_hook(turn)
        if outcome == "followed":
            return
        intent = turn.intent
        assert intent is not None
        turn.say(messages)
        if outcome == "success":
            intent.state = "Fulfilled"
            self.activate_outputs(turn, self.steps.definition(intent), intent)
        self.steps.flow.after_fulfilment(turn, outcome, hook_messages=bool(messages))

    def _call_hook(self, turn: DialogTurn) -> tuple[str, list[Message]]:
        """Call the fulfilment hook: "timeout" (the intent Failed), "failure" (it answered
        Failed), "success", or "followed" when it chose another dialog action (already taken);
        with the messages it gave."""
        try:
            answer = self.steps.hooks.call(turn, "FulfillmentCodeHook", None)
        except HookTimeout:
            intent = turn.intent
            assert intent is not None
            intent.state = "Failed"
            return "timeout", []
        action = answer.session_state.dialog_action
        if action is not None and action.type not in ("Close", "Delegate", "None"):
            self.steps.follow(turn, answer)
            return "followed", answer.messages
        intent = turn.intent
        assert intent is not None
        return ("failure" if intent.state == "Failed" else "success"), answer.messages

    def _complete(
        self, turn: DialogTurn, definition: IntentDefinition, hook_messages: list[Message]
    ) -> None:
        """The intent is fulfilled: output contexts start, then the success and closing
        responses (a hook's own messages instead of both)."""
        intent = turn.intent
        assert intent is not None
        intent.state = "Fulfilled"
        self.activate_outputs(turn, definition, intent)
        turn.set_action("Close")
        if hook_messages:
            turn.say(hook_messages)
            return
        if self.steps.v1.ask_follow_up(turn, definition):
            return
        post = _post_fulfillment(definition)
        said = self.steps.response(turn, post.successResponse if post else None)
        said += self.steps.response(turn, closing_response(definition))
        turn.say(said)
        if definition.is_fallback and not said:
            turn.set_action("ElicitIntent")  # a silent fallback just waits for a new request

    def activate_outputs(
        self, turn: DialogTurn, definition: IntentDefinition, intent: IntentState
    ) -> None:
        attributes = slots.context_attributes(intent)
        for output in definition.outputContexts:
            turn.doc.contexts = contexts.replace(
                turn.doc.contexts,
                contexts.activate(
                    output.name,
                    output.turnsToLive,
                    output.timeToLiveInSeconds,
                    attributes,
                    turn.now,
                ),
            )


def _post_fulfillment(definition: IntentDefinition) -> PostFulfillmentStatusSpecification | None:
    hook = definition.fulfillmentCodeHook
    return hook.postFulfillmentStatusSpecification if hook else None
