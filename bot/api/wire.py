"""Pieces the runtime API's two wire modules (Lex V2 and V1) share and a code hook never sees:
request validation into pydantic models with Lex-style errors (from JSON read strictly:
`bot.strict_json`), the runtime's own limits (session id, input text, a context's time to live of
at least 5 s and 1 turn) and Lex's on the session state (`bot.lex.limits`), how a runtime
request's slot is read, and the answers written strictly, with headers a client can read (in
size, and in characters HTTP can carry). The Lex shapes both the API and the hooks write live in
`bot.lex`; nothing here is imported by `bot.hooks`.
"""

from __future__ import annotations

import base64
import gzip
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from bot import strict_json
from bot.errors import InternalFailure, InvalidRequest
from bot.lex import limits, v1
from bot.lex.common import LexModel
from bot.nlu.types import Slot, SlotValue
from bot.turn import SessionState

M = TypeVar("M", bound=BaseModel)

# botocore's own rules, so we refuse exactly what a real client could never send.
SESSION_ID = re.compile(r"^[0-9a-zA-Z._:-]{2,100}$")
MAX_TEXT = 1024
# What one answer's headers may take; the allowance is for those the server adds (date, ids).
MAX_ANSWER_HEADERS = 64 * 1024
HEADER_ALLOWANCE = 1024
# An HTTP header value (RFC 9110 §5.5): visible Latin-1 characters, with spaces and tabs only
# between them. Servers refuse to send anything else, after the turn would have been saved.
HEADER_VALUE = re.compile(r"(?:[\x21-\x7e\x80-\xff]+(?:[\t ]+[\x21-\x7e\x80-\xff]+)*)?")


class WireModel(LexModel):
    """Request models tolerate fields they do not know, as the SDKs do."""


class TimeToLiveModel(WireModel):
    """A context's remaining life (`timeToLive`) in a runtime request, the same in Lex V2 and
    V1; stricter than a code hook's answer (`bot.hooks.wire.TimeToLiveModel`)."""

    timeToLiveInSeconds: int = Field(ge=5, le=86400)
    turnsToLive: int = Field(ge=1, le=20)


def parse_body(model: type[M], raw: bytes) -> M:
    try:
        data = strict_json.loads(raw or b"{}")
    except strict_json.JsonRefused as exc:
        raise InvalidRequest(f"Request body {exc}") from None
    if not isinstance(data, dict):
        raise InvalidRequest("Request body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidRequest(f"Invalid value for {where}: {first['msg']}") from None


def check_session_id(session_id: str, name: str = "sessionId") -> None:
    if not SESSION_ID.match(session_id):
        raise InvalidRequest(
            f"{name} must be 2-100 characters of [0-9a-zA-Z._:-], got {session_id!r}"
        )


def check_text(text: str, name: str = "text") -> None:
    if not 1 <= len(text) <= MAX_TEXT:
        raise InvalidRequest(f"{name} must be 1-{MAX_TEXT} characters, got {len(text)}")


def check_state(state: SessionState | None, request_attributes: Mapping[str, str]) -> None:
    """A request's session state and request attributes within Lex's limits (`bot.lex.limits`),
    checked before anything is loaded or saved."""
    try:
        limits.check_state(state or SessionState(), request_attributes)
    except limits.LimitExceeded as exc:
        raise InvalidRequest(f"Invalid request: {exc}") from None


def json_answer(value: Any) -> bytes:
    """An answer's JSON body, written before the turn is saved: what cannot be sent is never
    committed (`bot.runtime`)."""
    try:
        return strict_json.dumps(value)
    except strict_json.JsonRefused as exc:
        raise InternalFailure(f"The answer could not be written: it {exc}") from None


def checked_headers(headers: dict[str, str], operation: str) -> dict[str, str]:
    """Answer headers that a client can read, refused before the turn is saved: each value one
    that HTTP can carry (a V1 PutSession's `slotToElicit` comes back as a header as sent), and
    no more than http.client (under botocore) reads, 64 KB a line (`MAX_ANSWER_HEADERS` in all)."""
    for name, value in headers.items():
        if not HEADER_VALUE.fullmatch(value):
            raise InvalidRequest(
                f"The {operation} answer would carry {name} with characters an HTTP header "
                "cannot hold (control characters, text beyond Latin-1, or spaces at its ends)"
            )
    size = sum(len(name) + len(value) + 4 for name, value in headers.items())
    if size > MAX_ANSWER_HEADERS - HEADER_ALLOWANCE:
        raise InvalidRequest(
            f"The {operation} answer would carry {size:,} bytes of headers, more than clients "
            f"read ({MAX_ANSWER_HEADERS // 1024} KB): send a smaller session state"
        )
    return headers


def slot_from_lex(data: dict[str, Any] | None) -> Slot:
    """A Lex V2 slot of a runtime request (`{value: {...}}`, or `shape: List` with `values`) as a
    neutral value. Read more loosely in type and more strictly in meaning than a code hook's
    (`bot.lex.v2.slot_in`): any JSON value is taken as its text, but a value without its
    `interpretedValue` (which Lex requires here) is unfilled, empty `originalValue` or
    `resolvedValues` fall back to the interpreted value, and composite sub-slots are not read."""
    if not data:
        return None
    if data.get("shape") == "List" and data.get("values"):
        values = [slot_from_lex(v) for v in data["values"]]
        return [v for v in values if isinstance(v, SlotValue)]
    value = data.get("value")
    if not isinstance(value, dict) or value.get("interpretedValue") is None:
        return None
    interpreted = str(value["interpretedValue"])
    return SlotValue(
        str(value.get("originalValue") or interpreted),
        interpreted,
        [str(v) for v in value.get("resolvedValues") or [interpreted]],
    )


def slot_text(slot: Slot) -> str | None:
    """A slot as the runtime writes it as one string (V1 slots, the shell): its interpreted
    value, or for an ambiguous one the words said."""
    return v1.slot_text(slot, ambiguous_as_said=True)


def b64_gzip_json(value: Any) -> str:
    return base64.b64encode(gzip.compress(json_answer(value))).decode()


def b64_json(value: Any) -> str:
    return base64.b64encode(json_answer(value)).decode()
