"""AMAZON.QnAIntent's Bedrock knowledge base through boto3, against a loopback fake of
bedrock-agent-runtime (RetrieveAndGenerate, Retrieve)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from bot.dialog.search import QNA_RESPONSE, QNA_SOURCE, SearchQuery
from bot.project.schema import IntentDefinition
from bot.search import AwsKnowledgeSearch
from tests.search.fakes import generated

KNOWLEDGE_BASE = "arn:aws:bedrock:eu-central-1:482186147085:knowledge-base/YX1I3VVXVJ"
MODEL = "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"


def _intent(store: dict[str, Any] | None = None, **model: Any) -> IntentDefinition:
    return IntentDefinition.model_validate(
        {
            "name": "Faq",
            "parentIntentSignature": "AMAZON.QnAIntent",
            "qnAIntentConfiguration": {
                "dataSourceConfiguration": {
                    "bedrockKnowledgeStoreConfiguration": {
                        "bedrockKnowledgeBaseArn": KNOWLEDGE_BASE,
                        **(store or {}),
                    }
                },
                "bedrockModelConfiguration": {"modelArn": MODEL, **model},
            },
        }
    )


def test_a_generated_answer_asks_the_knowledge_base_with_the_intents_model(
    bedrock: FastAPI,
) -> None:
    bedrock.state.answers["How do I file a claim?"] = generated(
        "Call us or use the app.", "s3://kb/claims.pdf", "s3://kb/app.pdf", "s3://kb/claims.pdf"
    )
    intent = _intent(
        customPrompt="Answer from $search_results$ only.",
        bedrockGuardrailConfiguration={
            "bedrockGuardrailIdentifier": "gr1",
            "bedrockGuardrailVersion": "2",
        },
    )
    answer = AwsKnowledgeSearch().search(intent, SearchQuery("How do I file a claim?"))
    assert answer is not None
    assert answer.attributes == {
        QNA_RESPONSE: "Call us or use the app.",
        QNA_SOURCE: "s3://kb/claims.pdf, s3://kb/app.pdf",
    }
    assert answer.kendra_response is None
    assert bedrock.state.calls == [
        {
            "input": {"text": "How do I file a claim?"},
            "retrieveAndGenerateConfiguration": {
                "type": "KNOWLEDGE_BASE",
                "knowledgeBaseConfiguration": {
                    "knowledgeBaseId": "YX1I3VVXVJ",
                    "modelArn": MODEL,
                    "generationConfiguration": {
                        "promptTemplate": {
                            "textPromptTemplate": "Answer from $search_results$ only."
                        },
                        "guardrailConfiguration": {"guardrailId": "gr1", "guardrailVersion": "2"},
                    },
                },
            },
        }
    ]
    assert bedrock.state.regions == ["eu-central-1"]


def test_an_answer_that_cites_no_passage_is_no_answer(bedrock: FastAPI) -> None:
    # The fake's default: the model's "unable to assist", with no retrieved reference.
    assert AwsKnowledgeSearch().search(_intent(), SearchQuery("Who won the cup?")) is None


def test_an_answer_the_guardrail_stopped_is_no_answer(bedrock: FastAPI) -> None:
    blocked = generated("Sorry, the model cannot answer this.", "s3://kb/claims.pdf")
    bedrock.state.answers["rude question"] = blocked | {"guardrailAction": "INTERVENED"}
    assert AwsKnowledgeSearch().search(_intent(), SearchQuery("rude question")) is None


def test_an_exact_response_is_the_stored_answer_field_of_the_best_passage(
    bedrock: FastAPI,
) -> None:
    bedrock.state.answers["deductible?"] = [
        {
            "content": {"text": "Q: What is the deductible? A: 500 dollars."},
            "location": {"type": "WEB", "webLocation": {"url": "https://example.com/faq"}},
            "metadata": {"answer": "500 dollars.", "question": "What is the deductible?"},
            "score": 0.9,
        }
    ]
    exact = {"exactResponse": True, "bkbExactResponseFields": {"answerField": "answer"}}
    answer = AwsKnowledgeSearch().search(_intent(exact), SearchQuery("deductible?"))
    assert answer is not None
    assert answer.attributes == {
        QNA_RESPONSE: "500 dollars.",
        QNA_SOURCE: "https://example.com/faq",
    }
    assert bedrock.state.calls == [
        {
            "knowledgeBaseId": "YX1I3VVXVJ",
            "retrievalQuery": {"text": "deductible?"},
            "retrievalConfiguration": {"vectorSearchConfiguration": {"numberOfResults": 1}},
        }
    ]


def test_a_failing_knowledge_base_is_no_answer(bedrock: FastAPI) -> None:
    bedrock.state.failing = True
    assert AwsKnowledgeSearch().search(_intent(), SearchQuery("How do I file a claim?")) is None
    assert len(bedrock.state.calls) == 2  # the call and one retry
