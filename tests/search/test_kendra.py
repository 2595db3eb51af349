"""AMAZON.KendraSearchIntent's Kendra Query through boto3, against a loopback fake of Kendra."""

from __future__ import annotations

import logging
import time

import pytest
from fastapi import FastAPI

from bot.dialog.search import SearchQuery
from bot.project.schema import IntentDefinition
from bot.search import AwsKnowledgeSearch
from bot.search.clients import region_of
from tests.search.fakes import document_item, faq_item

INDEX_ID = "0c8e32db-1234-4d5e-8f90-123456789abc"
INDEX = f"arn:aws:kendra:eu-west-1:123456789012:index/{INDEX_ID}"
PREFIX = "x-amz-lex:kendra-search-response-"


def _intent(**config: object) -> IntentDefinition:
    return IntentDefinition.model_validate(
        {
            "name": "Search",
            "parentIntentSignature": "AMAZON.KendraSearchIntent",
            "kendraConfiguration": {"kendraIndex": INDEX, **config},
        }
    )


def test_the_query_names_the_index_the_words_and_the_filter_in_boto3_spelling(
    kendra: FastAPI,
) -> None:
    query = SearchQuery(
        "office hours?", '{"equalsTo": {"key": "Type", "value": {"stringValue": "FAQ"}}}'
    )
    AwsKnowledgeSearch().search(_intent(), query)
    assert kendra.state.calls == [
        {
            "IndexId": INDEX_ID,
            "QueryText": "office hours?",
            "AttributeFilter": {"EqualsTo": {"Key": "Type", "Value": {"StringValue": "FAQ"}}},
        }
    ]
    assert kendra.state.regions == ["eu-west-1"]  # the index's region, not the default


def test_an_faq_entry_and_a_document_become_lex_request_attributes(kendra: FastAPI) -> None:
    kendra.state.answers["office hours?"] = [
        faq_item("When are you open?", "9 to 5, Monday to Friday."),
        document_item("The office opens at nine.", "https://example.com/handbook.pdf"),
    ]
    answer = AwsKnowledgeSearch().search(_intent(), SearchQuery("office hours?"))
    assert answer is not None
    assert answer.attributes == {
        f"{PREFIX}question_answer-question-1": "When are you open?",
        f"{PREFIX}question_answer-answer-1": "9 to 5, Monday to Friday.",
        f"{PREFIX}document-1": "The office opens at nine.",
        f"{PREFIX}document-link-1": "https://example.com/handbook.pdf",
    }
    assert answer.kendra_response is not None
    items = answer.kendra_response["ResultItems"]
    assert [item["Type"] for item in items] == ["QUESTION_ANSWER", "DOCUMENT"]
    assert items[1]["DocumentAttributes"][0]["Value"]["DateValue"].startswith("2023-11-14T")
    assert "ResponseMetadata" not in answer.kendra_response


def test_no_result_is_no_answer(kendra: FastAPI) -> None:
    assert AwsKnowledgeSearch().search(_intent(), SearchQuery("anything?")) is None
    assert len(kendra.state.calls) == 1


def test_a_failing_kendra_is_no_answer_after_one_retry_and_the_log_keeps_the_question_out(
    kendra: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    kendra.state.failing = True
    with caplog.at_level(logging.WARNING, logger="bot.search"):
        answer = AwsKnowledgeSearch().search(_intent(), SearchQuery("my secret question"))
    assert answer is None
    assert len(kendra.state.calls) == 2  # the call and one retry
    assert "InternalServerException" in caplog.text and "Search" in caplog.text
    assert "secret" not in caplog.text and "testing" not in caplog.text


def test_a_slow_kendra_is_no_answer_within_the_timeout(kendra: FastAPI) -> None:
    kendra.state.delay = 1.5
    started = time.monotonic()
    answer = AwsKnowledgeSearch(kendra_timeout=0.2).search(_intent(), SearchQuery("slow?"))
    assert answer is None
    assert time.monotonic() - started < 1.2  # two attempts of 0.2 s, not the service's 1.5 s


def test_an_index_arn_with_a_placeholder_region_uses_the_default_region() -> None:
    assert region_of(INDEX) == "eu-west-1"
    assert region_of("arn:aws:kendra:region:1234567890:index/0c8e32db") is None
    assert region_of("YX1I3VVXVJ") is None
