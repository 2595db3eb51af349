"""Limit checks shared by the V2 and V1 response builders.

Each raises `ResponseError` naming the field, the limit and the offending value, so the fix is
obvious from the message alone. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fulfillment.errors import ResponseError


def text(field: str, value: Any, limit: int) -> str:
    """A required string of 1 to `limit` characters."""
    if not isinstance(value, str):
        raise ResponseError(f"{field} must be a string, not {type(value).__name__}")
    if not value:
        raise ResponseError(f"{field} must not be empty")
    if len(value) > limit:
        raise ResponseError(f"{field} is {len(value)} characters; Lex allows {limit}: {value!r}")
    return value


def optional_text(field: str, value: Any, limit: int) -> str | None:
    return None if value is None else text(field, value, limit)


def at_most(field: str, items: Sequence[Any], limit: int) -> None:
    if len(items) > limit:
        raise ResponseError(f"{len(items)} {field}; Lex allows at most {limit}")


def one_of(field: str, value: Any, allowed: Iterable[str]) -> str:
    options = tuple(allowed)
    if value not in options:
        raise ResponseError(f"{field} must be one of {', '.join(options)}, not {value!r}")
    return str(value)


def buttons(
    items: Iterable[Any], *, limit: int, text_limit: int, value_limit: int
) -> list[dict[str, str]]:
    """Buttons given as `(text, value)`, a bare string (text and value alike) or a dict."""
    out = []
    label: Any
    value: Any
    for item in items:
        if isinstance(item, str):
            label, value = item, item
        elif isinstance(item, Mapping):
            label, value = item.get("text"), item.get("value")
        elif isinstance(item, tuple | list) and len(item) == 2:
            label, value = item
        else:
            raise ResponseError(f"a button is (text, value), a string or a dict, not {item!r}")
        out.append(
            {
                "text": text("button text", label, text_limit),
                "value": text("button value", value, value_limit),
            }
        )
    at_most("buttons", out, limit)
    return out


def string_map(field: str, value: Mapping[str, Any]) -> dict[str, str]:
    """Lex V2 attribute maps are string → string; anything else fails inside Lex."""
    if not isinstance(value, Mapping):
        raise ResponseError(f"{field} must be a map of strings, not {type(value).__name__}")
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise ResponseError(f"{field} holds strings only; {key!r} is {item!r}")
    return dict(value)
