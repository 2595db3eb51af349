"""Lex's search intents in imports and exports: AMAZON.KendraSearchIntent with its
`kendraConfiguration` (Lex V2, CloudFormation, Lex V1) and AMAZON.QnAIntent with its
`qnAIntentConfiguration` (Lex V2, CloudFormation) are carried and exported back; a V1 intent's
`role` is left to the deployment's credentials."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.transfer import TransferError, export_bot, import_bot
from bot.transfer.bot_files import read_bot_files
from tests.transfer.accounting import unaccounted_cfn
from tests.transfer.conftest import import_and_check
from tests.transfer.test_lex_v2_export import as_data, zip_json

INDEX = "arn:aws:kendra:us-east-1:123456789012:index/0c8e32db-1234-4d5e-8f90-123456789abc"
KB = "arn:aws:bedrock:eu-west-2:123456789012:knowledge-base/YX1I3VVXVJ"
MODEL = "arn:aws:bedrock:eu-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
FILTER = '{"equalsTo": {"key": "department", "value": {"stringValue": "[department]"}}}'

TEMPLATE = f"""
Resources:
  HandbookBot:
    Type: AWS::Lex::Bot
    Properties:
      Name: HandbookBot
      RoleArn: arn:aws:iam::123456789012:role/lex
      DataPrivacy: {{ChildDirected: false}}
      IdleSessionTTLInSeconds: 300
      BotLocales:
        - LocaleId: en_US
          NluConfidenceThreshold: 0.4
          Intents:
            - Name: Search
              ParentIntentSignature: AMAZON.KendraSearchIntent
              KendraConfiguration:
                KendraIndex: {INDEX}
                QueryFilterStringEnabled: true
                QueryFilterString: '{FILTER}'
              IntentClosingSetting:
                ClosingResponse:
                  MessageGroupsList:
                    - Message:
                        PlainTextMessage:
                          Value: "((x-amz-lex:kendra-search-response-answer-1))"
            - Name: FallbackIntent
              ParentIntentSignature: AMAZON.FallbackIntent
        - LocaleId: en_GB
          NluConfidenceThreshold: 0.4
          Intents:
            - Name: Faq
              ParentIntentSignature: AMAZON.QnAIntent
              QnAIntentConfiguration:
                DataSourceConfiguration:
                  BedrockKnowledgeStoreConfiguration:
                    BedrockKnowledgeBaseArn: {KB}
                    ExactResponse: true
                    BKBExactResponseFields:
                      AnswerField: answer
                BedrockModelConfiguration:
                  ModelArn: {MODEL}
                  BedrockModelCustomPrompt: "Answer briefly from $search_results$."
                  BedrockTraceStatus: DISABLED
                  BedrockGuardrailConfiguration:
                    BedrockGuardrailIdentifier: gr1abc
                    BedrockGuardrailVersion: "3"
            - Name: FallbackIntent
              ParentIntentSignature: AMAZON.FallbackIntent
"""


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "handbook.yaml"
    path.write_text(TEMPLATE)
    return path


def test_cloudformation_search_intents_are_carried_with_their_services(
    template: Path, tmp_path: Path
) -> None:
    imported = import_and_check(template, tmp_path / "bot")
    assert imported.report.unsupported == []
    assert unaccounted_cfn(template, imported.files, imported.report) == []
    assert imported.intent("Search")["kendraConfiguration"] == {
        "kendraIndex": INDEX,
        "queryFilterStringEnabled": True,
        "queryFilterString": FILTER,
    }
    assert imported.intent("Faq", locale=1)["qnAIntentConfiguration"] == {
        "dataSourceConfiguration": {
            "bedrockKnowledgeStoreConfiguration": {
                "bedrockKnowledgeBaseArn": KB,
                "exactResponse": True,
                "bkbExactResponseFields": {"answerField": "answer"},
            }
        },
        "bedrockModelConfiguration": {
            "modelArn": MODEL,
            "customPrompt": "Answer briefly from $search_results$.",
            "bedrockGuardrailConfiguration": {
                "bedrockGuardrailIdentifier": "gr1abc",
                "bedrockGuardrailVersion": "3",
            },
            "bedrockTraceStatus": "DISABLED",
        },
    }
    search = imported.project.intents["Search"]
    assert search.is_search and search.kendraConfiguration is not None
    assert search.kendraConfiguration.active_filter == FILTER


def test_search_intents_go_through_a_lex_v2_export_unchanged(
    template: Path, tmp_path: Path
) -> None:
    first = import_and_check(template, tmp_path / "first")
    archive = tmp_path / "handbook.zip"
    export_bot(first.root, "lex-v2", archive)
    entries = zip_json(archive)
    faq = entries["HandbookBot/BotLocales/en_GB/Intents/Faq/Intent.json"]
    assert faq["parentIntentSignature"] == "AMAZON.QnAIntent"
    store = faq["qnAIntentConfiguration"]["dataSourceConfiguration"]
    assert store["bedrockKnowledgeStoreConfiguration"]["bkbExactResponseFields"] == {
        "answerField": "answer"
    }
    files, report = import_bot(archive)
    assert report.unsupported == []
    files.write(tmp_path / "again")
    assert as_data(read_bot_files(tmp_path / "again"))["locales"] == as_data(first.files)["locales"]


def test_a_lex_v1_kendra_intent_keeps_its_index_and_filter_and_leaves_its_role(
    tmp_path: Path,
) -> None:
    source = tmp_path / "faq.json"
    source.write_text(json.dumps(_v1_export(queryFilterString=FILTER)))
    imported = import_and_check(source, tmp_path / "bot")
    assert imported.report.unsupported == []
    assert imported.intent("Search")["kendraConfiguration"] == {
        "kendraIndex": INDEX,
        "queryFilterStringEnabled": True,
        "queryFilterString": FILTER,
    }
    role = "resource.intents[Search].kendraConfiguration.role"
    assert "credentials" in imported.notes("ignored")[role]
    # Lex V1 names the intent by its own name (it is always a named copy of the built-in).
    assert imported.project.v1_intent_name("Search") == "Search"


def test_a_lex_v1_kendra_intent_without_an_index_is_not_carried(tmp_path: Path) -> None:
    export = _v1_export()
    del export["resource"]["intents"][0]["kendraConfiguration"]
    source = tmp_path / "faq.json"
    source.write_text(json.dumps(export))
    files, report = import_bot(source)
    assert "Search" not in files.locales[0].intents
    assert "no index" in {n.path: n.reason for n in report.unsupported}["resource.intents[Search]"]


def test_lex_v1_export_writes_the_kendra_configuration_with_a_role_to_fill_in(
    tmp_path: Path,
) -> None:
    source = tmp_path / "faq.json"
    source.write_text(json.dumps(_v1_export(queryFilterString=FILTER)))
    first = import_and_check(source, tmp_path / "bot")
    out = tmp_path / "out.json"
    export_bot(first.root, "lex-v1", out)
    (search,) = [
        i for i in json.loads(out.read_text())["resource"]["intents"] if i["name"] == "Search"
    ]
    assert search["parentIntentSignature"] == "AMAZON.KendraSearchIntent"
    assert search["kendraConfiguration"] == {
        "kendraIndex": INDEX,
        "queryFilterString": FILTER,
        "role": "arn:aws:iam::ACCOUNT_ID:role/KENDRA_QUERY_ROLE",
    }
    again = import_and_check(out, tmp_path / "again")
    assert again.intent("Search") == first.intent("Search")


def test_lex_v1_export_refuses_a_qna_intent(tmp_path: Path) -> None:
    (tmp_path / "bot.yaml").write_text("name: FaqBot\nlocales: [en_GB]\n")
    faq = {
        "name": "Faq",
        "parentIntentSignature": "AMAZON.QnAIntent",
        "qnAIntentConfiguration": {
            "dataSourceConfiguration": {
                "bedrockKnowledgeStoreConfiguration": {"bedrockKnowledgeBaseArn": KB}
            },
            "bedrockModelConfiguration": {"modelArn": MODEL},
        },
    }
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "Faq.yaml").write_text(json.dumps(faq))
    with pytest.raises(TransferError, match="AMAZON.QnAIntent does not exist in Lex V1"):
        export_bot(tmp_path, "lex-v1", tmp_path / "out.json")


def test_rasa_export_names_the_search_intent_it_leaves_out(template: Path, tmp_path: Path) -> None:
    first = import_and_check(template, tmp_path / "bot")
    export_bot(first.root, "rasa", tmp_path / "rasa")
    domain = (tmp_path / "rasa" / "domain.yml").read_text()
    assert "intents/Search.yaml: AMAZON.KendraSearchIntent" in domain
    assert "- Search" not in domain


def _v1_export(**kendra: Any) -> dict[str, Any]:
    search: dict[str, Any] = {
        "name": "Search",
        "version": "2",
        "parentIntentSignature": "AMAZON.KendraSearchIntent",
        "sampleUtterances": [],
        "slots": [],
        "fulfillmentActivity": {"type": "ReturnIntent"},
        "conclusionStatement": {
            "messages": [
                {
                    "groupNumber": 1,
                    "contentType": "PlainText",
                    "content": "((x-amz-lex:kendra-search-response-answer-1))",
                }
            ]
        },
        "kendraConfiguration": {
            "kendraIndex": INDEX,
            "role": "arn:aws:iam::123456789012:role/kendra-query",
        }
        | kendra,
    }
    hours = {
        "name": "Hours",
        "version": "1",
        "sampleUtterances": ["when are you open", "opening hours"],
        "slots": [],
        "fulfillmentActivity": {"type": "ReturnIntent"},
    }
    resource = {
        "name": "HandbookFaq",
        "version": "1",
        "locale": "en-US",
        "childDirected": False,
        "intents": [search, hours],
        "slotTypes": [],
    }
    return {"metadata": {"schemaVersion": "1.0", "importType": "LEX"}, "resource": resource}
