"""AMAZON.KendraSearchIntent: the Amazon Kendra `Query` Lex makes, and its answer as the request
attributes Lex documents.

The query is the user's words (`QueryText`, cut to Kendra's 1,000 characters) on the intent's
index, with its attribute filter when one is enabled: JSON in Kendra's `AttributeFilter` shape,
whose keys Lex's docs spell with a small first letter (`equalsTo`, `key`, `stringValue`) and
boto3 with a capital one. Of the result items, the first five of each kind become:

    x-amz-lex:kendra-search-response-question_answer-question-<N>   a FAQ question
    x-amz-lex:kendra-search-response-question_answer-answer-<N>     its answer
    x-amz-lex:kendra-search-response-answer-<N>                     a passage that answers
    x-amz-lex:kendra-search-response-document-<N>                   an excerpt of a document
    x-amz-lex:kendra-search-response-document-link-<N>              that document's URI

No usable item is no answer. The whole Query response (without boto3's metadata, dates as ISO
text) is kept for the fulfilment hook's `kendraResponse`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.dialog.search import KENDRA_PREFIX, SearchAnswer, SearchQuery
from bot.project.knowledge import KendraConfiguration
from bot.search.clients import SearchFailure, ServiceClients

SERVICE = "kendra"
MAX_QUERY = 1000
MAX_PER_KIND = 5


def search(
    clients: ServiceClients, config: KendraConfiguration, query: SearchQuery
) -> SearchAnswer | None:
    params: dict[str, Any] = {
        "IndexId": config.kendraIndex.rsplit("/", 1)[-1],
        "QueryText": query.text[:MAX_QUERY],
    }
    if query.attribute_filter is not None:
        params["AttributeFilter"] = attribute_filter(query.attribute_filter)
    response = clients.call(SERVICE, config.kendraIndex, "query", **params)
    attributes = answer_attributes(response.get("ResultItems") or [])
    if not attributes:
        return None
    return SearchAnswer(attributes, _plain(response))


def attribute_filter(text: str) -> dict[str, Any]:
    """The filter as boto3 takes it: every key with a capital first letter."""
    try:
        data = json.loads(text)
    except ValueError:
        raise SearchFailure("kendra query: the queryFilterString is not JSON") from None
    if not isinstance(data, dict):
        raise SearchFailure("kendra query: the queryFilterString is not a JSON object")
    return _capitalised(data)


def _capitalised(value: Any) -> Any:
    if isinstance(value, dict):
        return {k[:1].upper() + k[1:]: _capitalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_capitalised(v) for v in value]
    return value


def answer_attributes(items: list[dict[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    counts = {"QUESTION_ANSWER": 0, "ANSWER": 0, "DOCUMENT": 0}
    for item in items:
        kind = item.get("Type")
        if kind not in counts or counts[kind] >= MAX_PER_KIND:
            continue
        found = _item_attributes(kind, item)
        if found:
            counts[kind] += 1
            out |= {f"{KENDRA_PREFIX}{name}-{counts[kind]}": text for name, text in found.items()}
    return out


def _item_attributes(kind: str, item: dict[str, Any]) -> dict[str, str]:
    """One result item's attributes, by name without prefix and number."""
    if kind == "QUESTION_ANSWER":
        question = _additional(item, "QuestionText")
        answer = _additional(item, "AnswerText") or _excerpt(item)
        if not question or not answer:
            return {}
        return {"question_answer-question": question, "question_answer-answer": answer}
    if kind == "ANSWER":
        answer = _additional(item, "AnswerText") or _excerpt(item)
        return {"answer": answer} if answer else {}
    excerpt = _excerpt(item)
    if not excerpt:
        return {}
    link = item.get("DocumentURI")
    return {"document": excerpt} | ({"document-link": link} if isinstance(link, str) else {})


def _additional(item: dict[str, Any], key: str) -> str:
    for attribute in item.get("AdditionalAttributes") or []:
        if attribute.get("Key") == key:
            value = (attribute.get("Value") or {}).get("TextWithHighlightsValue") or {}
            return str(value.get("Text") or "").strip()
    return ""


def _excerpt(item: dict[str, Any]) -> str:
    return str((item.get("DocumentExcerpt") or {}).get("Text") or "").strip()


def _plain(value: Any) -> Any:
    """The response as JSON can carry it (document attribute dates are datetimes in boto3)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value
