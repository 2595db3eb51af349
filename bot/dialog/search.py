"""The seam between the dialog engine and the knowledge services behind Lex's search intents
(AMAZON.KendraSearchIntent: an Amazon Kendra index; AMAZON.QnAIntent: a Bedrock knowledge base).

The engine hands a `KnowledgeSearch` the search intent's definition and a neutral `SearchQuery`,
and gets back a `SearchAnswer` (the request attributes Lex documents for the answer, and for
Kendra the Query response a fulfilment Lambda sees) or None: no answer, or a service that failed
or did not answer in time. Calling AWS is the job of an adapter outside `bot/dialog`
(`bot.search`); nothing here knows a service, a wire format or boto3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.project.schema import IntentDefinition

KENDRA_PREFIX = "x-amz-lex:kendra-search-response-"
QNA_RESPONSE = "x-amz-lex:qnA-search-response"
QNA_SOURCE = "x-amz-lex:qnA-search-response-source"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for: the user's words, and for Kendra the attribute filter (JSON text, its
    `[session]` and `((request))` placeholders already filled in), when the intent sets one."""

    text: str
    attribute_filter: str | None = None


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    """An answer: `attributes` become request attributes of the turn (its messages say them as
    `((name))`); `kendra_response` is the Kendra Query response, for the fulfilment hook."""

    attributes: dict[str, str]
    kendra_response: dict[str, Any] | None = None


class KnowledgeSearch(Protocol):
    def search(self, intent: IntentDefinition, query: SearchQuery) -> SearchAnswer | None:
        """Ask the service `intent` is configured with; None when it has no answer, failed or
        timed out (logged by the adapter). Never raises for a service problem."""
        ...
