"""Engine turns for calling a hook the way the dialog steps do: `HookCalls.call` on a
`DialogTurn`, through the real Lex adapter and the in-process transport to a handler of
`tests.hooks.handlers`. What the answer changed is then read from the turn."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.dialog.contexts import ContextLife
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.document import SessionDocument
from bot.dialog.hook_calls import HookCalls
from bot.dialog.hooks import Api
from bot.hooks import LexCodeHooks, transport_for
from bot.nlu.types import Interpretation, ParseContext
from bot.project.loader import BotProject
from bot.turn import SessionKey, SessionState, TurnRequest

NOW = 1_795_000_000.0
KEY = SessionKey("ABCDEFGHIJ", "TSTALIASID", "en_US", "turn-1")


def hook_calls(project: BotProject, handler: str, version: Api = "V2") -> HookCalls:
    """`HookCalls` whose every hook is `tests.hooks.handlers.<handler>`, in `version` format."""
    transport = transport_for(f"python:tests.hooks.handlers:{handler}", 5.0)
    return HookCalls(LexCodeHooks(project, transport, version), project)


def make_turn(
    state: SessionState,
    *,
    api: Api = "V2",
    contexts: Sequence[ContextLife] = (),
    interpretations: Sequence[Interpretation] = (),
    text: str = "hello",
    answer: dict[str, Any] | None = None,
) -> DialogTurn:
    """A turn in progress holding `state`; `answer` is what the `scripted` handler answers."""
    request = TurnRequest(KEY, text)
    if answer is not None:
        request.request_attributes = {"answer": json.dumps(answer)}
    return DialogTurn(
        request=request,
        doc=SessionDocument(KEY, state, list(contexts)),
        ctx=ParseContext(now=datetime.fromtimestamp(NOW, UTC)),
        now=NOW,
        api=api,
        threshold=0.4,
        started_with=list(contexts),
        interpretations=list(interpretations),
    )
