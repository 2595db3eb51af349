"""Bot files in memory: what an importer produces and an exporter reads, written to and read
from a project folder in the layout `bot.project` loads.

`BotFiles.config` is the content of `bot.yaml`; each `LocaleFiles` holds a locale's intents and
custom slot types (name -> the mapping written to `<name>.yaml`, in bot-file keys) and extra Rasa
NLU files for `training_data/`. The first locale's files go to the project root, the others to
`locales/<localeId>/`. Writing never merges with what a folder holds: it refuses a folder that
already has bot files unless told to replace them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import BotError

BOT_FILE = "bot.yaml"
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TransferError(BotError):
    """An import or export that cannot be done (unreadable source, unknown format...)."""


@dataclass(slots=True)
class LocaleFiles:
    locale: str
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    slot_types: dict[str, dict[str, Any]] = field(default_factory=dict)
    training_data: dict[str, str] = field(default_factory=dict)  # file name -> YAML text


@dataclass(slots=True)
class BotFiles:
    config: dict[str, Any]
    locales: list[LocaleFiles] = field(default_factory=list)

    def write(self, out: Path, *, replace: bool = False) -> None:
        out = Path(out)
        if (out / BOT_FILE).exists() and not replace:
            raise TransferError(f"{out} already holds a bot ({BOT_FILE}); choose an empty folder")
        for sub in ("intents", "training_data", "locales"):
            if replace and (out / sub).exists():
                shutil.rmtree(out / sub)
        out.mkdir(parents=True, exist_ok=True)
        (out / BOT_FILE).write_text(dump_yaml(self.config), encoding="utf-8")
        for i, locale in enumerate(self.locales):
            folder = out if i == 0 else out / "locales" / locale.locale
            _write_locale(folder, locale)


def _write_locale(folder: Path, locale: LocaleFiles) -> None:
    intents = folder / "intents"
    types = folder / "training_data" / "slot_types"
    intents.mkdir(parents=True, exist_ok=True)
    for name, data in locale.intents.items():
        (intents / f"{name}.yaml").write_text(dump_yaml(data), encoding="utf-8")
    if locale.slot_types:
        types.mkdir(parents=True, exist_ok=True)
    for name, data in locale.slot_types.items():
        (types / f"{name}.yaml").write_text(dump_yaml(data), encoding="utf-8")
    for name, text in locale.training_data.items():
        (folder / "training_data").mkdir(parents=True, exist_ok=True)
        (folder / "training_data" / name).write_text(text, encoding="utf-8")


def read_bot_files(root: Path) -> BotFiles:
    """A project folder's files as they are written (after `bot check` passed on them)."""
    from bot.project.loader import load_project

    project = load_project(Path(root))
    config = _read_yaml(Path(root) / BOT_FILE)
    locales = []
    for locale in project.locales().values():
        folder = locale.files_root
        files = LocaleFiles(locale.locale)
        for path in sorted((folder / "intents").glob("*.y*ml")):
            files.intents[path.stem] = _read_yaml(path)
        for path in sorted((folder / "training_data" / "slot_types").glob("*.y*ml")):
            files.slot_types[path.stem] = _read_yaml(path)
        training = folder / "training_data"
        if training.is_dir():
            for path in sorted(training.glob("*.y*ml")):
                files.training_data[path.name] = path.read_text(encoding="utf-8")
        locales.append(files)
    return BotFiles(config, locales)


def _read_yaml(path: Path) -> dict[str, Any]:
    # The loader `bot.project` reads with: the pure-Python one refuses `{value: Why?}`.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return data if isinstance(data, dict) else {}


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: Any) -> str:
    """Stable, readable YAML: keys in the order given, unicode kept, long lines unwrapped."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
