"""Rasa's NLU-only endpoint format (`POST /model/parse`), for users who only want the NLU."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.nlu.types import ParseResult, SlotValue


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str
    message_id: str | None = None


def parse_response(result: ParseResult) -> dict[str, Any]:
    top = result.top
    values = {(v.start, v.end): v for v in top.slots.values() if isinstance(v, SlotValue)}
    entities = []
    for e in result.entities:
        value = values.get((e.start, e.end))
        entities.append(
            {
                "entity": e.slot,
                "start": e.start,
                "end": e.end,
                "value": value.interpreted_value if value else result.text[e.start : e.end],
                "confidence_entity": 1.0,
                "extractor": "CRFEntityExtractor",
            }
        )
    ranking = [
        {"name": i.intent, "confidence": i.confidence if i.confidence is not None else 0.0}
        for i in result.interpretations
    ]
    return {
        "text": result.text,
        "intent": ranking[0] if ranking else {"name": None, "confidence": 0.0},
        "entities": entities,
        "intent_ranking": ranking,
    }
