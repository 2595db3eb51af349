"""What the user's input means, given what the bot asked: the answer to a slot prompt, a yes/no
to a confirmation, or a new request to classify. Each reading hands over to the dialog steps.

While a slot is elicited, the answer fills it (with other values volunteered); a built-in intent
or a confident other intent interrupts; anything else is a failed attempt. While a confirmation
is pending, the input is read as yes/no first (AMAZON.Confirmation), then as a built-in intent,
then as a corrected slot value (the intent is then confirmed again), then as another intent.
A new request that matches no intent is first a question for the bot's search intent
(`bot.dialog.search_intents`).
"""

from __future__ import annotations

import time

from bot.dialog import slots
from bot.dialog.assisted_slots import AssistedSlots
from bot.dialog.builtin_intents import BuiltinIntents
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.search_intents import SearchIntents
from bot.dialog.steps import Steps, confirmation_key
from bot.nlu.builtins import get_builtin
from bot.nlu.engine import ElicitedSlot
from bot.nlu.spelling import spelled
from bot.nlu.types import FALLBACK_INTENT, Interpretation, ParseResult
from bot.nlu.understanding import Understanding
from bot.observability import trace
from bot.project.loader import BotProject
from bot.project.schema import IntentDefinition

YES, NO = "Yes", "No"


class InputReader:
    def __init__(
        self,
        project: BotProject,
        nlu: Understanding,
        steps: Steps,
        builtins: BuiltinIntents,
        assisted: AssistedSlots | None = None,
        search: SearchIntents | None = None,
    ) -> None:
        self.project = project
        self.nlu = nlu
        self.steps = steps
        self.builtins = builtins
        self.assisted = assisted
        self.search = search
        confirmation = get_builtin("AMAZON.Confirmation")
        assert confirmation is not None
        self.confirmation = confirmation

    def read(self, turn: DialogTurn) -> None:
        intent, action = turn.intent, turn.action
        definition = self.project.intents.get(intent.name) if intent else None
        if definition is not None and action is not None:
            slot = action.slot_to_elicit
            if action.type == "ElicitSlot" and slot and definition.slot(slot):
                self._slot_answer(turn, definition, slot)
                return
            if action.type == "ConfirmIntent":
                self._confirmation_answer(turn, definition)
                return
        self._request(turn)

    # ------------------------------------------------------------ readings

    def _slot_answer(self, turn: DialogTurn, definition: IntentDefinition, slot: str) -> None:
        intent = turn.intent
        assert intent is not None
        intent.state = "InProgress"
        action = turn.action
        style = action.elicitation_style if action is not None else None
        result = self._parse(turn, ElicitedSlot(intent.name, slot), spelled(turn.text, style))
        top = result.top
        if result.source == "elicited" and top.intent == intent.name:
            slots.merge_answer(intent, slot, top.slots)
            self.steps.captured(turn, slot)
            return
        if self._builtin(turn, top) or self._switch(turn, top):
            return
        if top.intent == intent.name:
            slots.merge(intent, top.slots)
            if intent.slots.get(slot) is not None:
                self.steps.captured(turn, slot)
                return
        if self.assisted is not None and self.assisted.fill(turn, definition, slot):
            self.steps.captured(turn, slot)  # a model read the value the NLU missed
            return
        self.steps.retry_slot(turn, definition, slot)

    def _confirmation_answer(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        intent = turn.intent
        assert intent is not None
        intent.state = "InProgress"
        answer = self.confirmation.resolve(turn.text, turn.ctx)
        said = answer.interpreted_value if answer is not None else None
        if said in (YES, NO):
            turn.interpretations = [Interpretation(intent.name, 1.0, {})]
            self.steps.answered_confirmation(turn, said == YES)
            return
        top = self._parse(turn).top
        if self._builtin(turn, top):
            return
        changed = slots.corrected_slots(self.nlu, intent, turn.text, turn.ctx)
        if top.intent == intent.name:
            changed |= {
                k: v
                for k, v in top.slots.items()
                if v is not None and not slots.same_value(v, intent.slots.get(k))
            }
        if changed:
            slots.merge(intent, changed)
            intent.confirmation_state = "None"
            turn.doc.retries.pop(confirmation_key(intent.name), None)
            self.steps.advance(turn)  # confirms again, with the new values
            return
        if not self._switch(turn, top):
            self.steps.retry_confirmation(turn, definition)

    def _request(self, turn: DialogTurn) -> None:
        top = self._parse(turn).top
        if turn.doc.follow_up is not None and self.steps.v1.answer_follow_up(turn, top):
            return
        if top.intent == FALLBACK_INTENT:
            current = turn.in_progress()
            if current is not None and current.name in self.project.intents:
                self.steps.retry_next(turn)  # mid-intent: a failed attempt, not a new request
            elif self.search is not None and self.search.answer(turn, top):
                pass  # the bot's search intent found an answer (Kendra, a knowledge base)
            elif self.steps.v1.clarifies:
                self.steps.v1.clarify(turn)
            else:
                self.steps.start_intent(turn, top)
            return
        if not self._builtin(turn, top):
            self.steps.start_intent(turn, top)

    # ------------------------------------------------------------ interruptions

    def _builtin(self, turn: DialogTurn, top: Interpretation) -> bool:
        """The user asked for help, to cancel, to repeat... (handled without leaving the
        intent in progress where the built-in allows it)."""
        definition = self.project.intents.get(top.intent)
        if definition is None or not definition.is_builtin or definition.is_fallback:
            return False
        if self.steps.hooks.any_enabled(definition):
            # The bot's own code runs the built-in (a blueprint's "repeat" handler, say).
            self._leave_current(turn, definition.name)
            self.steps.start_intent(turn, top)
            return True
        return self.builtins.handle(turn, definition)

    def _leave_current(self, turn: DialogTurn, name: str) -> None:
        current = turn.intent
        if current is not None and current.state == "InProgress" and current.name != name:
            current.state = "Failed"

    def _switch(self, turn: DialogTurn, top: Interpretation) -> bool:
        """The user asked for another intent (the NLU put it above the threshold)."""
        current = turn.intent
        if top.intent == FALLBACK_INTENT or top.intent not in self.project.intents:
            return False
        if current is not None and top.intent == current.name:
            return False
        if current is not None:
            current.state = "Failed"  # abandoned; the new intent replaces it
        self.steps.start_intent(turn, top)
        return True

    def _parse(
        self, turn: DialogTurn, elicited: ElicitedSlot | None = None, text: str | None = None
    ) -> ParseResult:
        started = time.perf_counter()
        result = self.nlu.parse(
            text if text is not None else turn.text,
            turn.ctx,
            elicited=elicited,
            active_contexts=turn.active_contexts,
            threshold=turn.threshold,
        )
        trace.nlu_parsed(time.perf_counter() - started)  # the test console's view
        turn.record(result)
        return result
