"""Commands on conversations: `bot test` (and recording one), `bot missed`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from bot.cli.common import ProjectOption, app, fail, out, spinner
from bot.errors import BotError


@app.command("test")
def test_conversations(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Conversation files or folders (default: tests/conversations/)."),
    ] = None,
    project: ProjectOption = Path("."),
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Also write the results as JUnit XML.")
    ] = None,
    record: Annotated[
        Path | None,
        typer.Option(
            "--record",
            help="Write a conversation file instead: of the console session --session, or "
            "of a terminal chat (as bot shell) when no session is given.",
        ),
    ] = None,
    session: str | None = typer.Option(
        None, "--session", help="With --record: the console's session id."
    ),
    url: str = typer.Option(
        "http://127.0.0.1:8000", "--url", help="With --session: the server the console uses."
    ),
    token: str | None = typer.Option(
        None, "--token", envvar="BOT_API_TOKEN", help="With --session: the API token, if any."
    ),
) -> None:
    """Run conversation tests in-process against the bot (exit 1 on any failure), or record one."""
    from bot.conversation_tests import read_conversations, run_conversations
    from bot.conversation_tests.report import junit_xml, print_report

    if record is not None:
        _record_conversation(project, record, session, url, token)
        return
    try:
        conversations, problems = read_conversations(project, list(files or []))
        if not conversations and not problems:
            raise ValueError("no conversation files found (tests/conversations/*.yaml)")
        with spinner() as bar:
            task = bar.add_task("loading bot", total=None)
            results = run_conversations(
                project, conversations, lambda msg: bar.update(task, description=msg)
            )
    except (BotError, OSError, ValueError) as exc:
        raise fail(exc) from None
    print_report(out, results, problems)
    if junit is not None:
        junit.write_text(junit_xml(results, problems))
    if problems or not all(r.passed for r in results):
        raise typer.Exit(code=1)


def _record_conversation(
    project: Path, target: Path, session: str | None, url: str, token: str | None
) -> None:
    from bot.conversation_tests.recording import fetch_console_recording, record_shell

    name = target.stem.replace("_", " ").replace("-", " ")
    try:
        if session is not None:
            text = fetch_console_recording(url, session, token, name)
        else:
            from bot.app import build_runtime

            text = record_shell(build_runtime(project, store_url="memory://"), out, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    except (BotError, OSError, ValueError) as exc:
        raise fail(exc) from None
    out.print(f"conversation written to {target}")


@app.command()
def missed(
    project: ProjectOption = Path("."),
    sessions: str | None = typer.Option(
        None,
        "--sessions",
        envvar="BOT_SESSIONS",
        help="Session store URL (or BOT_SESSIONS; default sqlite:///<project>/sessions.sqlite).",
    ),
    since: str = typer.Option("30d", "--since", help="7d, 12h, 30m, 2w or an ISO date."),
    export_file: Annotated[
        Path | None, typer.Option("--export", help="Write them as Rasa NLU YAML to this file.")
    ] = None,
    intent: str = typer.Option("oos", "--intent", help="The intent of the exported examples."),
) -> None:
    """List what users said that the bot missed, grouped by similarity (or --export it)."""
    import time

    from bot.app import default_store_url
    from bot.missed import parse_since, rasa_nlu_yaml
    from bot.missed.reading import project_missed

    try:
        now = time.time()
        groups = project_missed(
            project,
            sessions or default_store_url(project),
            since=parse_since(since, now),
            now=now,
        )
        if export_file is not None:
            export_file.write_text(rasa_nlu_yaml(groups, intent))
    except (BotError, OSError, ValueError) as exc:
        raise fail(exc) from None
    total = sum(g.count for g in groups)
    if export_file is not None:
        out.print(f"{total} missed utterances in {len(groups)} groups written to {export_file}")
        return
    table = Table("count", "said", "also said", "intents it leaned to", "last seen")
    for group in groups:
        others = [t for t, _ in group.texts.most_common() if t != group.text]
        leaned = ", ".join(f"{n} {c:.2f}" for n, c in group.guesses()[:2]) or "—"
        seen = datetime.fromtimestamp(group.last_seen, UTC).strftime("%Y-%m-%d %H:%M")
        shown = "; ".join(others[:3]) + (f" (+{len(others) - 3})" if len(others) > 3 else "")
        table.add_row(str(group.count), escape(group.text), escape(shown), leaned, seen)
    out.print(table)
    out.print(f"{total} missed utterances in {len(groups)} groups since {escape(since)}")
