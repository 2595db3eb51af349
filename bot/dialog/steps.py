"""The default dialog flow of an intent, Lex V2 style: start it (defaults, initial response), ask
for the next required slot, confirm, fulfil, close; retries and giving up to the fallback intent;
and following a code hook's decision where one is enabled.

Every step changes the `DialogTurn` (intent, dialog action, messages); none reads the input,
which is the job of `bot.dialog.reading`.
"""

from __future__ import annotations

from bot.dialog import contexts, slots
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.flow import Flow
from bot.dialog.fulfilment import Fulfilment
from bot.dialog.hook_calls import HookCalls
from bot.dialog.hooks import HookAnswer
from bot.dialog.prompts import (
    MessageRenderer,
    initial_response,
    slot_failure,
    slot_max_retries,
    slot_prompt,
)
from bot.dialog.v1_prompts import V1Prompts
from bot.errors import DependencyFailed
from bot.nlu.types import FALLBACK_INTENT, Interpretation, Slot
from bot.nlu.understanding import Understanding
from bot.project.loader import BotProject
from bot.project.messages import ResponseSpecification
from bot.project.schema import IntentDefinition
from bot.turn import DialogAction, ElicitationStyle, IntentState, Message

CLARIFY_CONFIRMATION = "Please answer yes or no."
DEFAULT_MAX_RETRIES = 2


def slot_key(intent: str, slot: str) -> str:
    return f"slot:{intent}.{slot}"


def confirmation_key(intent: str) -> str:
    return f"confirm:{intent}"


class Steps:
    def __init__(
        self, project: BotProject, nlu: Understanding, renderer: MessageRenderer, hooks: HookCalls
    ) -> None:
        self.project = project
        self.nlu = nlu
        self.renderer = renderer
        self.hooks = hooks
        self.flow = Flow(self)
        self.fulfilment = Fulfilment(self)
        self.v1 = V1Prompts(self)

    def definition(self, intent: IntentState) -> IntentDefinition:
        return self.project.intents[intent.name]

    # ------------------------------------------------------------ starting

    def start_intent(self, turn: DialogTurn, found: Interpretation) -> None:
        """The user asked for `found.intent` (with the slot values in `found`)."""
        definition = self.project.intents[found.intent]
        current = turn.in_progress()
        if current is not None and current.name == definition.name:
            slots.merge(current, found.slots)  # the same request again: keep what we have
            self.advance(turn)
            return
        self._new_intent(turn, definition, found.slots)
        self._begin(turn, definition)

    def start_named(
        self,
        turn: DialogTurn,
        name: str,
        overrides: dict[str, list[str] | None],
        *,
        run: bool = True,
    ) -> None:
        """A flow step starts intent `name` with slot `overrides`; `run=False` only switches
        to it (the step itself says what comes next)."""
        found = self.project.intent_name(name)
        if found is None:
            raise DependencyFailed(f"The conversation flow names an unknown intent {name}")
        definition = self.project.intents[found]
        current = turn.intent
        if current is not None and current.state == "InProgress" and current.name != found:
            current.state = "Failed"
        self._new_intent(turn, definition, {})
        intent = turn.intent
        assert intent is not None
        slots.set_values(intent, overrides)
        if run:
            self._begin(turn, definition)

    def _begin(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        """A new intent's initial response, then its first step."""
        turn.say(self.response(turn, initial_response(definition)))
        if definition.uses_flows:
            self.flow.initial(turn, definition)
        else:
            self.advance(turn)

    def _new_intent(
        self, turn: DialogTurn, definition: IntentDefinition, found: dict[str, Slot]
    ) -> None:
        intent = slots.new_intent(definition)
        turn.doc.retries.clear()
        slots.apply_defaults(
            definition,
            intent,
            self.nlu,
            turn.ctx,
            contexts=contexts.attributes_by_name(turn.started_with),
            session_attributes=turn.attributes,
            request_attributes=turn.request_attributes,
        )
        slots.merge(intent, found)
        turn.intent = intent

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
        """Take the next step of the current intent, asking its dialog hook first (a flow
        intent calls its hook only at the steps that say so)."""
        intent = turn.intent
        assert intent is not None
        definition = self.definition(intent)
        if self.hooks.dialog_enabled(definition) and not definition.uses_flows:
            answer = self.hooks.call(turn, "DialogCodeHook", self.next_action(definition, intent))
            if self.follow(turn, answer):
                return
            intent = turn.intent
            assert intent is not None
            definition = self.definition(intent)
        self.take(turn, definition, self.next_action(definition, intent))

    def captured(self, turn: DialogTurn, slot: str) -> None:
        """The user answered the prompt for `slot` with a value."""
        intent = turn.intent
        assert intent is not None
        definition = self.definition(intent)
        if definition.uses_flows:
            self.flow.captured(turn, definition, slot)
        else:
            self.advance(turn)

    def answered_confirmation(self, turn: DialogTurn, yes: bool) -> None:
        """The user said yes or no to the confirmation prompt."""
        intent = turn.intent
        assert intent is not None
        definition = self.definition(intent)
        intent.confirmation_state = "Confirmed" if yes else "Denied"
        if not definition.uses_flows:
            setting = definition.intentConfirmationSetting
            if yes and setting is not None:
                turn.say(self.response(turn, setting.confirmationResponse))
            self.advance(turn)
        elif yes:
            self.flow.confirmed(turn, definition)
        else:
            intent.state = "Failed"
            self.flow.declined(turn, definition)

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

    def take(
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
        *,
        say_prompt: bool = True,
        style: ElicitationStyle | None = None,
    ) -> None:
        intent = turn.intent
        assert intent is not None
        intent.state = "InProgress"
        turn.set_action("ElicitSlot", slot, style)
        attempt = turn.doc.retries.get(slot_key(intent.name, slot), 0)
        if messages:
            turn.say(messages)
        elif say_prompt:
            prompt = slot_prompt(definition, slot)
            turn.say(
                self.renderer.prompt(
                    prompt, intent, turn.attributes, attempt, request=turn.request_attributes
                )
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
                setting.promptSpecification if setting else None,
                intent,
                turn.attributes,
                attempt,
                request=turn.request_attributes,
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
        flow = definition.uses_flows
        if failures <= slot_max_retries(definition, slot):
            found = definition.slot(slot)
            capture = found.valueElicitationSetting.slotCaptureSetting if found else None
            hook = capture.elicitationCodeHook if capture and flow else None
            proposed = DialogAction("ElicitSlot", slot)
            if not self.flow.elicitation_hook(turn, hook, proposed, failures):
                self.elicit(turn, definition, slot)
        elif flow:
            self.flow.slot_failed(turn, definition, slot)
        else:
            self.give_up(turn, self.response(turn, slot_failure(definition, slot)))

    def retry_confirmation(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        intent = turn.intent
        assert intent is not None
        setting = definition.intentConfirmationSetting
        key = confirmation_key(intent.name)
        turn.doc.retries[key] = failures = turn.doc.retries.get(key, 0) + 1
        limit = setting.promptSpecification.maxRetries if setting else DEFAULT_MAX_RETRIES
        flow = definition.uses_flows
        if failures <= limit:
            hook = setting.elicitationCodeHook if setting and flow else None
            proposed = DialogAction("ConfirmIntent")
            if not self.flow.elicitation_hook(turn, hook, proposed, failures):
                self.confirm(turn, definition, clarify=True)
        elif flow:
            self.flow.confirmation_failed(turn, definition)
        else:
            self.give_up(turn, self.response(turn, setting.failureResponse if setting else None))

    # ------------------------------------------------------------ endings

    def _decline(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        intent = turn.intent
        assert intent is not None
        intent.state = "Failed"
        intent.confirmation_state = "Denied"
        turn.set_action("Close")
        setting = definition.intentConfirmationSetting
        turn.say(self.response(turn, setting.declinationResponse if setting else None))

    def fulfil(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        self.fulfilment.fulfil(turn, definition)

    # ------------------------------------------------------------ code hook decisions

    def follow(self, turn: DialogTurn, answer: HookAnswer) -> bool:
        """Do what a hook answered; False when it delegated back to the default flow."""
        action = answer.session_state.dialog_action
        if action is None or action.type == "Delegate":
            turn.say(answer.messages)
            return False
        intent = turn.intent
        if action.type == "ElicitSlot" and intent is not None and action.slot_to_elicit:
            definition = self.definition(intent)
            slot, style = action.slot_to_elicit, action.elicitation_style
            self.elicit(turn, definition, slot, answer.messages, style=style)
        elif action.type == "ConfirmIntent" and intent is not None:
            self.confirm(turn, self.definition(intent), answer.messages)
        elif action.type == "ElicitIntent":
            turn.set_action("ElicitIntent")
            turn.say(answer.messages)
        else:  # Close (or None): the hook ended the intent
            turn.set_action("Close")
            if intent is not None and intent.state == "Fulfilled":
                self.fulfilment.activate_outputs(turn, self.definition(intent), intent)
            turn.say(answer.messages)
        return True

    def response(self, turn: DialogTurn, response: ResponseSpecification | None) -> list[Message]:
        return self.renderer.response(
            response, turn.intent, turn.attributes, request=turn.request_attributes
        )
