"""Conditions of Lex V2 conditional branches (reference lex-flows §4.2): `parse_condition` turns
an `expressionString` such as `[fallback-count] = "1" AND !fn.IS_SET({DaysBefore})` into a
`Condition` once, when the bot is loaded, and `Condition.evaluate` decides it for one turn from a
`ConditionEnv` (slots, session and request attributes, input mode and transcript). Parsing is
strict and raises `ConditionError` with the offset of the problem; evaluation is forgiving: an
unset reference, or a value that does not convert to the compared type, makes only its own
comparison false. This module never reads session storage or anything beyond the `ConditionEnv`
it is given, and evaluation never raises.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.project.condition_values import NUMBER, compare, duration

MAX_LENGTH = 1024  # M2 `Condition.expressionString`
MAX_DEPTH = 50  # parentheses and NOTs inside one another

_log = logging.getLogger(__name__)


class ConditionError(ValueError):
    """An expression that is not a condition; `position` is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at position {position})")
        self.message = message
        self.position = position


@dataclass(frozen=True)
class SlotReading:
    """A slot's interpreted value(s) as conditions see them; `()` means unset."""

    values: tuple[str, ...]
    kind: str = "string"  # "string" | "number" | "date" | "time" | "duration"


@dataclass(frozen=True)
class ConditionEnv:
    """Everything a condition may read during one turn."""

    slots: Mapping[str, SlotReading | None]  # an absent or None slot is unset
    session_attributes: Mapping[str, str]
    request_attributes: Mapping[str, str]
    input_transcript: str = ""
    input_mode: str = "Text"


@dataclass(frozen=True)
class _Token:
    kind: str  # reference or literal kind, "op", "contains", "and", "or", "not", "fn", "(", ")", "end"
    value: str  # reference name, string contents, literal text, operator, function name
    pos: int
    raw: str  # the source text

    def describe(self) -> str:
        return "the end of the expression" if self.kind == "end" else repr(self.raw)


_REFERENCE_KINDS = ("slot", "session", "request", "path")
_LITERAL_KINDS = ("string", "number", "duration")
# Request attributes first: `((name))` would otherwise read as two parentheses.
_REFERENCES = (
    ("request", re.compile(r"\(\(\s*([^\s{}\[\]()\"]+)\s*\)\)")),
    ("slot", re.compile(r"\{([^{}\[\]()\"]*)\}")),
    ("session", re.compile(r"\[([^{}\[\]()\"]*)\]")),
    ("path", re.compile(r"\$\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*)")),
)
_MALFORMED = {
    "{": "malformed slot reference; expected {slotName}",
    "[": "malformed session attribute reference; expected [attributeName]",
    "$": "malformed path; expected $.inputMode, $.inputTranscript or another $. path",
}
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_WORD = re.compile(r"[-+]?[\w.]+")
_NUMBER = NUMBER
_OPERATORS = ("<=", ">=", "!=", "&&", "||", "=", "<", ">", "!", "(", ")")
_OPERATOR_KINDS = {"&&": "and", "||": "or", "!": "not", "(": "(", ")": ")"}  # others: "op"
_KEYWORDS = {"AND": "and", "OR": "or", "NOT": "not", "CONTAINS": "contains"}
_FUNCTIONS = ("COUNT", "IS_SET", "LENGTH")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
        else:
            tokens.append(token := _next_token(text, pos))
            pos += len(token.raw)
    return [*tokens, _Token("end", "", len(text), "")]


def _next_token(text: str, pos: int) -> _Token:
    for kind, pattern in _REFERENCES:
        if (found := pattern.match(text, pos)) and found[1].strip():
            return _Token(kind, found[1].strip(), pos, found[0])
    char = text[pos]
    if char in _MALFORMED:
        raise ConditionError(_MALFORMED[char], pos)
    if char == '"':
        if found := _STRING.match(text, pos):
            return _Token("string", re.sub(r"\\(.)", r"\1", found[1]), pos, found[0])
        raise ConditionError("unterminated string", pos)
    for op in _OPERATORS:
        if text.startswith(op, pos):
            return _Token(_OPERATOR_KINDS.get(op, "op"), op, pos, op)
    if found := _WORD.match(text, pos):
        return _word(found[0], pos)
    raise ConditionError(f"unexpected character {char!r}", pos)


def _word(word: str, pos: int) -> _Token:
    upper = word.upper()
    if _NUMBER.fullmatch(word):
        return _Token("number", word, pos, word)
    if upper in _KEYWORDS:
        return _Token(_KEYWORDS[upper], upper, pos, word)
    if upper.startswith("FN."):
        if upper[3:] in _FUNCTIONS:
            return _Token("fn", upper[3:], pos, word)
        raise ConditionError(
            f"unknown function {word!r}; expected fn.COUNT, fn.IS_SET or fn.LENGTH", pos
        )
    if duration(word) is not None:
        return _Token("duration", word, pos, word)
    raise ConditionError(f"unexpected word {word!r}; strings need double quotes", pos)


@dataclass(frozen=True)
class _Reference:
    kind: str  # "slot" | "session" | "request" | "path"
    name: str

    def read(self, env: ConditionEnv) -> SlotReading | None:
        """The value(s) referred to, or None when unset."""
        if self.kind == "slot":
            reading = env.slots.get(self.name)
            return reading if reading is not None and reading.values else None
        if self.kind == "path":
            paths = {"inputMode": env.input_mode, "inputTranscript": env.input_transcript}
            value = paths.get(self.name)
        elif self.kind == "session":
            value = env.session_attributes.get(self.name)
        else:
            value = env.request_attributes.get(self.name)
        return None if value is None else SlotReading((value,))


@dataclass(frozen=True)
class _Call:
    function: str  # "COUNT" | "IS_SET" | "LENGTH"
    argument: _Reference

    def read(self, env: ConditionEnv) -> SlotReading | None:
        reading = self.argument.read(env)
        if self.function == "IS_SET":
            return SlotReading(("false" if reading is None else "true",))
        if reading is None:
            return None
        values = reading.values
        size = len(values) if self.function == "COUNT" else len(", ".join(values))
        return SlotReading((str(size),), "number")


@dataclass(frozen=True)
class _Literal:
    text: str
    kind: str  # "string", or "number" / "duration" when written bare


@dataclass(frozen=True)
class _Comparison:
    left: _Reference | _Call
    op: str  # "=", "!=", "<", "<=", ">", ">=" or "CONTAINS"
    right: _Literal

    def holds(self, env: ConditionEnv) -> bool:
        reading = self.left.read(env)
        if reading is None:
            return False  # an unset reference fails only its own comparison
        joined = ", ".join(reading.values)
        if self.op == "CONTAINS":
            items = (*reading.values, *joined.split(","))
            return any(
                compare(item, "=", self.right.text, self.right.kind, reading.kind) for item in items
            )
        return compare(joined, self.op, self.right.text, self.right.kind, reading.kind)


@dataclass(frozen=True)
class _Not:
    operand: _Node

    def holds(self, env: ConditionEnv) -> bool:
        return not self.operand.holds(env)


@dataclass(frozen=True)
class _Junction:
    """AND (`every`) or OR of two or more conditions, kept flat so long chains stay shallow."""

    every: bool
    parts: tuple[_Node, ...]

    def holds(self, env: ConditionEnv) -> bool:
        decide = all if self.every else any
        return decide(part.holds(env) for part in self.parts)


_Node = _Comparison | _Not | _Junction


@dataclass(frozen=True)
class Condition:
    """A parsed condition expression; make one with `parse_condition`."""

    expression: str
    _root: _Node = field(repr=False, compare=False)
    _references: frozenset[tuple[str, str]] = field(repr=False, compare=False)

    def evaluate(self, env: ConditionEnv) -> bool:
        """Whether the condition holds for this turn. Never raises: a failure counts as false."""
        try:
            return self._root.holds(env)
        except Exception as error:  # noqa: BLE001 - e.g. a non-string attribute value
            _log.warning("condition %r not evaluated: %s", self.expression, type(error).__name__)
            return False

    def references(self) -> frozenset[tuple[str, str]]:
        """The ("slot" | "session" | "request", name) pairs the condition reads."""
        return self._references


def parse_condition(expression: str) -> Condition:
    """Parse a Lex V2 `expressionString`; raise `ConditionError` if it is not a condition."""
    if len(expression) > MAX_LENGTH:
        raise ConditionError(f"expression is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    if not expression.strip():
        raise ConditionError("empty expression", 0)
    parser = _Parser(_tokenize(expression))
    root = parser.parse()
    return Condition(expression, root, frozenset(parser.references))


class _Parser:
    """Recursive descent: an OR of ANDs of NOTs of comparisons or parenthesised conditions.
    `depth` counts the parentheses and NOTs around the current point."""

    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._next = 0
        self.references: set[tuple[str, str]] = set()  # ("slot" | "session" | "request", name)

    def parse(self) -> _Node:
        node = self._disjunction(0)
        token = self._peek()
        if token.kind == ")":
            raise ConditionError("unmatched ')'", token.pos)
        if token.kind != "end":
            raise ConditionError(f"unexpected {token.describe()} after the condition", token.pos)
        return node

    def _disjunction(self, depth: int) -> _Node:
        parts = [self._conjunction(depth)]
        while self._peek().kind == "or":
            self._advance()
            parts.append(self._conjunction(depth))
        return parts[0] if len(parts) == 1 else _Junction(False, tuple(parts))

    def _conjunction(self, depth: int) -> _Node:
        parts = [self._negation(depth)]
        while self._peek().kind == "and":
            self._advance()
            parts.append(self._negation(depth))
        return parts[0] if len(parts) == 1 else _Junction(True, tuple(parts))

    def _negation(self, depth: int) -> _Node:
        token = self._peek()
        if token.kind != "not":
            return self._primary(depth)
        self._advance()
        return _Not(self._negation(_deeper(depth, token)))

    def _primary(self, depth: int) -> _Node:
        token = self._advance()
        if token.kind == "(":
            node = self._disjunction(_deeper(depth, token))
            self._expect(")", f"missing ')' to close the '(' at position {token.pos}")
            return node
        if token.kind in _LITERAL_KINDS:
            message = f"a comparison must start with a reference, not {token.describe()}"
            raise ConditionError(message, token.pos)
        return self._comparison(self._operand(token))

    def _operand(self, token: _Token) -> _Reference | _Call:
        if token.kind in _REFERENCE_KINDS:
            return self._reference(token)
        if token.kind != "fn":
            raise ConditionError(f"expected a condition, found {token.describe()}", token.pos)
        self._expect("(", f"expected '(' after {token.raw}")
        argument = self._advance()
        if argument.kind not in _REFERENCE_KINDS:
            message = f"{token.raw} takes a reference, found {argument.describe()}"
            raise ConditionError(message, argument.pos)
        self._expect(")", f"missing ')' to close {token.raw}(")
        return _Call(token.value, self._reference(argument))

    def _reference(self, token: _Token) -> _Reference:
        if token.kind != "path":
            self.references.add((token.kind, token.value))
        return _Reference(token.kind, token.value)

    def _comparison(self, left: _Reference | _Call) -> _Node:
        op = self._peek()
        if op.kind not in ("op", "contains"):
            if isinstance(left, _Call) and left.function == "IS_SET":
                return _Comparison(left, "=", _Literal("true", "string"))
            message = f"expected a comparison operator or CONTAINS, found {op.describe()}"
            raise ConditionError(message, op.pos)
        self._advance()
        right = self._advance()
        if right.kind in _LITERAL_KINDS:
            return _Comparison(left, op.value, _Literal(right.value, right.kind))
        if right.kind in _REFERENCE_KINDS or right.kind == "fn":
            message = "the right side of a comparison must be a constant, not a reference"
            raise ConditionError(message, right.pos)
        raise ConditionError(
            f"expected a constant after {op.raw!r}, found {right.describe()}", right.pos
        )

    def _peek(self) -> _Token:
        return self._tokens[self._next]

    def _advance(self) -> _Token:
        token = self._tokens[self._next]
        if token.kind != "end":
            self._next += 1
        return token

    def _expect(self, kind: str, message: str) -> None:
        token = self._advance()
        if token.kind != kind:
            raise ConditionError(f"{message}, found {token.describe()}", token.pos)


def _deeper(depth: int, token: _Token) -> int:
    if depth >= MAX_DEPTH:
        raise ConditionError(f"conditions nested more than {MAX_DEPTH} deep", token.pos)
    return depth + 1
