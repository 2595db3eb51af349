"""`bot check` rules for the search intents (AMAZON.KendraSearchIntent, AMAZON.QnAIntent).

Each search intent needs the settings of its service, and no other intent may have them; a QnA
intent names exactly one knowledge store, and this runtime answers from a Bedrock knowledge base
only (an OpenSearch domain or a Kendra index as a QnA store is refused rather than left silent);
a generated answer needs its model. Checks across intents live in `bot.project.checks`.
"""

from __future__ import annotations

from bot.errors import Problem
from bot.project.builtin_intents import KENDRA_SEARCH_SIGNATURE, QNA_SIGNATURE
from bot.project.schema import IntentDefinition
from bot.project.yaml_source import Loc, YamlDocument

_SETTINGS = {
    "kendraConfiguration": KENDRA_SEARCH_SIGNATURE,
    "qnAIntentConfiguration": QNA_SIGNATURE,
}


def check_search_intent(doc: YamlDocument, intent: IntentDefinition) -> list[Problem]:
    problems = []
    signature = intent.parentIntentSignature
    for key, owner in _SETTINGS.items():
        given = getattr(intent, key) is not None
        if not given and signature == owner:
            problems.append(doc.problem((key,), f"{owner} needs {key} (where it finds answers)"))
        elif given and signature != owner:
            problems.append(doc.problem((key,), f"only an {owner} intent has {key}"))
    qna = intent.qnAIntentConfiguration
    if qna is None:
        return problems
    sources = qna.dataSourceConfiguration.configured
    store = qna.dataSourceConfiguration.bedrockKnowledgeStoreConfiguration
    loc: Loc = ("qnAIntentConfiguration", "dataSourceConfiguration")
    if len(sources) != 1:
        problems.append(doc.problem(loc, "give exactly one knowledge store"))
    elif store is None:
        problems.append(
            doc.problem(
                (*loc, sources[0]),
                "this runtime answers from a Bedrock knowledge base only "
                "(bedrockKnowledgeStoreConfiguration)",
            )
        )
    elif not store.exactResponse and qna.bedrockModelConfiguration is None:
        problems.append(
            doc.problem(
                ("qnAIntentConfiguration",),
                "a generated answer needs bedrockModelConfiguration.modelArn",
            )
        )
    return problems
