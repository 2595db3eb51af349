"""The default dialog flow of an intent, Lex V2 style: start it (defaults, initial response), ask
for the next required slot, confirm, fulfil, close; retries and giving up to the fallback intent;
and following a code hook's decision where one is enabled.

Every step changes the `DialogTurn` (intent, dialog action, messages); none reads the input,
which is the job of `bot.dialog.reading`.
"""

from __future__ import annotations

from bot.dialog import contexts, slots
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.hook_calls import HookCalls
from bot.dialog.hooks import HookAnswer, HookTimeout
from bot.dialog.prompts import (
    MessageRenderer,
    closing_response,
    initial_response,
    slot_failure,
    slot_max_retries,
    slot_prompt,
)
from bot.nlu.engine import NLUEngine
from bot.nlu.types import FALLBACK_INTENT, Interpretation
from bot.project.loader import BotProject
from bot.project.messages import ResponseSpecification
from bot.project.schema import IntentDefinition, PostFulfillmentStatusSpecification
from bot.turn import DialogAction, IntentState, Message

CLARIFY_CONFIRMATION = "Please answer yes or no."
DEFAULT_MAX_RETRIES = 2


def slot_key(intent: str, slot: str) -> str:
    return f"slot:{intent}.{slot}"


def confirmation_key(intent: str) -> str:
    return f"confirm:{intent}"


class Steps:
    def __init__(
        self, project: BotProject, nlu: NLUEngine, renderer: MessageRenderer, hooks: HookCalls
    ) -> None:
        self.project = project
        self.nlu = nlu
        self.renderer = renderer
        self.hooks = hooks

    def definition(self, intent: IntentState) -> IntentDefinition:
        return self.project.intents[intent.name]

    # ------------------------------------------------------------ starting

    def start_intent(self, turn: DialogTurn, found: Interpretation) -> None:
        """The user asked for `found.intent` (with the slot values in `found`)."""
        definition = self.project.intents[found.intent]
        current = turn.in_progress()
        if current is not None and current.name == definition.name:
            slots.merge(current, found.slots)  # the same request again: keep what we have
        else:
            intent = slots.new_intent(definition)
            turn.doc.retries.clear()
            slots.apply_defaults(
                definition,
                intent,
                self.nlu,
                turn.ctx,
                contexts=contexts.attributes_by_name(turn.started_with),
                session_attributes=turn.attributes,
                request_attributes=turn.request.request_attributes,
            )
            slots.merge(intent, found.slots)
            turn.intent = intent
            turn.say(self._response(turn, initial_response(definition)))
        self.advance(turn)

    def give_up(self, turn: DialogTurn, messages: list[Message]) -> None:
        """Retries ran out: the current intent fails and the fallback intent takes over."""
        if turn.intent is not None:
            turn.intent.state = "Failed"
        turn.say(messages)
        self.start_intent(turn, Interpretation(FALLBACK_INTENT, None, {}))

    # ------------------------------------------------------------ the next step

    def next_action(self, definition: IntentDefinition, intent: IntentState) -> DialogAction | None:
        """ElicitSlot, ConfirmIntent, Close (declined), or None: ready for fulfilment."""
        if intent.confirmation_state == "Denied":
            return DialogAction("Close")
        slot = slots.next_required_slot(definition, intent)
        if slot is not None:
            return DialogAction("ElicitSlot", slot)
        confirmation = definition.intentConfirmationSetting
        if (
            confirmation is not None
            and confirmation.isActive
            and intent.confirmation_state == "None"
        ):
            return DialogAction("ConfirmIntent")
        return None

    def advance(self, turn: DialogTurn) -> None:
        """Take the next step of the current intent, asking its dialog hook first."""
        intent = turn.intent
        assert intent is not None
        definition = self.definition(intent)
        if self.hooks.dialog_enabled(definition):
            answer = self.hooks.call(turn, "DialogCodeHook", self.next_action(definition, intent))
            if self.follow(turn, answer):
                return
            intent = turn.intent
            assert intent is not None
            definition = self.definition(intent)
        self._take(turn, definition, self.next_action(definition, intent))

    def retry_next(self, turn: DialogTurn) -> None:
        """The input did not help the current intent: a failed attempt at what it asks next."""
        intent = turn.intent
        assert intent is not None
        definition = self.definition(intent)
        action = self.next_action(definition, intent)
        if action is not None and action.type == "ElicitSlot" and action.slot_to_elicit:
            self.retry_slot(turn, definition, action.slot_to_elicit)
        elif action is not None and action.type == "ConfirmIntent":
            self.retry_confirmation(turn, definition)
        else:
            self.advance(turn)

    def _take(
        self, turn: DialogTurn, definition: IntentDefinition, action: DialogAction | None
    ) -> None:
        if action is None:
            self.fulfil(turn, definition)
        elif action.type == "ElicitSlot" and action.slot_to_elicit:
            self.elicit(turn, definition, action.slot_to_elicit)
        elif action.type == "ConfirmIntent":
            self.confirm(turn, definition)
        else:
            self._decline(turn, definition)

    # ------------------------------------------------------------ prompts

    def elicit(
        self,
        turn: DialogTurn,
        definition: IntentDefinition,
        slot: str,
        messages: list[Message] | None = None,
    ) -> None:
        intent = turn.intent
        assert intent is not None
        intent.state = "InProgress"
        turn.set_action("ElicitSlot", slot)
        attempt = turn.doc.retries.get(slot_key(intent.name, slot), 0)
        turn.say(
            messages
            or self.renderer.prompt(slot_prompt(definition, slot), intent, turn.attributes, attempt)
        )

    def confirm(
        self,
        turn: DialogTurn,
        definition: IntentDefinition,
        messages: list[Message] | None = None,
        *,
        clarify: bool = False,
    ) -> None:
        intent = turn.intent
        assert intent is not None
        intent.state = "InProgress"
        intent.confirmation_state = "None"
        turn.set_action("ConfirmIntent")
        if clarify:
            turn.say([Message.text(CLARIFY_CONFIRMATION)])
        setting = definition.intentConfirmationSetting
        attempt = turn.doc.retries.get(confirmation_key(intent.name), 0)
        turn.say(
            messages
            or self.renderer.prompt(
                setting.promptSpecification if setting else None, intent, turn.attributes, attempt
            )
        )

    def repeat_prompt(self, turn: DialogTurn) -> bool:
        """Say the pending slot or confirmation prompt again; False when none is pending."""
        intent, action = turn.in_progress(), turn.action
        if intent is None or action is None or intent.name not in self.project.intents:
            return False
        definition = self.definition(intent)
        if action.type == "ElicitSlot" and action.slot_to_elicit:
            self.elicit(turn, definition, action.slot_to_elicit)
            return True
        if action.type == "ConfirmIntent":
            self.confirm(turn, definition)
            return True
        return False

    # ------------------------------------------------------------ retries

    def retry_slot(self, turn: DialogTurn, definition: IntentDefinition, slot: str) -> None:
        intent = turn.intent
        assert intent is not None
        key = slot_key(intent.name, slot)
        turn.doc.retries[key] = failures = turn.doc.retries.get(key, 0) + 1
        if failures <= slot_max_retries(definition, slot):
            self.elicit(turn, definition, slot)
        else:
            self.give_up(turn, self._response(turn, slot_failure(definition, slot)))

    def retry_confirmation(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        intent = turn.intent
        assert intent is not None
        setting = definition.intentConfirmationSetting
        key = confirmation_key(intent.name)
        turn.doc.retries[key] = failures = turn.doc.retries.get(key, 0) + 1
        limit = setting.promptSpecification.maxRetries if setting else DEFAULT_MAX_RETRIES
        if failures <= limit:
            self.confirm(turn, definition, clarify=True)
        else:
            self.give_up(turn, self._response(turn, setting.failureResponse if setting else None))

    # ------------------------------------------------------------ endings

    def _decline(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        intent = turn.intent
        assert intent is not None
        intent.state = "Failed"
        intent.confirmation_state = "Denied"
        turn.set_action("Close")
        setting = definition.intentConfirmationSetting
        turn.say(self._response(turn, setting.declinationResponse if setting else None))

    def fulfil(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        intent = turn.intent
        assert intent is not None
        post = _post_fulfillment(definition)
        if self.hooks.fulfillment_enabled(definition):
            try:
                answer = self.hooks.call(turn, "FulfillmentCodeHook", None)
            except HookTimeout:
                intent.state = "Failed"
                turn.set_action("Close")
                turn.say(self._response(turn, post.timeoutResponse if post else None))
                return
            action = answer.session_state.dialog_action
            if action is not None and action.type not in ("Close", "Delegate", "None"):
                self.follow(turn, answer)
                return
            intent = turn.intent
            assert intent is not None
            if intent.state == "Failed":
                turn.set_action("Close")
                turn.say(
                    answer.messages or self._response(turn, post.failureResponse if post else None)
                )
                return
            self._complete(turn, self.definition(intent), answer.messages)
        elif turn.api == "V1" and not definition.is_builtin:
            intent.state = "ReadyForFulfillment"  # a V1 client fulfils the intent itself
            turn.set_action("Close")
        else:
            self._complete(turn, definition, [])

    def _complete(
        self, turn: DialogTurn, definition: IntentDefinition, hook_messages: list[Message]
    ) -> None:
        """The intent is fulfilled: output contexts start, then the success and closing
        responses (a hook's own messages instead of both)."""
        intent = turn.intent
        assert intent is not None
        intent.state = "Fulfilled"
        self._activate_outputs(turn, definition, intent)
        turn.set_action("Close")
        if hook_messages:
            turn.say(hook_messages)
            return
        post = _post_fulfillment(definition)
        said = self._response(turn, post.successResponse if post else None)
        said += self._response(turn, closing_response(definition))
        turn.say(said)
        if definition.is_fallback and not said:
            turn.set_action("ElicitIntent")  # a silent fallback just waits for a new request

    def _activate_outputs(
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

    # ------------------------------------------------------------ code hook decisions

    def follow(self, turn: DialogTurn, answer: HookAnswer) -> bool:
        """Do what a hook answered; False when it delegated back to the default flow."""
        action = answer.session_state.dialog_action
        if action is None or action.type == "Delegate":
            turn.say(answer.messages)
            return False
        intent = turn.intent
        if action.type == "ElicitSlot" and intent is not None and action.slot_to_elicit:
            self.elicit(turn, self.definition(intent), action.slot_to_elicit, answer.messages)
        elif action.type == "ConfirmIntent" and intent is not None:
            self.confirm(turn, self.definition(intent), answer.messages)
        elif action.type == "ElicitIntent":
            turn.set_action("ElicitIntent")
            turn.say(answer.messages)
        else:  # Close (or None): the hook ended the intent
            turn.set_action("Close")
            if intent is not None and intent.state == "Fulfilled":
                self._activate_outputs(turn, self.definition(intent), intent)
            turn.say(answer.messages)
        return True

    def _response(self, turn: DialogTurn, response: ResponseSpecification | None) -> list[Message]:
        return self.renderer.response(response, turn.intent, turn.attributes)


def _post_fulfillment(definition: IntentDefinition) -> PostFulfillmentStatusSpecification | None:
    hook = definition.fulfillmentCodeHook
    return hook.postFulfillmentStatusSpecification if hook else None
