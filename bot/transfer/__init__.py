"""Bringing bots in from Lex V2, Lex V1, CloudFormation and Rasa, and sending them back out.

`import_bot(source)` recognises the source's format and returns the bot files and a report of
what could not be carried over; `export_bot(project, format, out)` writes a project in a format
the Lex console or `rasa train` accepts. One module per format does the translation; nothing here
talks to AWS.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Literal

import yaml

from bot.transfer.bot_files import BotFiles, TransferError, read_bot_files
from bot.transfer.report import ImportReport

SourceFormat = Literal["lex-v2", "lex-v1", "cloudformation", "rasa"]
ExportFormat = Literal["lex-v2", "lex-v1", "rasa"]

__all__ = ["BotFiles", "ImportReport", "TransferError", "detect_format", "export_bot", "import_bot"]


def import_bot(source: Path, *, code_hook: str | None = None) -> tuple[BotFiles, ImportReport]:
    """The bot files of an export, and what could not be carried over. `code_hook` becomes the
    bot's `codeHook.uri` (an export does not say where its Lambda runs)."""
    source = Path(source)
    if not source.exists():
        raise TransferError(f"{source} does not exist")
    kind = detect_format(source)
    report = ImportReport(str(source), kind)
    if kind == "lex-v2":
        from bot.transfer import lex_v2

        files = lex_v2.import_v2(source, report)
    elif kind == "lex-v1":
        from bot.transfer import lex_v1

        files = lex_v1.import_v1(source, report)
    elif kind == "cloudformation":
        from bot.transfer import cloudformation

        files = cloudformation.import_template(source, report)
    else:
        from bot.transfer import rasa

        files = rasa.import_rasa(source, report)
    if code_hook:
        report.deployment = [n for n in report.deployment if not n.code_hook]
        hook = dict(files.config.get("codeHook") or {})
        hook["uri"] = code_hook
        hook.setdefault("messageVersion", "V1" if kind == "lex-v1" else "V2")
        files.config["codeHook"] = hook
    report.bot = str(files.config.get("name", ""))
    report.locales = [loc.locale for loc in files.locales]
    report.intents = {loc.locale: list(loc.intents) for loc in files.locales}
    report.slot_types = {loc.locale: list(loc.slot_types) for loc in files.locales}
    aliases = files.config.get("aliases")
    if isinstance(aliases, dict):
        report.aliases = {k: str((v or {}).get("botVersion", "DRAFT")) for k, v in aliases.items()}
    return files, report


def export_bot(project: Path, kind: ExportFormat, out: Path) -> None:
    """Write the bot in `project` as a Lex V2 zip, a Lex V1 JSON file or a Rasa project."""
    files = read_bot_files(Path(project))
    if kind == "lex-v2":
        from bot.transfer import lex_v2

        lex_v2.export_v2(files, Path(out))
    elif kind == "lex-v1":
        from bot.transfer import lex_v1

        lex_v1.export_v1(files, Path(out))
    elif kind == "rasa":
        from bot.transfer import rasa

        rasa.export_rasa(files, Path(out))
    else:
        raise TransferError(f"unknown export format {kind!r}: lex-v2, lex-v1 or rasa")


def detect_format(source: Path) -> SourceFormat:
    if source.is_dir():
        if _find_manifest(source) is not None:
            return "lex-v2"
        if any((source / n).exists() for n in ("domain.yml", "domain.yaml", "nlu.yml", "data")):
            return "rasa"
        raise TransferError(
            f"{source}: no Manifest.json (Lex V2 export) and no domain.yml/data/ (Rasa project)"
        )
    suffix = source.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(source) as archive:
                names = [n for n in archive.namelist() if not n.startswith("__MACOSX/")]
        except zipfile.BadZipFile:
            raise TransferError(f"{source} is not a readable zip file") from None
        if any(n.rsplit("/", 1)[-1].lower() == "manifest.json" for n in names):
            return "lex-v2"
        if any(n.lower().endswith(".json") for n in names):
            return "lex-v1"
        raise TransferError(f"{source}: a zip with neither Manifest.json nor a Lex V1 export")
    data = _read_structured(source)
    if isinstance(data, dict) and isinstance(data.get("resource"), dict):
        return "lex-v1"
    if isinstance(data, dict) and isinstance(data.get("Resources"), dict):
        return "cloudformation"
    raise TransferError(
        f"{source}: not a Lex V1 export (metadata/resource) or a CloudFormation template (Resources)"
    )


def _find_manifest(folder: Path) -> Path | None:
    for name in ("Manifest.json", "manifest.json"):
        if (folder / name).is_file():
            return folder / name
    return None


def _read_structured(path: Path) -> object:
    text = path.read_text(encoding="utf-8-sig")
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        # CloudFormation short forms (!Ref, !Sub...) are read as plain values for detection.
        return yaml.load(text, Loader=_TagTolerantLoader)
    except yaml.YAMLError as exc:
        raise TransferError(f"{path}: neither JSON nor YAML ({exc})") from None


class _TagTolerantLoader(yaml.SafeLoader):
    pass


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    return {suffix: loader.construct_mapping(node, deep=True)}  # type: ignore[arg-type]


_TagTolerantLoader.add_multi_constructor("!", _any_tag)
