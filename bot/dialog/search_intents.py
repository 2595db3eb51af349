"""Lex's search intents in the conversation (AMAZON.KendraSearchIntent, AMAZON.QnAIntent).

Input that matches no intent while no intent is in progress is first a question for the bot's
search intent, as behind Lex: its service is asked with the user's words (and, for Kendra, the
intent's attribute filter with its `[session]` and `((request))` placeholders filled in). With an
answer, the search intent runs like any intent — initial response, code hooks, fulfilment,
closing — with the answer in the turn's request attributes; without one (or when the service
failed), the caller goes on as before: the fallback intent, or a V1 bot's clarification. During
slot elicitation or confirmation the search intent is never asked (Lex V2 does not either).
"""

from __future__ import annotations

import json
import re

from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.search import KnowledgeSearch, SearchQuery
from bot.dialog.steps import Steps
from bot.nlu.types import FALLBACK_INTENT, Interpretation
from bot.project.builtin_intents import SEARCH_SIGNATURES
from bot.project.knowledge import FILTER_PLACEHOLDER
from bot.project.loader import BotProject
from bot.project.schema import IntentDefinition


class SearchIntents:
    def __init__(self, project: BotProject, steps: Steps, searcher: KnowledgeSearch | None) -> None:
        self.steps = steps
        self.searcher = searcher
        # `bot check` allows one search intent per locale.
        self.intent = next(
            (i for i in project.intents.values() if i.parentIntentSignature in SEARCH_SIGNATURES),
            None,
        )

    @property
    def calls_out(self) -> bool:
        """A turn may wait for a search service."""
        return self.searcher is not None and self.intent is not None

    def answer(self, turn: DialogTurn, top: Interpretation) -> bool:
        """Ask the search intent's service about `turn.text` (which the NLU read as `top`, the
        fallback); with an answer, run the search intent and return True."""
        definition, searcher = self.intent, self.searcher
        if definition is None or searcher is None or top.intent != FALLBACK_INTENT:
            return False
        found = searcher.search(definition, SearchQuery(turn.text, _filter(turn, definition)))
        if found is None:
            return False
        turn.request_attributes.update(found.attributes)
        turn.kendra_response = found.kendra_response
        chosen = Interpretation(definition.name, None, {})
        turn.interpretations = [
            chosen if i.intent == FALLBACK_INTENT else i for i in turn.interpretations
        ] or [chosen]
        self.steps.start_intent(turn, chosen)
        return True


def _filter(turn: DialogTurn, definition: IntentDefinition) -> str | None:
    """The Kendra attribute filter, when enabled, with its attribute placeholders filled in
    (JSON-escaped). An unset attribute's placeholder stays as written, as in a message: the
    filter then matches nothing, where dropping it would search every document."""
    config = definition.kendraConfiguration
    text = config.active_filter if config is not None else None
    if text is None:
        return None

    def fill(match: re.Match[str]) -> str:
        asked, session = match.groups()
        value = turn.request_attributes.get(asked) if asked else turn.attributes.get(session)
        return match.group(0) if value is None else json.dumps(value)[1:-1]

    return FILTER_PLACEHOLDER.sub(fill, text)
