"""The `bot` command: parses arguments and calls library functions, nothing more."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.errors import BotError

if TYPE_CHECKING:
    from bot.security import SecuritySettings

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
        raise _fail(exc) from None
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


@app.command("import")
def import_(
    source: Annotated[
        Path,
        typer.Argument(
            help="Lex V2 export (.zip or folder), Lex V1 export "
            "(.json or .zip), CloudFormation template, Rasa project."
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the new bot files.")],
    code_hook: str | None = typer.Option(
        None, "--code-hook", help="codeHook.uri of the new bot (python:…, lambda:…, https://…)."
    ),
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Write the report as JSON.")
    ] = None,
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when anything is unsupported."),
    replace: bool = typer.Option(False, "--replace", help="Replace bot files already in --out."),
) -> None:
    """Turn a Lex or Rasa bot into bot files (and say what could not be carried over)."""
    from bot.project.loader import load_project
    from bot.transfer import import_bot

    try:
        files, report = import_bot(source, code_hook=code_hook)
        files.write(out_dir, replace=replace)
    except (BotError, OSError, ValueError) as exc:
        raise _fail(exc) from None
    if report_file:
        report_file.write_text(json.dumps(report.to_json(), indent=2) + "\n")
    table = Table("locale", "intents", "slot types", title=f"{report.bot} ({report.format})")
    for locale in report.locales:
        table.add_row(locale, str(len(report.intents[locale])), str(len(report.slot_types[locale])))
    out.print(table)
    for note in report.unsupported:
        err.print(f"[red]unsupported:[/red] {escape(note.path)}: {escape(note.reason)}")
    for note in report.deployment:
        err.print(f"[yellow]to give:[/yellow] {escape(note.path)}: {escape(note.reason)}")
    out.print(
        f"{len(report.unsupported)} unsupported, {len(report.deployment)} left to deployment, "
        f"{len(report.ignored)} ignored (not part of a text conversation) — bot files in {out_dir}"
    )
    try:
        load_project(out_dir)
    except BotError as exc:
        raise _fail(exc) from None
    if strict and report.unsupported:
        raise typer.Exit(code=1)


@app.command("export")
def export(
    kind: Annotated[
        str, typer.Argument(help="lex-v2 (a .zip), lex-v1 (a .json) or rasa (a folder).")
    ],
    target: Annotated[Path, typer.Argument(help="Where to write the export.")],
    project: ProjectOption = Path("."),
) -> None:
    """Write the bot as a Lex V2 or Lex V1 export, or as a Rasa project."""
    from bot.transfer import export_bot

    if kind not in ("lex-v2", "lex-v1", "rasa"):
        raise _fail(ValueError(f"unknown format {kind!r}: lex-v2, lex-v1 or rasa"))
    try:
        export_bot(project, kind, target)  # type: ignore[arg-type]
    except (BotError, OSError, ValueError) as exc:
        raise _fail(exc) from None
    out.print(f"{kind} export written to {target}")


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
        None,
        "--sessions",
        envvar="BOT_SESSIONS",
        help="Session store URL: memory://, sqlite:///PATH or redis://HOST:PORT/DB (or "
        "BOT_SESSIONS; default sqlite:///<project>/sessions.sqlite).",
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        help="Worker processes under one supervisor (more than one needs a shared store).",
    ),
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", help="Serve every bot folder directly under this folder."),
    ] = None,
    reload: bool = typer.Option(
        False, "--reload", help="Retrain and swap a bot's DRAFT when its files change."
    ),
) -> None:
    """Serve the Lex V2/V1 runtime APIs (trains first if the model is missing or stale).

    Off loopback it needs BOT_API_AUTH and BOT_ALLOWED_HOSTS (see the README's Security)."""
    import uvicorn

    from bot.observability.logs import bind_process, configure_logging
    from bot.security import SecuritySettings
    from bot.server import create_app
    from bot.settings import ObservabilitySettings, OperationsSettings, ServerLimits
    from bot.workspace import find_projects, open_workspace
    from channels import mount

    try:
        security = SecuritySettings.from_environment().bound_to(host)
        limits = ServerLimits.from_environment()
        OperationsSettings.from_environment()  # checked now; the app reads it as it starts
        observability = ObservabilitySettings.from_environment()
    except BotError as exc:  # its messages never hold a secret
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(code=1) from None
    configure_logging(observability)
    if workers > 1:
        if reload:
            raise _fail(ValueError("--reload serves one process: leave out --workers"))
        _serve_workers(project, sessions, host, port, workers, security, workspace)
        return
    try:
        roots = find_projects(workspace) if workspace is not None else [project]
        with _progress() as bar:
            task = bar.add_task("loading bots", total=None)
            bots = open_workspace(
                roots,
                store_url=sessions,
                reload=reload,
                default_root=workspace,
                progress=lambda msg: bar.update(task, description=msg),
            )
    except (BotError, ValueError) as exc:
        raise _fail(exc) from None
    bots.watch()  # aliases moved by `bot alias set` (and, with --reload, edited bot files)
    app = create_app(bots.fleet, security, limits=limits)
    live = mount(app, bots.fleet)
    for bot in bots.fleet.describe():
        aliases = ", ".join(f"{a['botAliasName']}→{a['botVersion']}" for a in bot["aliases"])
        err.print(
            f"[bold]{bot['name']}[/bold] botId [bold]{bot['botId']}[/bold], aliases "
            f"{escape(aliases)}, locales {', '.join(bot['locales'])}"
        )
    err.print(f"http://{host}:{port}/docs")
    ident = bots.fleet.first.identity
    err.print(
        f"channels live: {', '.join(live)} (Slack and Facebook start when their secrets are set)"
    )
    _say_security(security, host)
    bind_process(bot=ident.name)
    options = observability.uvicorn_options() | limits.uvicorn_options()
    uvicorn.run(app, host=host, port=port, **options)


def _serve_workers(
    project: Path,
    sessions: str | None,
    host: str,
    port: int,
    workers: int,
    security: SecuritySettings,
    workspace: Path | None = None,
) -> None:
    """`bot serve --workers N` (N > 1): train here once, then uvicorn's supervisor runs the
    workers (it replaces one that dies, stops them all when one cannot start; SIGTERM lets each
    finish its requests)."""
    from bot.workers import prepare_workers, run_workers

    try:
        with _progress() as bar:
            task = bar.add_task("training bot", total=None)
            metrics_dir = prepare_workers(
                project,
                sessions,
                host,
                workers,
                lambda msg: bar.update(task, description=msg),
                workspace=workspace,
            )
    except (BotError, ValueError) as exc:
        raise _fail(exc) from None
    err.print(f"{workers} workers — http://{host}:{port}/docs")
    _say_security(security, host)
    if not run_workers(workers, host, port, metrics_dir):
        err.print("[red]error:[/red] a worker could not start (see above); bot serve stopped")
        raise typer.Exit(code=1)


def _say_security(security: SecuritySettings, host: str) -> None:
    err.print(escape(security.describe()), highlight=False)
    for warning in security.warnings(host):
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)


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
        with _progress() as bar:
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
        with _progress() as bar:
            task = bar.add_task("loading bot", total=None)
            results = run_conversations(
                project, conversations, lambda msg: bar.update(task, description=msg)
            )
    except (BotError, OSError, ValueError) as exc:
        raise _fail(exc) from None
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
        raise _fail(exc) from None
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
        raise _fail(exc) from None
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


sessions_app = typer.Typer(no_args_is_help=True, help="Set up session stores.")
app.add_typer(sessions_app, name="sessions")


@sessions_app.command("create-table")
def create_table(
    sessions: Annotated[
        str | None,
        typer.Option(
            "--sessions",
            envvar="BOT_SESSIONS",
            help="dynamodb://TABLE[?region=…] (or BOT_SESSIONS).",
        ),
    ] = None,
) -> None:
    """Create the DynamoDB table of a dynamodb:// store (on demand, TTL on expires_at).

    A table that exists already is left as it is."""
    from bot.sessions import DYNAMODB_PREFIX
    from bot.sessions.dynamodb_table import create_table as ensure_table

    if not sessions or not sessions.startswith(DYNAMODB_PREFIX):
        # Never echo the URL: another store's may hold a password.
        problem = "no session store named" if not sessions else "not a dynamodb:// store"
        err.print(
            f"[red]error:[/red] {problem}: give --sessions dynamodb://TABLE (or BOT_SESSIONS); "
            "the other stores need no table",
            highlight=False,
        )
        raise typer.Exit(code=1)
    try:
        setup = ensure_table(sessions)
    except (BotError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(code=1) from None
    out.print(escape(setup.describe()), highlight=False)


version_app = typer.Typer(no_args_is_help=True, help="Numbered, frozen versions of the bot.")
app.add_typer(version_app, name="version")
alias_app = typer.Typer(no_args_is_help=True, help="Point the bot's aliases at versions.")
app.add_typer(alias_app, name="alias")


@version_app.command("create")
def version_create(
    project: ProjectOption = Path("."),
    description: str = typer.Option("", "--description", help="What this version changes."),
) -> None:
    """Freeze the bot files and their trained model (DRAFT) as the next numbered version."""
    from bot.versions import create_version

    try:
        with _progress() as bar:
            task = bar.add_task("checking bot files", total=None)
            made = create_version(
                project, description, progress=lambda msg: bar.update(task, description=msg)
            )
    except BotError as exc:
        raise _fail(exc) from None
    out.print(made.version)


@version_app.command("list")
def version_list(project: ProjectOption = Path(".")) -> None:
    """The bot's numbered versions and the aliases on each."""
    from bot.project.aliases import alias_settings
    from bot.versions import list_versions

    try:
        aliases = alias_settings(project)
    except (OSError, ValueError) as exc:
        raise _fail(exc) from None
    table = Table("version", "created", "aliases", "description")
    for version in [None, *list_versions(project)]:
        name = "DRAFT" if version is None else version.version
        on = ", ".join(a for a, s in aliases.items() if s.botVersion == name)
        created = "" if version is None else datetime.fromtimestamp(version.created_at, UTC)
        table.add_row(name, str(created)[:19], on, "" if version is None else version.description)
    out.print(table)


@alias_app.command("set")
def alias_set(
    name: str = typer.Argument(..., help="The alias (created when it is new)."),
    version: str = typer.Argument(..., help="A version number, or DRAFT."),
    project: ProjectOption = Path("."),
) -> None:
    """Point an alias at a version; a running server takes it up within seconds."""
    from bot.project.aliases import set_alias_version
    from bot.training import load_models
    from bot.versions import version_root

    try:
        if version != "DRAFT":
            load_models(version_root(project, version))  # refused here, not in the server
        set_alias_version(project, name, version)
    except (BotError, ValueError) as exc:
        raise _fail(exc) from None
    out.print(f"alias {name} → version {version}")


package_app = typer.Typer(no_args_is_help=True, help="Package the bot for a platform.")
app.add_typer(package_app, name="package")


@package_app.command("lambda")
def package_lambda(
    project: ProjectOption = Path("."),
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for function.zip and template.yaml.")
    ] = Path("build/lambda"),
) -> None:
    """Build the AWS Lambda function (handler bot_lambda.handler) and its SAM template.

    The zip carries the trained model and the wheels installed here: run it with the Python
    (3.11+) and on the architecture the function will use."""
    from bot.aws_lambda.package import build_package

    try:
        with _progress() as bar:
            task = bar.add_task("packaging", total=None)
            built = build_package(
                project, out_dir, progress=lambda msg: bar.update(task, description=msg)
            )
    except (BotError, ValueError) as exc:
        raise _fail(exc) from None
    out.print(escape(built.describe()), highlight=False)


if __name__ == "__main__":
    app()


rasa_app = typer.Typer(no_args_is_help=True, help="Use a Rasa server as the bot's NLU.")
app.add_typer(rasa_app, name="rasa")
RasaOption = Annotated[
    str | None,
    typer.Option("--rasa", help="The Rasa 3.6 executable (default: `rasa` on PATH)."),
]


@rasa_app.command("train")
def rasa_train(
    project: ProjectOption = Path("."),
    rasa: RasaOption = None,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="DIETClassifier epochs.")] = 100,
    force: bool = typer.Option(False, "--force"),
) -> None:
    """Write the bot's Rasa project in models/rasa/ and train its NLU model there (skipped
    when the bot files and pipeline did not change)."""
    from bot.rasa.project import train as train_rasa

    try:
        train_rasa(project, rasa, epochs=epochs, force=force, say=err.print)
    except BotError as exc:
        raise _fail(exc) from None


@rasa_app.command("serve")
def rasa_serve(
    project: ProjectOption = Path("."),
    rasa: RasaOption = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 5005,
) -> None:
    """Serve the trained Rasa model's /model/parse on 127.0.0.1 until stopped."""
    from bot.rasa.project import serve as serve_rasa

    try:
        serve_rasa(project, rasa, port=port)
    except (BotError, OSError) as exc:
        raise _fail(exc) from None
