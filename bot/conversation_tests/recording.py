"""Turning a conversation held in the console or the shell into a conversation test file.

A recorded turn is what a client sent to RecognizeText and the JSON it got back; the file says
the same inputs and expects what came back (dialog action, intent and its state, filled slots,
messages, cards). Dates a slot resolved to are written relative to the day of recording
(`{today+1}`, and `{today+1:%A %-d %B %Y}` where a message spells one out), with no fixed `now`:
code hooks read the real clock (a registration hook refuses past dates), so the test must run
on the day it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.conversation_tests.runner import TIME_ZONE_ATTRIBUTE, slot_value
from bot.conversation_tests.variations import Variations


@dataclass(slots=True)
class RecordedTurn:
    at: float  # epoch seconds
    text: str
    answer: dict[str, Any]  # the RecognizeText JSON
    locale: str
    request_attributes: dict[str, str] = field(default_factory=dict)
    session_attributes: dict[str, str] | None = None
    button: bool = False  # the text was a card button's value


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
LONG_DATE = "%A %-d %B %Y"  # "Friday 4 December 2026", as the example bot's hook says dates


def _relative_dates(value: Any, today: date, seen: set[date]) -> Any:
    """`value` with ISO dates as `{today±N}`, and the long form of dates in `seen` too."""
    if isinstance(value, dict):
        return {k: _relative_dates(v, today, seen) for k, v in value.items()}
    if isinstance(value, list):
        return [_relative_dates(v, today, seen) for v in value]
    if not isinstance(value, str):
        return value

    def token(day: date, fmt: str | None = None) -> str:
        offset = (day - today).days
        shift = "" if offset == 0 else f"{offset:+d}"
        return "{today" + shift + (f":{fmt}" if fmt else "") + "}"

    def iso(m: re.Match[str]) -> str:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group(0)
        seen.add(day)
        return token(day)

    value = _ISO_DATE.sub(iso, value)
    for day in seen:
        value = value.replace(day.strftime(LONG_DATE), token(day, LONG_DATE))
    return value


def expectation(answer: dict[str, Any], variations: Variations | None = None) -> dict[str, Any]:
    state = answer.get("sessionState", {})
    action = state.get("dialogAction") or {}
    intent = state.get("intent")
    expect: dict[str, Any] = {}
    if action.get("type"):
        expect["dialogAction"] = action["type"]
    if action.get("slotToElicit"):
        expect["slotToElicit"] = action["slotToElicit"]
    if intent:
        expect["intent"] = {"name": intent.get("name"), "state": intent.get("state")}
        filled = {k: slot_value(v) for k, v in (intent.get("slots") or {}).items() if v}
        if filled:
            expect["slots"] = filled
    messages = answer.get("messages", [])
    texts = [m.get("content", "") for m in messages if m.get("contentType") != "ImageResponseCard"]
    if texts:
        expect["messages"] = [variations.expectation(t) for t in texts] if variations else texts
    cards = [m["imageResponseCard"] for m in messages if "imageResponseCard" in m]
    if cards:
        expect["cards"] = [_card(c) for c in cards]
    return expect


def _card(card: dict[str, Any]) -> dict[str, Any]:
    out = {k: card[k] for k in ("title", "subtitle") if card.get(k)}
    if card.get("buttons"):
        out["buttons"] = [b.get("text") for b in card["buttons"]]
    return out


def conversation_yaml(
    turns: list[RecordedTurn],
    *,
    name: str,
    locale: str,
    time_zone: str,
    variations: Variations | None = None,
) -> str:
    """The conversation test file for `turns` (the bot's first locale and time zone are the
    defaults it leaves unsaid)."""
    data: dict[str, Any] = {"name": name}
    first_zone = turns[0].request_attributes.get(TIME_ZONE_ATTRIBUTE) if turns else None
    if first_zone and first_zone != time_zone:
        data["timeZone"] = time_zone = first_zone
    out_turns = []
    today = datetime.fromtimestamp(turns[0].at if turns else 0, ZoneInfo(time_zone)).date()
    seen: set[date] = set()
    for turn in turns:
        item: dict[str, Any] = {"button" if turn.button else "user": turn.text}
        if turn.locale != locale:
            item["locale"] = turn.locale
        attributes = dict(turn.request_attributes)
        zone_said = attributes.pop(TIME_ZONE_ATTRIBUTE, None)
        if zone_said and zone_said != time_zone:
            item["timeZone"] = zone_said
        if attributes:
            item["requestAttributes"] = attributes
        if turn.session_attributes is not None:
            item["sessionAttributes"] = turn.session_attributes
        # Slots first, so a date they hold is known before a message spells it out.
        expect = expectation(turn.answer, variations)
        _relative_dates(expect.get("slots", {}), today, seen)
        item["expect"] = _relative_dates(expect, today, seen)
        out_turns.append(item)
    data["turns"] = out_turns
    header = "# Recorded by bot test --record: check the expectations, then keep it as a test.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def fetch_console_recording(url: str, session_id: str, token: str | None, name: str) -> str:
    """The conversation file of a session held in the console of the server at `url`."""
    import httpx

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        answer = httpx.get(
            f"{url.rstrip('/')}/console/api/conversations/{session_id}",
            params={"name": name},
            headers=headers,
            timeout=10,
        )
    except httpx.HTTPError as exc:
        raise ValueError(f"cannot reach {url}: {exc}") from None
    if answer.status_code != 200:
        try:
            reason = answer.json().get("message", answer.text)
        except ValueError:
            reason = answer.text
        raise ValueError(f"{url} answered {answer.status_code}: {reason}")
    return answer.text


def record_shell(runtime: Any, console: Any, name: str) -> str:
    """Chat in the terminal (`bot shell`), then the conversation file of what was said."""
    import time

    from bot.api.lex_v2 import recognize_text_response
    from bot.shell import run_shell
    from bot.turn import TurnRequest, TurnResponse

    turns: list[RecordedTurn] = []

    def keep(request: TurnRequest, response: TurnResponse) -> None:
        if request.text.startswith("/"):
            return
        answer = recognize_text_response(response)
        turns.append(RecordedTurn(time.time(), request.text, answer, request.key.locale_id))

    run_shell(runtime, console, on_turn=keep)
    config = runtime.project.config
    return conversation_yaml(
        turns,
        name=name,
        locale=runtime.identity.locales[0],
        time_zone=config.timeZone,
        variations=Variations(list(runtime.project.locales().values())),
    )
