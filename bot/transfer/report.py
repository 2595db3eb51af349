"""What an import brought in and what it could not: the report `bot import` prints and writes.

`unsupported` lists export fields whose behaviour would be lost (each with its path in the source
and why); `ignored` lists only settings that mean nothing for a text conversation (voice,
audio/DTMF input, barge-in, data-privacy and sentiment flags, console layout), each with its
reason; `deployment` lists values the source leaves to its deployment (a Lambda ARN computed by
the stack, a name from a stack parameter without a default), which the user gives at import
(`--code-hook`) or in `bot.yaml`. Nothing else may be dropped silently: an importer either
carries a field into the bot files or names it here. `aliases` says which version each imported
alias answers from, `no_code_hook` the locales where an alias calls no code hook although the
bot has one (the alias attaches no Lambda there), and `served_version` the frozen version a
source's aliases served, which `bot import` makes once the files are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Note:
    path: str  # where in the source: "BotLocales/en_US/Intents/BookCar/Intent.json:kendraConfiguration"
    reason: str
    code_hook: bool = False  # a deployment note that `--code-hook` answers

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass(slots=True)
class ServedVersion:
    """A frozen version the source's aliases served, the DRAFT as deployed (so exactly the
    imported files): frozen after writing them, unless the user said not to."""

    description: str
    aliases: list[str]
    version: str = ""  # its number once frozen

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version or None,
            "description": self.description,
            "aliases": list(self.aliases),
        }


@dataclass(slots=True)
class ImportReport:
    source: str
    format: str  # "lex-v2", "lex-v1", "cloudformation", "rasa"
    bot: str = ""
    locales: list[str] = field(default_factory=list)
    intents: dict[str, list[str]] = field(default_factory=dict)  # locale -> intent names
    slot_types: dict[str, list[str]] = field(default_factory=dict)  # locale -> slot type names
    unsupported: list[Note] = field(default_factory=list)
    ignored: list[Note] = field(default_factory=list)
    deployment: list[Note] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # alias name -> DRAFT or a version
    no_code_hook: dict[str, list[str]] = field(default_factory=dict)  # alias name -> locales
    served_version: ServedVersion | None = None

    def unsupported_field(self, path: str, reason: str) -> None:
        self.unsupported.append(Note(path, reason))

    def ignore(self, path: str, reason: str) -> None:
        self.ignored.append(Note(path, reason))

    def left_to_deployment(self, path: str, reason: str, *, code_hook: bool = False) -> None:
        """`code_hook`: the note is answered by giving `--code-hook`."""
        self.deployment.append(Note(path, reason, code_hook))

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "bot": self.bot,
            "locales": list(self.locales),
            "intents": {k: list(v) for k, v in self.intents.items()},
            "slot_types": {k: list(v) for k, v in self.slot_types.items()},
            "unsupported": [n.to_json() for n in self.unsupported],
            "ignored": [n.to_json() for n in self.ignored],
            "deployment": [n.to_json() for n in self.deployment],
            "aliases": dict(self.aliases),
            "no_code_hook": {k: list(v) for k, v in self.no_code_hook.items()},
            "served_version": self.served_version.to_json() if self.served_version else None,
        }
