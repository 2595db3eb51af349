"""Text messages, the same `{"contentType", "content"}` dict in Lex V1 and V2 responses."""

from __future__ import annotations

from typing import Any, TypeAlias

from fulfillment import _checks as check

Message: TypeAlias = dict[str, Any]
MAX_CONTENT = 1024


def plain_text(content: str) -> Message:
    return {
        "contentType": "PlainText",
        "content": check.text("message content", content, MAX_CONTENT),
    }


def ssml(content: str) -> Message:
    return {"contentType": "SSML", "content": check.text("SSML content", content, MAX_CONTENT)}


def custom_payload(content: str) -> Message:
    return {"contentType": "CustomPayload", "content": check.text("payload", content, MAX_CONTENT)}
