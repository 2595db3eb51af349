"""Lex V2 bot exports (the console's "LexJson" zip, or its unpacked folder) in and out.

Reading finds `Manifest.json` (any casing of the file name and of its `metaData` key), then
walks the bot folder: `Bot.json`, `BotLocales/<locale>/BotLocale.json`, `Intents/<Name>/
Intent.json` with `Slots/<Slot>/Slot.json`, `SlotTypes/<Name>/SlotType.json`. Every file is
either read or named in the report (the console's `ConversationFlow.json` layout and the
`CustomVocabulary` speech hints are ignored; anything else is unsupported). Zips are read in
memory, never extracted; `__MACOSX/` and dot-files are zip debris. Turning the definitions into
bot files is `lex_definitions`' job, writing an export `lex_v2_export`'s; this module only reads.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from bot.transfer.bot_files import BotFiles, TransferError
from bot.transfer.lex_definitions import (
    BotSource,
    IntentSource,
    LocaleSource,
    Source,
    build_bot_files,
)
from bot.transfer.lex_keys import Where
from bot.transfer.lex_v2_export import write_export
from bot.transfer.report import ImportReport

_LOCALE = r"BotLocales/(?P<locale>[^/]+)"
_INTENT = _LOCALE + r"/Intents/(?P<intent>[^/]+)"
_FILES: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern + "$", re.IGNORECASE))
    for kind, pattern in (
        ("bot", r"Bot\.json"),
        ("locale", _LOCALE + r"/BotLocale\.json"),
        ("intent", _INTENT + r"/Intent\.json"),
        ("slot", _INTENT + r"/Slots/(?P<slot>[^/]+)/Slot\.json"),
        ("flow", _INTENT + r"/ConversationFlow\.json"),
        ("slot_type", _LOCALE + r"/SlotTypes/(?P<type>[^/]+)/SlotType\.json"),
        ("vocabulary", _LOCALE + r"/CustomVocabulary/.+"),
    )
]
_RESOURCE_TYPES = ("bot", "botlocale")


def import_v2(source: Path, report: ImportReport) -> BotFiles:
    """The bot files of a Lex V2 export (a .zip or a folder holding Manifest.json)."""
    entries = dict(_entries(Path(source)))
    root, manifest = _manifest(entries, source)
    _check_manifest(manifest, root + "Manifest.json")
    inside = {n[len(root) :]: data for n, data in entries.items() if n.startswith(root)}
    for name in sorted(set(entries) - {root + n for n in inside}):
        report.unsupported_field(name, "outside the export's folder: not read")
    inside = {n: d for n, d in inside.items() if n.lower() != "manifest.json"}
    return build_bot_files(_bot_source(inside, report), report)


def export_v2(files: BotFiles, out: Path) -> None:
    """Write `files` as a zip the Lex V2 console imports."""
    write_export(files, Path(out))


# ---------------------------------------------------------------- reading the files


def _entries(source: Path) -> Iterator[tuple[str, bytes]]:
    """(POSIX path, bytes) of every export file, from a folder or a zip."""
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            name = path.relative_to(source).as_posix()
            if path.is_file() and not _debris(name):
                yield name, path.read_bytes()
        return
    try:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if not info.is_dir() and not _debris(info.filename):
                    yield info.filename, archive.read(info)
    except zipfile.BadZipFile:
        raise TransferError(f"{source} is not a readable zip file") from None


def _debris(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return parts[:1] == ("__MACOSX",) or any(p.startswith(".") for p in parts)


def _manifest(entries: dict[str, bytes], source: Path) -> tuple[str, Any]:
    """The folder prefix of the export ("" or "Folder/") and the parsed manifest."""
    found = sorted(
        (n for n in entries if PurePosixPath(n).name.lower() == "manifest.json"),
        key=lambda n: n.count("/"),
    )
    if not found:
        raise TransferError(f"{source}: no Manifest.json, so not a Lex V2 export")
    root = found[0][: -len("manifest.json")]
    return root, _json(entries[found[0]], found[0])


def _check_manifest(manifest: Any, name: str) -> None:
    meta = next(
        (
            v
            for k, v in (manifest.items() if isinstance(manifest, dict) else [])
            if k.lower() == "metadata"
        ),
        None,
    )
    if not isinstance(meta, dict):
        raise TransferError(f"{name}: no metaData block")
    values = {k.lower(): str(v).lower().replace("_", "") for k, v in meta.items()}
    if values.get("fileformat", "lexjson") != "lexjson":
        raise TransferError(f"{name}: file format {meta.get('fileFormat')!r}, expected LexJson")
    kind = values.get("resourcetype", "bot")
    if kind not in _RESOURCE_TYPES:
        raise TransferError(f"{name}: a {meta.get('resourceType')} export, not a bot")


def _json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise TransferError(f"{name}: not valid JSON ({exc})") from None


# ---------------------------------------------------------------- the bot folder


def _bot_source(entries: dict[str, bytes], report: ImportReport) -> BotSource:
    folders = sorted({n.split("/", 1)[0] for n in entries if "/" in n})
    with_bot = [f for f in folders if f"{f}/Bot.json".lower() in {n.lower() for n in entries}]
    with_locales = [f for f in folders if any(n.startswith(f + "/BotLocales/") for n in entries)]
    candidates = with_bot or with_locales
    if len(candidates) != 1:
        what = "several bot folders" if candidates else "no bot folder (<Bot>/Bot.json)"
        raise TransferError(f"{report.source}: {what} in the export")
    folder = candidates[0]
    bot = Source({}, Where("Bot.json"))
    locales: dict[str, LocaleSource] = {}
    intents: dict[tuple[str, str], IntentSource] = {}
    slots: list[tuple[str, str, Source]] = []
    for name in sorted(entries):
        rel = name[len(folder) + 1 :] if name.startswith(folder + "/") else ""
        kind, match = _classify(rel)
        if kind is None or match is None:
            report.unsupported_field(name, "not a file of the Lex V2 export format: not read")
            continue
        if kind in ("flow", "vocabulary"):
            why = "console visual-builder layout" if kind == "flow" else "speech recognition hints"
            report.ignore(rel, why)
            continue
        data = _json(entries[name], name)
        if not isinstance(data, dict):
            raise TransferError(f"{name}: expected a JSON object")
        source = Source(data, Where(rel))
        if kind == "bot":
            bot = source
            continue
        locale = _locale(locales, match["locale"])
        if kind == "locale":
            locale.locale = source
            if isinstance(data.get("identifier"), str) and data["identifier"]:
                locale.locale_id = data["identifier"]
        elif kind == "slot_type":
            locale.slot_types.append(source)
        elif kind == "intent":
            where = Where(rel.rsplit("/", 1)[0])
            intents[match["locale"], match["intent"]] = IntentSource(source, [], where)
        else:
            slots.append((match["locale"], match["intent"], source))
    for locale_id, intent_folder, slot in slots:
        owner = intents.get((locale_id, intent_folder))
        if owner is None:
            report.unsupported_field(str(slot.where), "a slot of an intent the export lacks")
        else:
            owner.slots.append(slot)
    for (locale_id, _), intent in sorted(intents.items()):
        locales[locale_id].intents.append(intent)
    return BotSource(bot, [locales[k] for k in sorted(locales)], default_name=folder)


def _classify(rel: str) -> tuple[str | None, re.Match[str] | None]:
    for kind, pattern in _FILES:
        match = pattern.match(rel)
        if match:
            return kind, match
    return None, None


def _locale(locales: dict[str, LocaleSource], folder: str) -> LocaleSource:
    if folder not in locales:
        source = Source({}, Where(f"BotLocales/{folder}/BotLocale.json"))
        locales[folder] = LocaleSource(folder, source, Where(f"BotLocales/{folder}"))
    return locales[folder]
