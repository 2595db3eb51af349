"""Names that bot files accept, made from the names an export uses.

Intent, slot and slot-type names must match `^([0-9a-zA-Z][_-]?)+$` (at most 100 characters).
`NameTable` turns any name into one that does (characters outside the pattern become `_`, runs of
separators shrink to one), keeps the names of one kind unique, and tells the caller when it had to
change a name so the report can say so. It knows nothing of the formats names come from.
"""

from __future__ import annotations

import re

from bot.project.schema import LEX_NAME

MAX_NAME = 100
_VALID = re.compile(LEX_NAME)
_OUTSIDE = re.compile(r"[^0-9A-Za-z_-]+")
_SEPARATORS = re.compile(r"[_-]{2,}")


def lex_name(name: str, fallback: str = "Unnamed") -> str:
    """`name` made valid: `pickup.date` -> `pickup_date`, `faq/ask name` -> `faq_ask_name`."""
    if _VALID.match(name) and len(name) <= MAX_NAME:
        return name
    cleaned = _OUTSIDE.sub("_", name.strip())
    cleaned = _SEPARATORS.sub(lambda m: m.group(0)[0], cleaned).strip("_-")
    cleaned = cleaned[:MAX_NAME].rstrip("_-")
    return cleaned or fallback


class NameTable:
    """Source name -> bot-file name, unique within one kind (intents, slots of an intent...)."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self.names: dict[str, str] = {}
        self._taken: set[str] = {r.casefold() for r in reserved}

    def add(self, source: str, fallback: str = "Unnamed") -> str:
        """The bot-file name for `source` (the same one when asked again)."""
        if source in self.names:
            return self.names[source]
        base = lex_name(source, fallback)
        name = base
        n = 2
        while name.casefold() in self._taken:
            suffix = f"_{n}"
            name = base[: MAX_NAME - len(suffix)] + suffix
            n += 1
        self._taken.add(name.casefold())
        self.names[source] = name
        return name

    def get(self, source: str) -> str | None:
        return self.names.get(source)

    def renamed(self, source: str) -> bool:
        return self.names.get(source, source) != source
