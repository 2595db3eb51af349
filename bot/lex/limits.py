"""The limits Amazon Lex sets on a conversation's state, checked on the neutral turn model, so the
runtime API (what a client sends) and the code hooks (what a hook answers) refuse the same
things with the same words.

Where Lex documents a value it is Lex's (Lex V2 Developer Guide, "Quotas"; the runtime API's
service model): session attributes in a Lambda answer at most
12 KB, and request and session attributes together at most 12 KB (V1: "the total size of the
sessionAttributes and requestAttributes headers is limited to 12 KB"); a Lambda answer at most
25 KB; at most 20 active contexts, each with at most 10 attributes, names of 1-100 characters and
values of at most 1024; at most 10 messages. Lex documents no count of session attributes nor a
length for one key or value: the 12 KB bound covers both, and a key may not be empty (V2's
`StringMap` has `NonEmptyString` keys). A size is that of the compact UTF-8 JSON of the map, as
it travels in a header or a Lambda event.

`LimitExceeded` says which limit and by how much; callers turn it into their own error (400
`ValidationException`, an invalid hook answer). Nothing here knows HTTP, a wire format or a hook.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from bot.lex.common import MAX_CONTEXT_NAME, MAX_CONTEXTS
from bot.turn import ActiveContext, Message, SessionState

MAX_ATTRIBUTES_BYTES = 12 * 1024  # session attributes (with the request's, when sent together)
MAX_HOOK_ANSWER_BYTES = 25 * 1024  # a code hook's whole answer
MAX_CONTEXT_ATTRIBUTES = 10
MAX_CONTEXT_ATTRIBUTE_NAME = MAX_CONTEXT_NAME
MAX_CONTEXT_ATTRIBUTE_VALUE = 1024
MAX_MESSAGES = 10


class LimitExceeded(ValueError):
    """A session state over one of Lex's limits; the message names it and is safe to show."""


def attributes_bytes(*maps: Mapping[str, str]) -> int:
    """The size of string maps as compact UTF-8 JSON, an empty one counting nothing (a lone
    surrogate counts as 3 bytes)."""
    return sum(
        len(
            json.dumps(dict(m), ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8", "surrogatepass"
            )
        )
        for m in maps
        if m
    )


def check_state(
    state: SessionState,
    request_attributes: Mapping[str, str] | None = None,
    *,
    limit: int = MAX_ATTRIBUTES_BYTES,
) -> None:
    """A session state (and the request attributes sent with it) within Lex's limits."""
    request_attributes = request_attributes or {}
    for what, attributes in (
        ("session attribute", state.session_attributes),
        ("request attribute", request_attributes),
    ):
        if any(not key for key in attributes):
            raise LimitExceeded(f"a {what} has an empty name")
    size = attributes_bytes(state.session_attributes, request_attributes)
    if size > limit:
        what = "session and request attributes" if request_attributes else "session attributes"
        raise LimitExceeded(
            f"{what} take {size:,} bytes as JSON; Lex allows at most {limit:,} ({limit // 1024} KB)"
        )
    check_contexts(state.active_contexts)


def check_contexts(contexts: Sequence[ActiveContext]) -> None:
    if len(contexts) > MAX_CONTEXTS:
        raise LimitExceeded(f"{len(contexts)} active contexts; Lex allows at most {MAX_CONTEXTS}")
    for context in contexts:
        attributes = context.attributes
        if len(attributes) > MAX_CONTEXT_ATTRIBUTES:
            raise LimitExceeded(
                f"context {context.name} has {len(attributes)} attributes; Lex allows at most "
                f"{MAX_CONTEXT_ATTRIBUTES}"
            )
        for name, value in attributes.items():
            if not 1 <= len(name) <= MAX_CONTEXT_ATTRIBUTE_NAME:
                raise LimitExceeded(
                    f"context {context.name} has an attribute name of {len(name)} characters; "
                    f"Lex allows 1-{MAX_CONTEXT_ATTRIBUTE_NAME}"
                )
            if len(value) > MAX_CONTEXT_ATTRIBUTE_VALUE:
                raise LimitExceeded(
                    f"context {context.name} has an attribute value of {len(value):,} "
                    f"characters; Lex allows at most {MAX_CONTEXT_ATTRIBUTE_VALUE}"
                )


def check_messages(messages: Sequence[Message]) -> None:
    if len(messages) > MAX_MESSAGES:
        raise LimitExceeded(f"{len(messages)} messages; Lex allows at most {MAX_MESSAGES}")
