"""`bot check` on the search intents: AMAZON.KendraSearchIntent and AMAZON.QnAIntent need their
service's settings, only they may have them, a locale has one of them, and a QnA intent answers
from a Bedrock knowledge base."""

from __future__ import annotations

from bot.project import load_project
from tests.project.conftest import ProjectWriter, only_problem

INDEX = "arn:aws:kendra:us-east-1:123456789012:index/0c8e32db-1234-4d5e-8f90-123456789abc"
KENDRA = f"""\
name: Search
parentIntentSignature: AMAZON.KendraSearchIntent
kendraConfiguration:
  kendraIndex: {INDEX}
  queryFilterStringEnabled: true
  queryFilterString: '{{"equalsTo": {{"key": "team", "value": {{"stringValue": "((team))"}}}}}}'
intentClosingSetting:
  closingResponse: "((x-amz-lex:kendra-search-response-answer-1))"
"""
QNA = """\
name: Faq
parentIntentSignature: AMAZON.QnAIntent
qnAIntentConfiguration:
  dataSourceConfiguration:
    bedrockKnowledgeStoreConfiguration:
      bedrockKnowledgeBaseArn: YX1I3VVXVJ
  bedrockModelConfiguration:
    modelArn: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2
"""


def test_a_kendra_search_intent_loads_with_its_index(write_project: ProjectWriter) -> None:
    kendra = load_project(write_project({"intents/Search.yaml": KENDRA})).intents["Search"]
    assert kendra.is_search and kendra.kendraConfiguration is not None
    assert kendra.kendraConfiguration.kendraIndex == INDEX


def test_a_qna_intent_loads_with_its_knowledge_base(write_project: ProjectWriter) -> None:
    qna = load_project(write_project({"intents/Faq.yaml": QNA})).intents["Faq"]
    assert qna.is_search and qna.qnAIntentConfiguration is not None


def test_a_kendra_search_intent_needs_its_index(write_project: ProjectWriter) -> None:
    bare = "name: Search\nparentIntentSignature: AMAZON.KendraSearchIntent\n"
    problem = only_problem(write_project({"intents/Search.yaml": bare}))
    assert (problem.field, "needs kendraConfiguration" in problem.message) == (
        "kendraConfiguration",
        True,
    )


def test_only_the_search_intent_has_search_settings(write_project: ProjectWriter) -> None:
    other = KENDRA.replace("parentIntentSignature: AMAZON.KendraSearchIntent\n", "")
    other = other.replace("name: Search", "name: Search\nsampleUtterances: [search the docs]")
    problem = only_problem(write_project({"intents/Search.yaml": other}))
    assert problem.field == "kendraConfiguration"
    assert "only an AMAZON.KendraSearchIntent" in problem.message


def test_a_locale_has_one_search_intent(write_project: ProjectWriter) -> None:
    root = write_project({"intents/Search.yaml": KENDRA, "intents/Faq.yaml": QNA})
    problem = only_problem(root)
    assert "one search intent" in problem.message


def test_a_query_filter_must_be_json(write_project: ProjectWriter) -> None:
    broken = KENDRA.replace('{"equalsTo"', "{equalsTo")
    problem = only_problem(write_project({"intents/Search.yaml": broken}))
    assert problem.field == "kendraConfiguration.queryFilterString"
    assert "not JSON" in problem.message


def test_a_qna_intent_answers_from_a_bedrock_knowledge_base_only(
    write_project: ProjectWriter,
) -> None:
    opensearch = QNA.replace(
        "    bedrockKnowledgeStoreConfiguration:\n      bedrockKnowledgeBaseArn: YX1I3VVXVJ\n",
        "    opensearchConfiguration:\n"
        "      domainEndpoint: https://search.example.com\n"
        "      indexName: faq\n",
    )
    problem = only_problem(write_project({"intents/Faq.yaml": opensearch}))
    assert problem.field.endswith("dataSourceConfiguration.opensearchConfiguration")
    assert "Bedrock knowledge base only" in problem.message


def test_a_generated_answer_needs_a_model(write_project: ProjectWriter) -> None:
    without = QNA.split("  bedrockModelConfiguration:")[0]
    problem = only_problem(write_project({"intents/Faq.yaml": without}))
    assert "bedrockModelConfiguration.modelArn" in problem.message
    exact = without.replace("YX1I3VVXVJ", "YX1I3VVXVJ\n      exactResponse: true")
    assert "Faq" in load_project(write_project({"intents/Faq.yaml": exact})).intents
