"""Loopback fakes of the AWS APIs the search intents call, served with `tests.serving`: Amazon
Kendra `Query` (awsJson1.1: `POST /` with `X-Amz-Target: AWSKendraFrontendService.Query`) and
bedrock-agent-runtime `RetrieveAndGenerate` and `Retrieve` (rest-json). Each records the calls it
gets (`app.state.calls`: the decoded request bodies) and answers what the test put in
`app.state.answers` (by query text; anything else has no result), or fails with a 500 while
`app.state.failing`, or waits `app.state.delay` seconds first. `app.state.regions` records the
region each request was signed for.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import FastAPI, Request, Response

KENDRA_TARGET = "AWSKendraFrontendService.Query"
AWS_JSON = "application/x-amz-json-1.1"


def _state(app: FastAPI) -> None:
    app.state.calls = []
    app.state.regions = []
    app.state.answers = {}
    app.state.failing = False
    app.state.delay = 0.0


async def _recorded(app: FastAPI, request: Request) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(await request.body())
    app.state.calls.append(body)
    # "AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, ..."
    scope = request.headers.get("authorization", "").split("Credential=")[-1].split("/")
    app.state.regions.append(scope[2] if len(scope) > 2 else None)
    if app.state.delay:
        await asyncio.sleep(app.state.delay)
    return body


def fake_kendra() -> FastAPI:
    app = FastAPI()
    _state(app)

    @app.post("/")
    async def query(request: Request) -> Response:
        if request.headers.get("x-amz-target") != KENDRA_TARGET:
            error = {"__type": "UnknownOperationException", "message": "unknown operation"}
            return Response(json.dumps(error), 400, media_type=AWS_JSON)
        body = await _recorded(app, request)
        if app.state.failing:
            error = {"__type": "InternalServerException", "Message": "Kendra is down"}
            return Response(json.dumps(error), 500, media_type=AWS_JSON)
        items = app.state.answers.get(body.get("QueryText"), [])
        answer = {"QueryId": "q-1", "ResultItems": items, "TotalNumberOfResults": len(items)}
        return Response(json.dumps(answer), media_type=AWS_JSON)

    return app


def fake_bedrock_agent_runtime() -> FastAPI:
    app = FastAPI()
    _state(app)

    def failure() -> Response:
        headers = {"x-amzn-ErrorType": "InternalServerException"}
        body = json.dumps({"message": "Bedrock is down"})
        return Response(body, 500, headers, media_type="application/json")

    @app.post("/retrieveAndGenerate")
    async def retrieve_and_generate(request: Request) -> Response:
        body = await _recorded(app, request)
        if app.state.failing:
            return failure()
        found = app.state.answers.get(body["input"]["text"])
        answer = found or {
            "sessionId": "s-1",
            "output": {"text": "Sorry, I am unable to assist you with this request."},
            "citations": [{"retrievedReferences": []}],
        }
        return Response(json.dumps(answer), media_type="application/json")

    @app.post("/knowledgebases/{knowledge_base}/retrieve")
    async def retrieve(knowledge_base: str, request: Request) -> Response:
        body = await _recorded(app, request)
        body["knowledgeBaseId"] = knowledge_base  # in the path, not the body
        if app.state.failing:
            return failure()
        results = app.state.answers.get(body["retrievalQuery"]["text"], [])
        return Response(json.dumps({"retrievalResults": results}), media_type="application/json")

    return app


# ---------------------------------------------------------------- answers as the services give them


def faq_item(question: str, answer: str) -> dict[str, Any]:
    """A Kendra QUESTION_ANSWER result (an FAQ entry)."""
    return {
        "Id": "faq-1",
        "Type": "QUESTION_ANSWER",
        "Format": "TEXT",
        "AdditionalAttributes": [
            _text_attribute("QuestionText", question),
            _text_attribute("AnswerText", answer),
        ],
        "DocumentId": "faq-doc",
        "DocumentExcerpt": {"Text": answer, "Highlights": []},
        "ScoreAttributes": {"ScoreConfidence": "VERY_HIGH"},
    }


def document_item(excerpt: str, uri: str) -> dict[str, Any]:
    """A Kendra DOCUMENT result, with a date attribute (a timestamp on the wire)."""
    return {
        "Id": "doc-1",
        "Type": "DOCUMENT",
        "Format": "TEXT",
        "DocumentId": "s3://docs/handbook.pdf",
        "DocumentTitle": {"Text": "Handbook", "Highlights": []},
        "DocumentExcerpt": {"Text": excerpt, "Highlights": []},
        "DocumentURI": uri,
        "DocumentAttributes": [
            {"Key": "_created_at", "Value": {"DateValue": 1_700_000_000}},
        ],
        "ScoreAttributes": {"ScoreConfidence": "MEDIUM"},
    }


def _text_attribute(key: str, text: str) -> dict[str, Any]:
    return {
        "Key": key,
        "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
        "Value": {"TextWithHighlightsValue": {"Text": text, "Highlights": []}},
    }


def generated(text: str, *uris: str) -> dict[str, Any]:
    """A RetrieveAndGenerate answer citing passages at `uris`."""
    references = [
        {
            "content": {"text": f"passage from {uri}"},
            "location": {"type": "S3", "s3Location": {"uri": uri}},
        }
        for uri in uris
    ]
    return {
        "sessionId": "s-1",
        "output": {"text": text},
        "citations": [
            {
                "generatedResponsePart": {"textResponsePart": {"text": text}},
                "retrievedReferences": references,
            }
        ],
    }
