"""`bot shell`: chat with the bot in the terminal, one in-process turn per line, showing after
each turn the intent, its slots, the dialog action and any response card. `/reset` starts a new
conversation, `/state` prints the session state, `/quit` leaves. It talks to the DRAFT, or to
what an alias serves (its version, with the code hooks it attaches), built as `bot serve`
builds it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from bot.api.lex_v2 import session_state_out
from bot.api.wire import slot_text
from bot.errors import NotFound
from bot.fleet import AliasRoute
from bot.runtime import BotRuntime
from bot.turn import SessionKey, TurnRequest, TurnResponse
from bot.workspace import open_workspace


def render(console: Console, response: TurnResponse) -> None:
    for message in response.messages:
        if message.card is not None:
            card = message.card
            buttons = "  ".join(f"[bold][{b.text}][/bold]" for b in card.buttons)
            body = "\n".join(x for x in (card.subtitle, card.image_url, buttons) if x)
            console.print(Panel(body, title=card.title, expand=False))
        else:
            console.print(f"[green]bot>[/green] {message.content}")
    state = response.session_state
    table = Table.grid(padding=(0, 2))
    action = state.dialog_action
    if state.intent is not None:
        slots = ", ".join(f"{k}={slot_text(v)!r}" for k, v in state.intent.slots.items() if v)
        table.add_row("intent", f"{state.intent.name} ({state.intent.state})", slots or "—")
    if action is not None:
        table.add_row("action", action.type, action.slot_to_elicit or "")
    console.print(table, style="dim")


def alias_route(root: Path, alias: str) -> AliasRoute:
    """What alias `alias` (its id or name) of the bot at `root` serves, sessions in memory.
    Raises `NotFound` for an alias the bot does not have."""
    return open_workspace([root], store_url="memory://").fleet.bots[0].route(alias)


def run_shell(
    runtime: BotRuntime,
    console: Console,
    ask: Callable[[], str] | None = None,
    on_turn: Callable[[TurnRequest, TurnResponse], None] | None = None,
    *,
    alias_id: str = "TSTALIASID",
) -> None:
    """Chat until /quit; `on_turn` sees every turn (`bot test --record` keeps them).
    `alias_id` goes in the session key, as the runtime API puts the alias a turn came by."""
    ident = runtime.identity
    ask = ask or (lambda: console.input("[bold cyan]you>[/bold cyan] "))

    def new_key() -> SessionKey:
        return SessionKey(
            ident.bot_id, alias_id, ident.locales[0], f"shell-{uuid.uuid4().hex[:12]}"
        )

    key = new_key()
    console.print(f"[bold]{ident.name}[/bold] — type a message; /reset, /state, /quit")
    while True:
        try:
            line = ask().strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not line:
            continue
        if line in ("/quit", "/exit"):
            break
        if line == "/reset":
            key = new_key()
            console.print("[dim]new conversation[/dim]")
            continue
        if line == "/state":
            try:
                state = runtime.get_session(key).session_state
                console.print_json(json.dumps(session_state_out(state)))
            except NotFound:
                console.print("[dim]no conversation yet[/dim]")
            continue
        request = TurnRequest(key, line[:1024])
        response = runtime.recognize(request)
        render(console, response)
        if on_turn is not None:
            on_turn(request, response)
