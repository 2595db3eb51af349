"""The bot-file schema of the search intents: `kendraConfiguration` (AMAZON.KendraSearchIntent)
and `qnAIntentConfiguration` (AMAZON.QnAIntent), with the keys of a Lex V2 export.

A Kendra search intent names its index and, optionally, an attribute filter (JSON in Kendra's
`AttributeFilter` shape, with `[session]` and `((request))` attribute placeholders). A QnA intent
names its knowledge store and the Bedrock model that writes the answer (the model's shape is the
one of `bot.project.generative`). The models API's `exactResponseFields` is accepted for the
export's `bkbExactResponseFields`. What the runtime does with these lives in `bot.dialog.search`
and `bot.search`; this module only describes shape and Lex's limits.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import Field, field_validator

from bot.project.generative import BedrockModelSpecification
from bot.project.messages import LexModel

# Real exports have placeholder accounts and regions ("arn:aws:kendra:region:1234567890:index/…").
KENDRA_INDEX = r"^arn:aws[a-z-]*:kendra:[^:]*:[^:]*:index/[A-Za-z0-9][A-Za-z0-9_-]*$"
KNOWLEDGE_BASE = r"^(arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:knowledge-base/)?[A-Za-z0-9]{10}$"
FILTER_PLACEHOLDER = re.compile(r"\(\(([\w:.\-]+)\)\)|\[([\w:.\-]+)\]")  # ((request)), [session]


def _renamed(data: Any, names: dict[str, str]) -> Any:
    """Another spelling of a key (the models API's) -> the export's, unless both are given."""
    if not isinstance(data, dict):
        return data
    return {names.get(k, k) if names.get(k, k) not in data else k: v for k, v in data.items()}


def _filter_json(text: str | None) -> str | None:
    """A query filter must be JSON once its placeholders are filled in."""
    if text is None:
        return None
    try:
        filled = json.loads(FILTER_PLACEHOLDER.sub("0", text))
    except ValueError as exc:
        raise ValueError(f"queryFilterString is not JSON: {exc}") from None
    if not isinstance(filled, dict):  # pydantic reports a ValueError, not a TypeError
        raise ValueError("queryFilterString must be a JSON object")  # noqa: TRY004
    return text


class KendraConfiguration(LexModel):
    """AMAZON.KendraSearchIntent: the index queried with the user's words, and a filter applied
    when `queryFilterStringEnabled` (Lex V1 exports have no flag: their filter is on)."""

    kendraIndex: str = Field(pattern=KENDRA_INDEX, max_length=2048)
    queryFilterStringEnabled: bool = False
    queryFilterString: str | None = Field(default=None, min_length=1, max_length=5000)

    @field_validator("queryFilterString")
    @classmethod
    def _filter(cls, text: str | None) -> str | None:
        return _filter_json(text)

    @property
    def active_filter(self) -> str | None:
        return self.queryFilterString if self.queryFilterStringEnabled else None


class BedrockKnowledgeStoreExactResponseFields(LexModel):
    answerField: str | None = Field(default=None, min_length=1, max_length=5000)


class BedrockKnowledgeStoreConfiguration(LexModel):
    """A Bedrock knowledge base: with `exactResponse`, the best passage is the answer as stored
    (its `answerField` metadata when given); without, the model writes the answer."""

    bedrockKnowledgeBaseArn: str = Field(pattern=KNOWLEDGE_BASE, max_length=200)
    exactResponse: bool = False
    bkbExactResponseFields: BedrockKnowledgeStoreExactResponseFields | None = None

    @classmethod
    def normalise(cls, data: Any) -> Any:
        return _renamed(data, {"exactResponseFields": "bkbExactResponseFields"})


class QnAKendraConfiguration(LexModel):
    kendraIndex: str = Field(pattern=KENDRA_INDEX, max_length=2048)
    queryFilterStringEnabled: bool = False
    queryFilterString: str | None = Field(default=None, min_length=1, max_length=5000)
    exactResponse: bool = False

    @field_validator("queryFilterString")
    @classmethod
    def _filter(cls, text: str | None) -> str | None:
        return _filter_json(text)


class ExactResponseFields(LexModel):
    questionField: str = Field(min_length=1)
    answerField: str = Field(min_length=1)


class OpensearchConfiguration(LexModel):
    domainEndpoint: str = Field(pattern=r"^(http|https)://+[^\s]+\w")
    indexName: str = Field(min_length=1, max_length=255)
    exactResponse: bool = False
    exactResponseFields: ExactResponseFields | None = None
    includeFields: list[str] | None = Field(default=None, min_length=1, max_length=5)


class DataSourceConfiguration(LexModel):
    """Where a QnA intent looks for answers; only a Bedrock knowledge base is answered from here
    (`bot check` says so of the others)."""

    bedrockKnowledgeStoreConfiguration: BedrockKnowledgeStoreConfiguration | None = None
    kendraConfiguration: QnAKendraConfiguration | None = None
    opensearchConfiguration: OpensearchConfiguration | None = None

    @property
    def configured(self) -> list[str]:
        return [name for name in type(self).model_fields if getattr(self, name) is not None]


class QnAIntentConfiguration(LexModel):
    """AMAZON.QnAIntent: its knowledge store and, unless the store answers exactly, its model."""

    dataSourceConfiguration: DataSourceConfiguration
    # The same shape as a locale's generative-AI model (Lex's `BedrockModelSpecification`).
    bedrockModelConfiguration: BedrockModelSpecification | None = None
