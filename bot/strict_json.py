"""JSON read and written at the edges of the server, refusing what would hurt later.

Python's `json` parses recursively (a body nested ~1,000 deep raises `RecursionError` with a
traceback in the log), reads `NaN`, `Infinity` and `1e999`, and keeps lone surrogates (`"\\ud800"`)
that cannot be encoded back to UTF-8: a session holding one answers 500 on every call until it
expires. `loads` refuses all of these before anything uses the value, checking the nesting depth
on the text first so the parser never recurses deeper than `MAX_DEPTH`; `dumps` writes strictly,
so what could not be sent is found before it is saved. Both raise `JsonRefused`, whose message
is safe to show a client; neither ever logs or quotes the text it refused.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from itertools import accumulate
from typing import Any

import orjson

MAX_DEPTH = 32  # objects and arrays inside each other; Lex's deepest shapes need about 10

_BOM = b"\xef\xbb\xbf"  # a UTF-8 byte order mark, which JSON readers may ignore
_ESCAPED_BACKSLASH = "\\\\"
_ESCAPED_QUOTE = '\\"'
_STRING = re.compile(r'"[^"]*"')  # once escaped quotes are gone, a string has no quote inside
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1, +1, -1, -1 as signed bytes
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE_SURROGATE = "holds a lone surrogate (such as \\ud800), which is not Unicode text"


class JsonRefused(ValueError):
    """JSON that is not read or cannot be written; the message says why, never quoting it."""


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The value of a JSON text (UTF-8 bytes, or text); `JsonRefused` when it is not valid JSON,
    is nested deeper than `max_depth`, holds NaN, Infinity, a number beyond the float range or a
    lone surrogate."""
    if isinstance(raw, bytes):
        try:
            text = raw.removeprefix(_BOM).decode("utf-8")
        except UnicodeDecodeError:
            raise JsonRefused("is not UTF-8 text") from None
    else:
        text = raw
        if _SURROGATE.search(text):
            raise JsonRefused(_LONE_SURROGATE)
    _check_depth(text, max_depth)
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except JsonRefused:
        raise
    except (ValueError, RecursionError):
        raise JsonRefused("is not valid JSON") from None
    # Escaped surrogate pairs (an emoji, as botocore sends it) decode to one character; only a
    # lone one is left as a surrogate, so the walk is needed only when an escape is there.
    if _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(value)
    return value


def dumps(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON, as an answer or the session store writes it; `JsonRefused`
    when it holds something JSON cannot carry (NaN, a lone surrogate, a non-JSON type)."""
    # orjson writes in a tenth of the time, but turns NaN into null and writes some non-JSON
    # types: its text is used only when it reads back as exactly `value`.
    try:
        text = orjson.dumps(value)
        if orjson.loads(text) == value:
            return text
    except (TypeError, ValueError):
        pass
    return _dumps(value)


def _dumps(value: Any) -> bytes:
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise JsonRefused(_LONE_SURROGATE) from None
    except ValueError:
        raise JsonRefused("holds NaN or Infinity, which JSON cannot carry") from None
    except (TypeError, RecursionError) as exc:
        raise JsonRefused(f"cannot be written as JSON ({type(exc).__name__})") from None


def _check_depth(text: str, max_depth: int) -> None:
    """Refuse nesting deeper than `max_depth` without parsing: strings are dropped (escapes
    first), and the running count of the brackets left, +1 for `[` `{` and -1 for `]` `}`, is how
    deep the parser would recurse; the count runs in C (`accumulate` over signed bytes)."""
    if text.count("[") + text.count("{") <= max_depth:
        return  # the common case: too few brackets to be too deep
    bare = text.replace(_ESCAPED_BACKSLASH, "").replace(_ESCAPED_QUOTE, "")
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", bare)).encode("ascii")
    if max(accumulate(array("b", brackets.translate(_DEPTH_STEPS))), default=0) > max_depth:
        raise JsonRefused(f"is nested deeper than {max_depth} levels")


def _no_constant(name: str) -> Any:
    raise JsonRefused(f"holds {name}, which is not a JSON number")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JsonRefused("holds a number beyond the range of a double")
    return number


def _refuse_lone_surrogates(value: Any) -> None:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise JsonRefused(_LONE_SURROGATE)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_lone_surrogates(key)
            _refuse_lone_surrogates(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_lone_surrogates(item)
