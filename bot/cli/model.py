"""Commands on the bot files and their model: train, check, parse, evaluate."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.markup import escape
from rich.table import Table

from bot.cli.common import ProjectOption, app, err, fail, out, spinner
from bot.errors import BotError


@app.command()
def train(project: ProjectOption = Path("."), force: bool = typer.Option(False, "--force")) -> None:
    """Train the NLU model of a bot (skipped when the bot files did not change)."""
    from bot.training import model_dir, train_project

    try:
        with spinner() as bar:
            task = bar.add_task("checking bot files", total=None)
            _, trained = train_project(
                project, force=force, progress=lambda msg: bar.update(task, description=msg)
            )
    except BotError as exc:
        raise fail(exc) from None
    verb = "trained" if trained else "up to date, not retrained"
    out.print(f"model {verb}: {model_dir(project)}")


@app.command()
def check(
    project: ProjectOption = Path("."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
) -> None:
    """Validate the bot files and list every problem, then warn about what will be hard to
    understand (few examples, confusable intents, unseen slots, unreachable intents)."""
    from bot.project.loader import load_project
    from bot.project.understanding import understanding_warnings

    try:
        loaded = load_project(project)
    except BotError as exc:
        raise fail(exc) from None
    warnings = [*loaded.warnings, *understanding_warnings(loaded)]
    for warning in warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(str(warning))}", highlight=False)
    for locale in loaded.locales().values():
        out.print(
            f"{loaded.config.name} {locale.locale}: {len(locale.intents)} intents, "
            f"{len(locale.slot_types)} slot types, "
            f"{len(locale.domain().examples)} training examples"
        )
    if strict and warnings:
        err.print(f"{len(warnings)} warning(s) and --strict: failing", highlight=False)
        raise typer.Exit(code=1)


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
    locale: str | None = typer.Option(
        None, "--locale", help="The bot locale to parse with (default: the first)."
    ),
) -> None:
    """Understand one utterance: intent, interpretations and slots (Lex V2 shapes)."""
    from bot.nlu.engine import ElicitedSlot
    from bot.nlu.types import ParseContext
    from bot.training import load_models, load_understanding

    try:
        if locale is None:
            loaded, engine = load_understanding(project)
        else:
            models = load_models(project)
            if locale not in models:
                raise BotError(f"no locale {locale}: the bot has {', '.join(models)}")
            loaded, engine = models[locale]
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
            threshold=loaded.threshold,
        )
    except (BotError, ValueError, ZoneInfoNotFoundError) as exc:
        raise fail(exc) from None
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
def evaluate(
    train_file: Annotated[Path, typer.Option("--train", help="JSON-lines training set.")],
    test_file: Annotated[
        Path | None, typer.Option("--test", help="JSON-lines test set (or give --folds).")
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the report JSON here.")
    ] = None,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="One JSON line per test example.")
    ] = None,
    threshold: float = typer.Option(0.40, "--threshold", help="NLU confidence threshold."),
    locale: str = typer.Option(
        "en_US", "--locale", help="The data's language, as a locale id (ja_JP, de_DE …)."
    ),
    folds: int | None = typer.Option(
        None, "--folds", help="Cross-validate on the training set with K folds instead."
    ),
    pipeline: str = typer.Option(
        "default", "--pipeline", help="NLU pipeline: default, or encoder (lexbot[encoder])."
    ),
) -> None:
    """Train a throwaway model on a dataset and measure it on a test set (or by K folds)."""
    from bot.nlu.dataset import read_jsonl
    from bot.nlu.evaluation import evaluate as run
    from bot.nlu.evaluation import evaluate_folds

    try:
        if (test_file is None) == (folds is None):
            raise ValueError("give either --test FILE or --folds K")
        train_set = read_jsonl(train_file)
        with spinner() as bar:
            task = bar.add_task("reading", total=None)
            say = lambda msg: bar.update(task, description=msg)
            if folds is not None:
                report = evaluate_folds(
                    train_set, folds, threshold, say, locale=locale, pipeline=pipeline
                )
            else:
                assert test_file is not None
                test_set = read_jsonl(test_file)
                report = run(train_set, test_set, threshold, say, locale=locale, pipeline=pipeline)
    except (BotError, OSError, ValueError) as exc:
        raise fail(exc) from None
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
