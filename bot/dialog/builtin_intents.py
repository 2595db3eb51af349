"""What Lex's built-in intents do to the conversation (by `parentIntentSignature`).

Cancel and Stop abandon the intent in progress; Help, Pause and Resume answer and then repeat
the pending prompt (a text conversation has nothing to hold); Repeat says the previous turn's messages again; StartOver forgets the intent and asks
what the user wants. Each says its own initial and closing responses. The fallback intent is an
ordinary intent here (it runs through the dialog steps); other built-ins are not handled.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.prompts import MessageRenderer, closing_response, initial_response
from bot.dialog.steps import Steps
from bot.project.schema import IntentDefinition
from bot.turn import IntentState, Message

CANCEL = "AMAZON.CancelIntent"
STOP = "AMAZON.StopIntent"
HELP = "AMAZON.HelpIntent"
REPEAT = "AMAZON.RepeatIntent"
START_OVER = "AMAZON.StartOverIntent"
PAUSE = "AMAZON.PauseIntent"
RESUME = "AMAZON.ResumeIntent"


class BuiltinIntents:
    def __init__(self, steps: Steps, renderer: MessageRenderer) -> None:
        self.steps = steps
        self.renderer = renderer
        self._handlers: dict[str, Callable[[DialogTurn, IntentDefinition], None]] = {
            CANCEL: self._cancel,
            STOP: self._cancel,
            HELP: self._help,
            REPEAT: self._repeat,
            START_OVER: self._start_over,
            PAUSE: self._help,
            RESUME: self._help,
        }

    def handle(self, turn: DialogTurn, definition: IntentDefinition) -> bool:
        """Run the built-in `definition`; False when it is not one handled here."""
        handler = self._handlers.get(definition.parentIntentSignature or "")
        if handler is None:
            return False
        handler(turn, definition)
        return True

    def _cancel(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        current = turn.in_progress()
        turn.say(self._responses(turn, definition))
        turn.doc.retries.clear()
        if current is not None:
            current.state = "Failed"
        else:
            turn.intent = IntentState(definition.name, {}, "Fulfilled")
        turn.set_action("Close")

    def _help(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        turn.say(self._responses(turn, definition))
        if not self.steps.repeat_prompt(turn):
            turn.intent = IntentState(definition.name, {}, "Fulfilled")
            turn.set_action("Close")

    def _repeat(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        if turn.doc.last_messages:
            turn.say(list(turn.doc.last_messages))
        else:
            turn.say(self._responses(turn, definition))

    def _start_over(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        turn.intent = None
        turn.doc.retries.clear()
        turn.say(self._responses(turn, definition))
        turn.set_action("ElicitIntent")

    def _responses(self, turn: DialogTurn, definition: IntentDefinition) -> list[Message]:
        said: list[Message] = []
        for response in (initial_response(definition), closing_response(definition)):
            said += self.renderer.response(
                response, None, turn.attributes, request=turn.request_attributes
            )
        return said
