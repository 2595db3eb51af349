"""Lex V1 bot behaviour that V2 has no word for (reference lex-flows §9.2-§9.3).

- Clarification: input that matches no intent gets the bot's `clarificationPrompt`, up to its
  attempts; then the bot's own FallbackIntent takes over, or, when the bot defines none, the
  `abortStatement` ends the conversation as Failed.
- Follow-up prompt: after fulfilment an intent may ask whether the user wants more; a new
  request starts that intent, "no" says the rejection statement, a bare "yes" is asked what it
  wants (the clarification prompt), anything else hears the follow-up prompt again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.dialog.dialog_turn import DialogTurn
from bot.nlu.builtins import get_builtin
from bot.nlu.types import FALLBACK_INTENT, Interpretation
from bot.project.schema import IntentDefinition
from bot.turn import Message

if TYPE_CHECKING:
    from bot.dialog.steps import Steps

CLARIFY_KEY = "clarify"
FOLLOW_UP_KEY = "follow-up"


class V1Prompts:
    def __init__(self, steps: Steps) -> None:
        self.steps = steps
        confirmation = get_builtin("AMAZON.Confirmation")
        assert confirmation is not None
        self.confirmation = confirmation

    @property
    def clarifies(self) -> bool:
        return self.steps.project.config.clarificationPrompt is not None

    def clarify(self, turn: DialogTurn) -> None:
        """Unmatched input with no intent in progress."""
        config = self.steps.project.config
        prompt = config.clarificationPrompt
        assert prompt is not None
        retries = turn.doc.retries
        retries[CLARIFY_KEY] = said = retries.get(CLARIFY_KEY, 0) + 1
        if said <= prompt.maxRetries + 1:
            turn.say(
                self.steps.renderer.prompt(
                    prompt, None, turn.attributes, said - 1, request=turn.request_attributes
                )
            )
            turn.set_action("ElicitIntent")
            return
        retries.pop(CLARIFY_KEY, None)
        if self.steps.project.declares_fallback:
            self.steps.start_intent(turn, Interpretation(FALLBACK_INTENT, None, {}))
            return
        turn.say(
            self.steps.renderer.response(
                config.abortStatement, None, turn.attributes, request=turn.request_attributes
            )
        )
        turn.intent = None  # the conversation is abandoned: V1 answers dialogState Failed
        turn.set_action("Close")

    def ask_follow_up(self, turn: DialogTurn, definition: IntentDefinition) -> bool:
        """After fulfilment: say the intent's follow-up prompt; False when it has none."""
        follow_up = definition.followUpPrompt
        if follow_up is None:
            return False
        intent = turn.intent
        turn.say(
            self.steps.renderer.prompt(
                follow_up.prompt, intent, turn.attributes, request=turn.request_attributes
            )
        )
        turn.doc.follow_up = definition.name
        turn.doc.retries.pop(FOLLOW_UP_KEY, None)
        turn.set_action("ElicitIntent")
        return True

    def answer_follow_up(self, turn: DialogTurn, top: Interpretation) -> bool:
        """Read the answer to a pending follow-up prompt; False when it is a new request that
        the caller starts as usual."""
        name = turn.doc.follow_up
        turn.doc.follow_up = None
        definition = self.steps.project.intents.get(name or "")
        if definition is None or definition.followUpPrompt is None:
            return False
        if top.intent != FALLBACK_INTENT:
            return False
        answer = self.confirmation.resolve(turn.text, turn.ctx)
        said = answer.interpreted_value if answer is not None else None
        renderer = self.steps.renderer
        if said == "No":
            rejection = definition.followUpPrompt.rejectionStatement
            turn.say(
                renderer.response(
                    rejection, turn.intent, turn.attributes, request=turn.request_attributes
                )
            )
            turn.set_action("Close")
            return True
        if said == "Yes":
            prompt = self.steps.project.config.clarificationPrompt
            if prompt is not None:
                turn.say(
                    renderer.prompt(prompt, None, turn.attributes, request=turn.request_attributes)
                )
            else:
                turn.say([Message.text("What would you like to do?")])
            turn.set_action("ElicitIntent")
            return True
        retries = turn.doc.retries
        retries[FOLLOW_UP_KEY] = tries = retries.get(FOLLOW_UP_KEY, 0) + 1
        prompt = definition.followUpPrompt.prompt
        if tries <= prompt.maxRetries:
            turn.say(
                renderer.prompt(
                    prompt, turn.intent, turn.attributes, tries, request=turn.request_attributes
                )
            )
            turn.doc.follow_up = definition.name
            turn.set_action("ElicitIntent")
            return True
        retries.pop(FOLLOW_UP_KEY, None)
        return False
