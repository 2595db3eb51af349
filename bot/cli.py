"""The `bot` command: parses arguments and calls library functions, nothing more."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.errors import BotError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="A self-hosted Lex-style bot.")
out = Console()
err = Console(stderr=True)

ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="Bot project folder (bot.yaml, intents/, …).")
]


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
    return typer.Exit(code=1)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err
    )


@app.command()
def train(project: ProjectOption = Path("."), force: bool = typer.Option(False, "--force")) -> None:
    """Train the NLU model of a bot (skipped when the bot files did not change)."""
    from bot.training import model_dir, train_project

    try:
        with _progress() as bar:
            task = bar.add_task("checking bot files", total=None)
            _, trained = train_project(
                project, force=force, progress=lambda msg: bar.update(task, description=msg)
            )
    except BotError as exc:
        raise _fail(exc) from None
    verb = "trained" if trained else "up to date, not retrained"
    out.print(f"model {verb}: {model_dir(project)}")


@app.command()
def check(project: ProjectOption = Path(".")) -> None:
    """Validate the bot files and list every problem."""
    from bot.project.loader import load_project

    try:
        loaded = load_project(project)
    except BotError as exc:
        raise _fail(exc) from None
    out.print(
        f"{loaded.config.name}: {len(loaded.intents)} intents, "
        f"{len(loaded.slot_types)} slot types, {len(loaded.domain().examples)} training examples"
    )


@app.command()
def parse(
    text: str,
    project: ProjectOption = Path("."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    time_zone: str | None = typer.Option(None, "--time-zone", help="IANA zone of the user."),
    now: str | None = typer.Option(None, "--now", help="Reference time, ISO 8601."),
    elicit: str | None = typer.Option(
        None, "--elicit", help="Read the text as the answer to INTENT.SLOT."
    ),
) -> None:
    """Understand one utterance: intent, interpretations and slots (Lex V2 shapes)."""
    from bot.nlu.engine import ElicitedSlot
    from bot.nlu.types import ParseContext
    from bot.training import load_model

    try:
        loaded, engine = load_model(project)
        zone = time_zone or loaded.config.timeZone
        ZoneInfo(zone)
        moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(zone))
        elicited = None
        if elicit:
            intent, _, slot = elicit.rpartition(".")
            elicited = ElicitedSlot(intent, slot)
        result = engine.parse(
            text,
            ParseContext(now=moment, time_zone=zone),
            elicited=elicited,
            threshold=loaded.config.nluConfidenceThreshold,
        )
    except (BotError, ValueError, ZoneInfoNotFoundError) as exc:
        raise _fail(exc) from None
    payload: dict[str, Any] = {
        "text": text,
        "intent": result.top.to_lex()["intent"],
        "nluConfidence": result.top.confidence,
        "interpretations": [i.to_lex() for i in result.interpretations],
        "source": result.source,
    }
    if as_json:
        out.print_json(json.dumps(payload))
        return
    table = Table("intent", "confidence", "slots", title=f"“{text}” ({result.source})")
    for i in result.interpretations:
        slots = {k: v for k, v in i.to_lex()["intent"]["slots"].items() if v}
        shown = ", ".join(f"{k}={v['value']['interpretedValue']!r}" for k, v in slots.items())
        conf = "—" if i.confidence is None else f"{i.confidence:.3f}"
        table.add_row(i.intent, conf, shown)
    out.print(table)


@app.command()
def serve(
    project: ProjectOption = Path("."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Interface to bind (loopback by default)."
    ),
    port: int = typer.Option(8000, "--port"),
    sessions: str | None = typer.Option(
        None, "--sessions", help="Session store URL (default sqlite:///<project>/sessions.sqlite)."
    ),
) -> None:
    """Serve the Lex V2/V1 runtime APIs (trains first if the model is missing or stale)."""
    import uvicorn

    from bot.app import build_runtime
    from bot.server import create_app
    from channels import mount

    try:
        with _progress() as bar:
            task = bar.add_task("loading bot", total=None)
            runtime = build_runtime(
                project, store_url=sessions, progress=lambda msg: bar.update(task, description=msg)
            )
    except (BotError, ValueError) as exc:
        raise _fail(exc) from None
    ident = runtime.identity
    app = create_app(runtime)
    live = mount(app, runtime)
    err.print(
        f"[bold]{ident.name}[/bold] botId [bold]{ident.bot_id}[/bold], aliases "
        f"{', '.join(ident.aliases)}, locales {', '.join(ident.locales)} — "
        f"http://{host}:{port}/docs"
    )
    err.print(
        f"channels live: {', '.join(live)} (Slack and Facebook start when their secrets are set)"
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


@app.command()
def shell(project: ProjectOption = Path(".")) -> None:
    """Chat with the bot in the terminal (/reset, /state, /quit)."""
    from bot.app import build_runtime
    from bot.shell import run_shell

    try:
        runtime = build_runtime(project, store_url="memory://")
    except (BotError, ValueError) as exc:
        raise _fail(exc) from None
    run_shell(runtime, out)


@app.command()
def evaluate(
    train_file: Annotated[Path, typer.Option("--train", help="JSON-lines training set.")],
    test_file: Annotated[Path, typer.Option("--test", help="JSON-lines test set.")],
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the report JSON here.")
    ] = None,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="One JSON line per test example.")
    ] = None,
    threshold: float = typer.Option(0.40, "--threshold", help="NLU confidence threshold."),
) -> None:
    """Train a throwaway model on a dataset and measure it on a test set."""
    from bot.nlu.dataset import read_jsonl
    from bot.nlu.evaluation import evaluate as run

    try:
        train_set, test_set = read_jsonl(train_file), read_jsonl(test_file)
        with _progress() as bar:
            task = bar.add_task("reading", total=None)
            report = run(
                train_set, test_set, threshold, lambda msg: bar.update(task, description=msg)
            )
    except (BotError, OSError, ValueError) as exc:
        raise _fail(exc) from None
    table = Table("intent", "support", "precision", "recall", "f1", title="per intent")
    for name, row in report.per_intent.items():
        table.add_row(
            name, str(row["support"]), *(f"{row[k]:.3f}" for k in ("precision", "recall", "f1"))
        )
    err.print(table)
    if report.confusions:
        confused = Table("gold", "predicted", "count", title="most confused")
        for gold, pred, n in report.confusions:
            confused.add_row(gold, pred, str(n))
        err.print(confused)
    if predictions:
        predictions.write_text("".join(json.dumps(p) + "\n" for p in report.predictions))
    text = json.dumps(report.metrics, indent=2)
    if out_file:
        out_file.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    app()
