"""AMAZON.QnAIntent with a Bedrock knowledge base: the answer as the request attributes Lex
documents, `x-amz-lex:qnA-search-response` (the answer) and `x-amz-lex:qnA-search-response-source`
(where it comes from).

A generated answer is one `RetrieveAndGenerate` call (bedrock-agent-runtime) with the knowledge
base and the intent's model, its custom prompt as the prompt template and its guardrail. An
exact answer (`exactResponse`) is what the knowledge base stores, unchanged: the best passage of
one `Retrieve` call, or its `answerField` metadata when the intent names one. An answer counts
only when it is grounded: an empty text, a guardrail that intervened or an answer that cites no
passage of the knowledge base (the model's "I cannot help with that") is no answer, and the
fallback intent runs, as Lex does when the model's answer is unsatisfactory.
"""

from __future__ import annotations

from typing import Any

from bot.dialog.search import QNA_RESPONSE, QNA_SOURCE, SearchAnswer, SearchQuery
from bot.project.knowledge import BedrockKnowledgeStoreConfiguration, QnAIntentConfiguration
from bot.search.clients import SearchFailure, ServiceClients

SERVICE = "bedrock-agent-runtime"
MAX_SOURCES = 5


def search(
    clients: ServiceClients, config: QnAIntentConfiguration, query: SearchQuery
) -> SearchAnswer | None:
    store = config.dataSourceConfiguration.bedrockKnowledgeStoreConfiguration
    if store is None:  # `bot check` refuses other stores; a hand-built definition may not
        raise SearchFailure("QnA intent: only a Bedrock knowledge base is answered from")
    if store.exactResponse:
        return _exact(clients, store, query)
    return _generated(clients, store, config, query)


def _generated(
    clients: ServiceClients,
    store: BedrockKnowledgeStoreConfiguration,
    config: QnAIntentConfiguration,
    query: SearchQuery,
) -> SearchAnswer | None:
    model = config.bedrockModelConfiguration
    if model is None:
        raise SearchFailure("QnA intent: a generated answer needs bedrockModelConfiguration")
    knowledge_base: dict[str, Any] = {
        "knowledgeBaseId": _knowledge_base_id(store),
        "modelArn": model.modelArn,
    }
    generation: dict[str, Any] = {}
    if model.customPrompt:
        generation["promptTemplate"] = {"textPromptTemplate": model.customPrompt}
    guardrail = model.bedrockGuardrailConfiguration
    if guardrail is not None:
        generation["guardrailConfiguration"] = {
            "guardrailId": guardrail.bedrockGuardrailIdentifier,
            "guardrailVersion": guardrail.bedrockGuardrailVersion,
        }
    if generation:
        knowledge_base["generationConfiguration"] = generation
    response = clients.call(
        SERVICE,
        store.bedrockKnowledgeBaseArn,
        "retrieve_and_generate",
        input={"text": query.text},
        retrieveAndGenerateConfiguration={
            "type": "KNOWLEDGE_BASE",
            "knowledgeBaseConfiguration": knowledge_base,
        },
    )
    text = str((response.get("output") or {}).get("text") or "").strip()
    references = [
        reference
        for citation in response.get("citations") or []
        for reference in citation.get("retrievedReferences") or []
    ]
    if not text or not references or response.get("guardrailAction") == "INTERVENED":
        return None
    return _answer(text, references)


def _exact(
    clients: ServiceClients, store: BedrockKnowledgeStoreConfiguration, query: SearchQuery
) -> SearchAnswer | None:
    response = clients.call(
        SERVICE,
        store.bedrockKnowledgeBaseArn,
        "retrieve",
        knowledgeBaseId=_knowledge_base_id(store),
        retrievalQuery={"text": query.text},
        retrievalConfiguration={"vectorSearchConfiguration": {"numberOfResults": 1}},
    )
    results = response.get("retrievalResults") or []
    if not results:
        return None
    best = results[0]
    fields = store.bkbExactResponseFields
    field = fields.answerField if fields is not None else None
    if field:
        value = (best.get("metadata") or {}).get(field)
        text = "" if value is None else str(value).strip()
    else:
        text = str((best.get("content") or {}).get("text") or "").strip()
    return _answer(text, [best]) if text else None


def _answer(text: str, references: list[dict[str, Any]]) -> SearchAnswer:
    sources: list[str] = []
    for reference in references:
        source = _source(reference.get("location") or {})
        if source and source not in sources:
            sources.append(source)
    attributes = {QNA_RESPONSE: text}
    if sources:
        attributes[QNA_SOURCE] = ", ".join(sources[:MAX_SOURCES])
    return SearchAnswer(attributes)


def _source(location: dict[str, Any]) -> str:
    """Where a passage lives: the URI, URL or id of its location, whatever its kind."""
    for place in location.values():
        if isinstance(place, dict):
            for key in ("uri", "url", "id"):
                if isinstance(place.get(key), str):
                    return str(place[key])
    return ""


def _knowledge_base_id(store: BedrockKnowledgeStoreConfiguration) -> str:
    return store.bedrockKnowledgeBaseArn.rsplit("/", 1)[-1]
