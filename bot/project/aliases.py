"""The blocks of bot.yaml that say which version answers where (`aliases:`, and `channels:`, the
alias the channels answer from) as text: left out of the bot files' fingerprint (moving an alias
is not a change of the bot, so it must never make the model stale); `aliases:` is rewritten in
place by `bot alias set`, every other line of the file kept as the author wrote it.

This module only reads and writes that block; it never loads a bot or a model.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigurationError
from bot.project.bot_config import ALWAYS_ALIASES, DRAFT, AliasSetting, BotConfig

BOT_FILE = "bot.yaml"
_TOP_KEY = re.compile(r"^[^\s#-]")
_ROUTING_KEYS = ("aliases", "channels")


def _split(lines: list[str], key: str = "aliases") -> tuple[int, int]:
    """Where the top-level `key:` block starts and ends (start == end when absent)."""
    head = re.compile(rf"^{key}\s*:")
    start = next((i for i, line in enumerate(lines) if head.match(line)), None)
    if start is None:
        return len(lines), len(lines)
    end = start + 1
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        end += 1
    # Comment and blank lines just before the next key belong to it, not to the aliases.
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return start, end


def without_routing(data: bytes) -> bytes:
    """bot.yaml's bytes without its `aliases:` and `channels:` blocks."""
    lines = data.decode("utf-8", errors="replace").splitlines(keepends=True)
    for key in _ROUTING_KEYS:
        start, end = _split(lines, key)
        lines = lines[:start] + lines[end:]
    return "".join(lines).encode()


def routing(root: Path) -> BotConfig:
    """bot.yaml as it says now (validated as `bot check` would), for its aliases and channels."""
    return BotConfig.model_validate(yaml.safe_load((Path(root) / BOT_FILE).read_text()))


def alias_settings(root: Path) -> dict[str, AliasSetting]:
    """The aliases as bot.yaml says now."""
    return routing(root).alias_settings


def set_alias_version(root: Path, name: str, version: str) -> None:
    """Point alias `name` at `version` in bot.yaml (the list form becomes the mapping form);
    the file is replaced whole, so a server reading it never sees half of it."""
    if name in ALWAYS_ALIASES and version != DRAFT:
        raise ConfigurationError(f"alias {name} always answers from DRAFT")
    path = Path(root) / BOT_FILE
    text = path.read_text()
    current = (yaml.safe_load(text) or {}).get("aliases") or []
    mapping: dict[str, Any] = (
        {a: {"botVersion": DRAFT} for a in current if a not in ALWAYS_ALIASES}
        if isinstance(current, list)
        else {k: dict(v or {}) for k, v in current.items()}
    )
    mapping.setdefault(name, {})["botVersion"] = int(version) if version.isdigit() else version
    block = yaml.safe_dump({"aliases": mapping}, sort_keys=False, allow_unicode=True)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start, end = _split(lines)
    new_text = "".join(lines[:start]) + block + "".join(lines[end:])
    BotConfig.model_validate(yaml.safe_load(new_text))  # never write a file the bot refuses
    tmp = path.with_name(f".{BOT_FILE}.{os.getpid()}.tmp")
    tmp.write_text(new_text)
    os.replace(tmp, path)
