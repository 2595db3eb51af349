"""Answers for Lex's search intents from the AWS services behind them, in the bot owner's account:
the `KnowledgeSearch` seam of the dialog engine (`bot.dialog.search`) implemented with boto3.

- AMAZON.KendraSearchIntent: Amazon Kendra `Query` (`bot.search.kendra`);
- AMAZON.QnAIntent: a Bedrock knowledge base, `RetrieveAndGenerate` or, for exact answers,
  `Retrieve` (`bot.search.knowledge_base`).

`searcher_for(project)` decides whether a locale needs one at all; clients are made at the first
question (`bot.search.clients`: nothing imports boto3 or connects when the bot starts). A service
that fails or does not answer in time is logged (intent, service, error code; never the question,
the answer or credentials) and is no answer: the dialog goes on to the fallback intent.
"""

from __future__ import annotations

import logging

from bot.dialog.search import SearchAnswer, SearchQuery
from bot.project.loader import BotProject
from bot.project.schema import IntentDefinition
from bot.search import kendra, knowledge_base
from bot.search.clients import SearchFailure, ServiceClients

__all__ = ["AwsKnowledgeSearch", "SearchFailure", "searcher_for"]

log = logging.getLogger(__name__)

KENDRA_TIMEOUT = 5.0
# RetrieveAndGenerate has a model write the answer: seconds, not milliseconds.
BEDROCK_TIMEOUT = 20.0


class AwsKnowledgeSearch:
    """`KnowledgeSearch` over Amazon Kendra and Bedrock knowledge bases."""

    def __init__(
        self, *, kendra_timeout: float = KENDRA_TIMEOUT, bedrock_timeout: float = BEDROCK_TIMEOUT
    ) -> None:
        self.clients = ServiceClients(
            {kendra.SERVICE: kendra_timeout, knowledge_base.SERVICE: bedrock_timeout}
        )

    def search(self, intent: IntentDefinition, query: SearchQuery) -> SearchAnswer | None:
        try:
            if intent.kendraConfiguration is not None:
                return kendra.search(self.clients, intent.kendraConfiguration, query)
            if intent.qnAIntentConfiguration is not None:
                return knowledge_base.search(self.clients, intent.qnAIntentConfiguration, query)
        except SearchFailure as exc:
            log.warning("search intent %s: %s; the fallback intent answers", intent.name, exc)
        return None


def searcher_for(project: BotProject) -> AwsKnowledgeSearch | None:
    """The searcher of one locale: None unless it has a search intent."""
    if not any(intent.is_search for intent in project.intents.values()):
        return None
    return AwsKnowledgeSearch()
