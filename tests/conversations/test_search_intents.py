"""Bots with Lex's search intents, imported from Lex exports and talked to with boto3: a V2 bot
with AMAZON.KendraSearchIntent (and a fulfilment Lambda), a V2 bot with AMAZON.QnAIntent on a
Bedrock knowledge base, and a V1 bot with a Kendra search intent (and an in-process V1 hook).
Kendra, bedrock-agent-runtime and Lambda are loopback fakes (tests/search/fakes.py,
tests/hooks/servers.py) reached through the standard `AWS_ENDPOINT_URL_*` settings, as the bot
owner's account would be."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from bot.runtime import BotRuntime
from tests.conversations import search_hooks
from tests.conversations.imported import served_import
from tests.hooks import handlers
from tests.hooks.servers import fake_lambda
from tests.search.fakes import (
    document_item,
    fake_bedrock_agent_runtime,
    fake_kendra,
    faq_item,
    generated,
)
from tests.serving import serving_app

FIXTURES = Path(__file__).parent / "fixtures"
KENDRA = "x-amz-lex:kendra-search-response-"
INDEX_ID = "0c8e32db-1234-4d5e-8f90-123456789abc"
V1_HOOK = "python:tests.conversations.search_hooks:v1_handler"


@pytest.fixture(scope="module")
def services() -> Iterator[tuple[FastAPI, FastAPI]]:
    """Fake Kendra and bedrock-agent-runtime, and AWS settings that point boto3 at them."""
    kendra, bedrock = fake_kendra(), fake_bedrock_agent_runtime()
    with (
        serving_app(kendra) as kendra_url,
        serving_app(bedrock) as bedrock_url,
        serving_app(fake_lambda()) as lambda_url,
    ):
        env = pytest.MonkeyPatch()
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_KENDRA": kendra_url,
            "AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME": bedrock_url,
            "AWS_ENDPOINT_URL_LAMBDA": lambda_url,
        }.items():
            env.setenv(name, value)
        env.delenv("AWS_PROFILE", raising=False)
        yield kendra, bedrock
        env.undo()


@pytest.fixture
def kendra(services: tuple[FastAPI, FastAPI]) -> FastAPI:
    return _emptied(services[0])


@pytest.fixture
def bedrock(services: tuple[FastAPI, FastAPI]) -> FastAPI:
    return _emptied(services[1])


def _emptied(app: FastAPI) -> FastAPI:
    app.state.calls.clear()
    app.state.answers.clear()
    app.state.failing = False
    search_hooks.EVENTS.clear()
    return app


@pytest.fixture(scope="module")
def kendra_bot(
    services: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, BotRuntime]]:
    out = tmp_path_factory.mktemp("kendra-bot")
    yield from served_import(FIXTURES / "KendraFaq", out, "lexv2-runtime", "lambda:close_fulfilled")


@pytest.fixture(scope="module")
def qna_bot(
    services: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, BotRuntime]]:
    yield from served_import(
        FIXTURES / "ClaimsQnA", tmp_path_factory.mktemp("qna"), "lexv2-runtime"
    )


@pytest.fixture(scope="module")
def v1_bot(
    services: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, BotRuntime]]:
    out = tmp_path_factory.mktemp("v1-kendra")
    yield from served_import(FIXTURES / "KendraFaqV1.json", out, "lex-runtime", V1_HOOK)


def _say(bot: tuple[Any, BotRuntime], session: str, text: str, **state: Any) -> dict[str, Any]:
    lex, runtime = bot
    extra = {"sessionState": state} if state else {}
    answer: dict[str, Any] = lex.recognize_text(
        botId=runtime.identity.bot_id,
        botAliasId="TSTALIASID",
        localeId="en_US",
        sessionId=session,
        text=text,
        **extra,
    )
    return answer


def _said(answer: dict[str, Any]) -> list[str]:
    return [m.get("content", "") for m in answer.get("messages", [])]


# ---------------------------------------------------------------- Kendra, Lex V2


def test_an_unmatched_question_is_answered_from_kendra(kendra_bot: Any, kendra: FastAPI) -> None:
    kendra.state.answers["how many vacation days do I get"] = [
        faq_item("How many vacation days?", "25 days a year."),
    ]
    answer = _say(
        kendra_bot,
        "kendra-1",
        "how many vacation days do I get",
        sessionAttributes={"department": 'People "Ops"'},
    )
    assert _said(answer) == ["The handbook says: 25 days a year."]
    state = answer["sessionState"]
    assert (state["intent"]["name"], state["intent"]["state"]) == ("KendraSearch", "Fulfilled")
    assert answer["interpretations"][0]["intent"]["name"] == "KendraSearch"
    assert answer["requestAttributes"][f"{KENDRA}question_answer-answer-1"] == "25 days a year."
    (query,) = kendra.state.calls
    assert query["IndexId"] == INDEX_ID
    assert query["QueryText"] == "how many vacation days do I get"
    # The session attribute is put into the filter, JSON-escaped; the keys are boto3's.
    assert query["AttributeFilter"] == {
        "EqualsTo": {"Key": "department", "Value": {"StringValue": 'People "Ops"'}}
    }


def test_the_fulfilment_lambda_gets_the_kendra_response(kendra_bot: Any, kendra: FastAPI) -> None:
    kendra.state.answers["where is the parking"] = [
        document_item("Parking is behind building B.", "https://intranet.example.com/parking"),
    ]
    answer = _say(
        kendra_bot, "kendra-2", "where is the parking", sessionAttributes={"department": "HR"}
    )
    # The message of the group whose placeholders all have values is the one said.
    link = "https://intranet.example.com/parking"
    assert _said(answer) == [f"From a document: Parking is behind building B. See {link}"]
    (event,) = handlers.events_for("kendra-2")  # as the Lambda got it, through Invoke
    assert event["invocationSource"] == "FulfillmentCodeHook"
    response = event["sessionState"]["intent"]["kendraResponse"]
    assert response["ResultItems"][0]["DocumentURI"] == "https://intranet.example.com/parking"
    assert event["requestAttributes"][f"{KENDRA}document-1"] == "Parking is behind building B."


def test_a_question_kendra_cannot_answer_goes_to_the_fallback_intent(
    kendra_bot: Any, kendra: FastAPI
) -> None:
    answer = _say(kendra_bot, "kendra-3", "what is the airspeed of a swallow")
    assert _said(answer) == ["Sorry, I could not find an answer to that."]
    assert answer["sessionState"]["intent"]["name"] == "FallbackIntent"
    assert handlers.events_for("kendra-3") == []  # the search intent did not run
    # No department in the session: the filter keeps its placeholder and matches nothing.
    (query,) = kendra.state.calls
    assert query["AttributeFilter"]["EqualsTo"]["Value"] == {"StringValue": "[department]"}


def test_a_failing_kendra_goes_to_the_fallback_intent(kendra_bot: Any, kendra: FastAPI) -> None:
    kendra.state.failing = True
    answer = _say(kendra_bot, "kendra-4", "how many vacation days do I get")
    assert _said(answer) == ["Sorry, I could not find an answer to that."]
    assert len(kendra.state.calls) == 2  # one retry, then the fallback


def test_kendra_is_not_asked_for_a_known_intent_nor_during_slot_elicitation(
    kendra_bot: Any, kendra: FastAPI
) -> None:
    assert _said(_say(kendra_bot, "kendra-5", "I want a coffee")) == [
        "What size would you like: small, medium or large?"
    ]
    retry = _say(kendra_bot, "kendra-5", "how many vacation days do I get")
    assert retry["sessionState"]["dialogAction"]["slotToElicit"] == "Size"
    assert kendra.state.calls == []


# ---------------------------------------------------------------- QnA, Lex V2


def test_an_unmatched_question_is_answered_from_the_knowledge_base(
    qna_bot: Any, bedrock: FastAPI
) -> None:
    bedrock.state.answers["is windshield damage covered"] = generated(
        "Yes, windshield damage is covered with no deductible.", "s3://claims-kb/policy.pdf"
    )
    answer = _say(qna_bot, "qna-1", "is windshield damage covered")
    assert _said(answer) == ["Yes, windshield damage is covered with no deductible."]
    state = answer["sessionState"]
    assert state["intent"]["name"] == "GetClaimsFAQ"
    assert state["dialogAction"]["type"] == "ElicitIntent"  # the intent's success next step
    attributes = answer["requestAttributes"]
    assert attributes["x-amz-lex:qnA-search-response-source"] == "s3://claims-kb/policy.pdf"
    configuration = bedrock.state.calls[0]["retrieveAndGenerateConfiguration"]
    assert configuration["knowledgeBaseConfiguration"]["knowledgeBaseId"] == "YX1I3VVXVJ"
    assert "claude-3-haiku" in configuration["knowledgeBaseConfiguration"]["modelArn"]


def test_an_ungrounded_knowledge_base_answer_goes_to_the_fallback_intent(
    qna_bot: Any, bedrock: FastAPI
) -> None:
    answer = _say(qna_bot, "qna-2", "who won the world cup in 1966")
    assert _said(answer) == ["Sorry, I can't help with that."]
    assert answer["sessionState"]["intent"]["name"] == "FallbackIntent"
    assert len(bedrock.state.calls) == 1


def test_a_failing_knowledge_base_goes_to_the_fallback_intent(
    qna_bot: Any, bedrock: FastAPI
) -> None:
    bedrock.state.failing = True
    answer = _say(qna_bot, "qna-3", "is windshield damage covered")
    assert _said(answer) == ["Sorry, I can't help with that."]
    assert _said(_say(qna_bot, "qna-3", "I want to report a claim")) == ["Let's start your claim."]


# ---------------------------------------------------------------- Kendra, Lex V1


def _post(bot: tuple[Any, BotRuntime], user: str, text: str) -> dict[str, Any]:
    lex, _ = bot
    answer: dict[str, Any] = lex.post_text(
        botName="KendraFaqV1", botAlias="$LATEST", userId=user, inputText=text
    )
    return answer


def test_a_v1_bot_answers_from_kendra_and_its_lambda_gets_the_response(
    v1_bot: Any, kendra: FastAPI
) -> None:
    kendra.state.answers["what is the dress code"] = [
        faq_item("Is there a dress code?", "Business casual."),
    ]
    answer = _post(v1_bot, "v1-user-1", "what is the dress code")
    assert answer["message"] == (
        "I found a FAQ question for you: Is there a dress code?, and the answer is Business casual."
    )
    assert (answer["intentName"], answer["dialogState"]) == ("Kendra_Search", "Fulfilled")
    (event,) = search_hooks.EVENTS
    assert event["currentIntent"]["name"] == "Kendra_Search"
    assert event["kendraResponse"]["ResultItems"][0]["Type"] == "QUESTION_ANSWER"
    assert "AttributeFilter" not in kendra.state.calls[0]  # V1 export: an empty filter


def test_a_v1_question_without_an_answer_is_clarified(v1_bot: Any, kendra: FastAPI) -> None:
    answer = _post(v1_bot, "v1-user-2", "what is the airspeed of a swallow")
    assert answer["message"] == "Sorry, can you please repeat that?"
    assert answer["dialogState"] == "ElicitIntent"
    assert search_hooks.EVENTS == []
