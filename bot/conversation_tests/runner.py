"""Running conversation tests in-process against the engine, through the Lex V2 wire shapes.

Each turn becomes the RecognizeText request a client would send (text, session and request
attributes, the `x-amz-lex:time-zone` attribute) and is answered by the runtime facade with the
bot's code hooks, exactly as `bot serve` would answer it; expectations are compared with the
RecognizeText JSON a client would get. The clock is fixed per conversation (its `now`, one second
more per turn) and randomness seeded, so prompt variations and dates replay the same way. A
conversation stops at its first turn that differs: later turns would only repeat the difference.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.api import lex_v2
from bot.api.wire import parse_body
from bot.conversation_tests.spec import (
    ButtonExpect,
    CardExpect,
    Conversation,
    DialogActionExpect,
    Expect,
    IntentExpect,
    MessagePattern,
    Turn,
)
from bot.errors import BotError, RuntimeApiError
from bot.runtime import BotRuntime
from bot.strict_json import dumps

TIME_ZONE_ATTRIBUTE = "x-amz-lex:time-zone"
_RELATIVE_DATE = re.compile(r"\{today(?:([+-])(\d+))?(?::([^{}]+))?\}")


class FixedClock:
    """The engine's clock in a test: it says `now` until told otherwise."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True, slots=True)
class Difference:
    field: str
    expected: Any
    actual: Any


@dataclass(slots=True)
class TurnFailure:
    index: int  # 0-based
    said: str
    line: int | None
    differences: list[Difference]


@dataclass(slots=True)
class ConversationResult:
    conversation: Conversation
    turns_run: int = 0
    failure: TurnFailure | None = None
    seconds: float = 0.0
    answers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failure is None


class ConversationRunner:
    """Runs conversations against one bot's runtime, whose clock and randomness it owns."""

    def __init__(self, runtime: BotRuntime, clock: FixedClock, rng: random.Random) -> None:
        self.runtime = runtime
        self.clock = clock
        self.rng = rng

    @classmethod
    def for_project(
        cls, root: Path, progress: Callable[[str], None] | None = None
    ) -> ConversationRunner:
        """The bot at `root` with its code hooks, trained first when the model is missing or
        stale (as `bot serve` does), sessions in memory."""
        from bot.app import build_runtime

        clock, rng = FixedClock(time.time()), random.Random(0)
        runtime = build_runtime(
            root, store_url="memory://", clock=clock, rng=rng, progress=progress
        )
        return cls(runtime, clock, rng)

    def run(self, conversation: Conversation, number: int = 1) -> ConversationResult:
        spec = conversation.spec
        zone_name = spec.timeZone or self.runtime.project.config.timeZone
        result = ConversationResult(conversation)
        started = time.perf_counter()
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            result.failure = TurnFailure(
                0,
                "",
                conversation.doc.line_of(("timeZone",)),
                [Difference("timeZone", "an IANA time zone", zone_name)],
            )
            return result
        self.clock.now = _start(spec.now, zone)
        self.rng.seed(0)
        session_id = f"test-{number}-{int(self.clock.now)}"
        today = datetime.fromtimestamp(self.clock.now, zone).date()
        last: dict[str, Any] = {}
        for index, turn in enumerate(spec.turns):
            answer, differences = self._turn(conversation, index, turn, session_id, last, today)
            result.turns_run = index + 1
            result.answers.append(answer)
            if differences:
                line = conversation.turn_line(index)
                result.failure = TurnFailure(index, turn.said, line, differences)
                break
            last = answer
            self.clock.now += 1.0
        result.seconds = time.perf_counter() - started
        return result

    def _turn(
        self,
        conversation: Conversation,
        index: int,
        turn: Turn,
        session_id: str,
        last: dict[str, Any],
        today: date,
    ) -> tuple[dict[str, Any], list[Difference]]:
        spec = conversation.spec
        text = turn.user
        if turn.button is not None:
            text = _button_value(last, turn.button)
            if text is None:
                shown = [b.get("value") for c in _cards(last) for b in c.get("buttons", [])]
                return {}, [Difference("button", turn.button, shown or "no buttons")]
        assert text is not None
        ident = self.runtime.identity
        attributes = dict(turn.requestAttributes or {})
        attributes[TIME_ZONE_ATTRIBUTE] = (
            turn.timeZone or spec.timeZone or self.runtime.project.config.timeZone
        )
        body: dict[str, Any] = {"text": text, "requestAttributes": attributes}
        session_attributes = turn.sessionAttributes
        if index == 0 and spec.sessionAttributes is not None:
            session_attributes = spec.sessionAttributes | (session_attributes or {})
        if session_attributes is not None:
            body["sessionState"] = {"sessionAttributes": session_attributes}
        locale = turn.locale or spec.locale or ident.locales[0]
        try:
            key = self.runtime.v2_key(ident.bot_id, spec.alias, locale, session_id)
            request = parse_body(lex_v2.RecognizeTextRequest, dumps(body))
            answer: dict[str, Any] = self.runtime.recognize(
                lex_v2.turn_request(key, request, f"test-{index}"),
                answer=lex_v2.recognize_text_response,
            )
        except RuntimeApiError as exc:
            answer = {"error": exc.v2_type, "message": exc.message}
        except BotError as exc:
            answer = {"error": type(exc).__name__, "message": str(exc)}
        return answer, compare(turn.expect, answer, today)


def _start(now: datetime | date | None, zone: ZoneInfo) -> float:
    if now is None:
        return time.time()
    if not isinstance(now, datetime):
        now = datetime(now.year, now.month, now.day, 12, tzinfo=zone)  # midday: no edge
    elif now.tzinfo is None:
        now = now.replace(tzinfo=zone)
    return now.timestamp()


def _cards(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m["imageResponseCard"]
        for m in answer.get("messages", [])
        if m.get("contentType") == "ImageResponseCard" and "imageResponseCard" in m
    ]


def _button_value(answer: dict[str, Any], wanted: str) -> str | None:
    """The value of the last answer's button whose value (or text) is `wanted`."""
    buttons = [b for card in _cards(answer) for b in card.get("buttons", [])]
    for b in buttons:
        if b.get("value") == wanted:
            return str(b["value"])
    for b in buttons:
        if b.get("text") == wanted:
            return str(b.get("value", wanted))
    return None


# ---------------------------------------------------------------- comparing


def expand_dates(text: str, today: date, *, escape: bool = False) -> str:
    """`{today}`, `{today+N}`, `{today-N}` (and `{…:FORMAT}`) as dates."""

    def replace(m: re.Match[str]) -> str:
        sign, days, fmt = m.groups()
        offset = int(days or 0) * (-1 if sign == "-" else 1)
        day = today + timedelta(days=offset)
        shown = day.strftime(fmt) if fmt else day.isoformat()
        return re.escape(shown) if escape else shown

    return _RELATIVE_DATE.sub(replace, text)


def compare(expect: Expect | None, answer: dict[str, Any], today: date) -> list[Difference]:
    """How `answer` (RecognizeText JSON, or `{"error", "message"}`) differs from `expect`."""
    if "error" in answer:
        wanted = expect.error if expect is not None else None
        if wanted == answer["error"]:
            return []
        return [
            Difference("error", wanted or "an answer", f"{answer['error']}: {answer['message']}")
        ]
    if expect is None:
        return []
    if expect.error is not None:
        return [Difference("error", expect.error, "an answer")]
    state = answer.get("sessionState", {})
    action = state.get("dialogAction") or {}
    intent = state.get("intent") or {}
    out: list[Difference] = []

    def check(name: str, expected: Any, actual: Any) -> None:
        if expected is not None and expected != actual:
            out.append(Difference(name, expected, actual))

    if isinstance(expect.dialogAction, DialogActionExpect):
        check("dialogAction.type", expect.dialogAction.type, action.get("type"))
        check(
            "dialogAction.slotToElicit",
            expect.dialogAction.slotToElicit,
            action.get("slotToElicit"),
        )
    else:
        check("dialogAction.type", expect.dialogAction, action.get("type"))
    check("dialogAction.slotToElicit", expect.slotToElicit, action.get("slotToElicit"))
    wanted_intent = (
        IntentExpect(name=expect.intent) if isinstance(expect.intent, str) else expect.intent
    )
    if wanted_intent is not None:
        check("intent.name", wanted_intent.name, intent.get("name"))
        check("intent.state", wanted_intent.state, intent.get("state"))
        check(
            "intent.confirmationState",
            wanted_intent.confirmationState,
            intent.get("confirmationState"),
        )
    for slot, value in (expect.slots or {}).items():
        actual = slot_value(intent.get("slots", {}).get(slot))
        expected_value = _expanded(value, today)
        if expected_value != actual:
            out.append(Difference(f"slots.{slot}", expected_value, actual))
    if expect.messages is not None:
        out += _compare_messages(expect.messages, answer, today)
    if expect.cards is not None:
        out += _compare_cards(expect.cards, _cards(answer), today)
    attributes = state.get("sessionAttributes", {})
    for name, value in (expect.sessionAttributes or {}).items():
        check(f"sessionAttributes.{name}", expand_dates(value, today), attributes.get(name))
    return out


def slot_value(slot: dict[str, Any] | None) -> str | list[str] | None:
    """A slot's interpreted value as a test names it (a list for a multi-valued slot)."""
    if not slot:
        return None
    if slot.get("shape") == "List":
        return [slot_value(v) or "" for v in slot.get("values", [])]  # type: ignore[misc]
    value = slot.get("value") or {}
    return value.get("interpretedValue")


def _expanded(value: str | list[str] | None, today: date) -> str | list[str] | None:
    if isinstance(value, list):
        return [expand_dates(v, today) for v in value]
    return expand_dates(value, today) if value is not None else None


def _compare_messages(
    expected: list[str | MessagePattern], answer: dict[str, Any], today: date
) -> list[Difference]:
    said = [
        m.get("content", "")
        for m in answer.get("messages", [])
        if m.get("contentType") != "ImageResponseCard"
    ]
    shown = [
        e.pattern if isinstance(e, MessagePattern) else expand_dates(e, today) for e in expected
    ]
    if len(said) != len(expected):
        return [Difference("messages", shown, said)]
    out = []
    for i, (wanted, actual) in enumerate(zip(expected, said, strict=True)):
        if isinstance(wanted, MessagePattern):
            pattern = expand_dates(wanted.pattern, today, escape=True)
            if re.fullmatch(pattern, actual, re.DOTALL) is None:
                out.append(Difference(f"messages[{i}]", f"/{wanted.pattern}/", actual))
        elif expand_dates(wanted, today) != actual:
            out.append(Difference(f"messages[{i}]", expand_dates(wanted, today), actual))
    return out


def _compare_cards(
    expected: list[CardExpect], cards: list[dict[str, Any]], today: date
) -> list[Difference]:
    if len(expected) != len(cards):
        titles = [c.get("title") for c in cards]
        return [Difference("cards", [c.title for c in expected], titles)]
    out = []
    for i, (wanted, card) in enumerate(zip(expected, cards, strict=True)):
        for name in ("title", "subtitle", "imageUrl"):
            value = getattr(wanted, name)
            if value is not None and expand_dates(value, today) != card.get(name):
                out.append(Difference(f"cards[{i}].{name}", value, card.get(name)))
        if wanted.buttons is not None:
            buttons = card.get("buttons", [])
            if not _buttons_match(wanted.buttons, buttons):
                shown = [b.get("text") for b in buttons]
                out.append(Difference(f"cards[{i}].buttons", _button_names(wanted.buttons), shown))
    return out


def _buttons_match(wanted: list[str | ButtonExpect], buttons: list[dict[str, Any]]) -> bool:
    if len(wanted) != len(buttons):
        return False
    for w, b in zip(wanted, buttons, strict=True):
        if isinstance(w, str):
            if w != b.get("text"):
                return False
        elif (w.text is not None and w.text != b.get("text")) or (
            w.value is not None and w.value != b.get("value")
        ):
            return False
    return True


def _button_names(wanted: list[str | ButtonExpect]) -> list[str | None]:
    return [w if isinstance(w, str) else (w.text or w.value) for w in wanted]
