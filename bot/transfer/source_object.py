"""Reading one object of an export while keeping account of every key in it.

An importer takes the keys it carries over, and names the ones it ignores or cannot carry; when it
is done with the object, `finish` reports each key nobody looked at as unsupported, so no field is
ever dropped silently. Paths name where a key is in the source
(`resource.intents[OrderFlowers].slots[FlowerType].priority`). This module only keeps the account:
it never decides what a field means.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.transfer.report import ImportReport

UNREAD = "not understood by the importer; not carried over"


def join(path: str, key: str | int) -> str:
    """`join("resource", "intents")` -> `resource.intents`, `join("domain.yml:", "slots")` ->
    `domain.yml:slots`; an int selects a list item."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not path or path.endswith(":"):  # "domain.yml:" starts the keys of a file
        return f"{path}{key}"
    return f"{path}.{key}"


def item_path(path: str, index: int, item: Any) -> str:
    """A list item's path: by its `name` when it has one, else by its index."""
    name = item.get("name") if isinstance(item, dict) else None
    return f"{path}[{name}]" if isinstance(name, str) and name else f"{path}[{index}]"


class SourceObject:
    """One JSON/YAML object of an export and the keys already accounted for."""

    def __init__(self, data: Any, path: str, report: ImportReport) -> None:
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.path = path
        self.report = report
        self._seen: set[str] = set()
        if not isinstance(data, dict) and data is not None:
            report.unsupported_field(path, f"expected an object, found {type(data).__name__}")

    def __contains__(self, key: str) -> bool:
        return self.data.get(key) is not None

    def at(self, key: str | int) -> str:
        return join(self.path, key)

    def take(self, key: str, default: Any = None) -> Any:
        """The value of `key` (None and absent mean `default`); the key is now accounted for."""
        self._seen.add(key)
        value = self.data.get(key)
        return default if value is None else value

    def child(self, key: str) -> SourceObject:
        return SourceObject(self.take(key), self.at(key), self.report)

    def children(self, key: str) -> Iterator[SourceObject]:
        """The objects of a list under `key`, each with its own path."""
        items = self.take(key, [])
        if not isinstance(items, list):
            self.report.unsupported_field(self.at(key), "expected a list")
            return
        for i, item in enumerate(items):
            yield SourceObject(item, item_path(self.at(key), i, item), self.report)

    def ignore(self, key: str, reason: str) -> None:
        if key in self.data:
            self._seen.add(key)
            self.report.ignore(self.at(key), reason)

    def unsupported(self, key: str, reason: str) -> None:
        if key in self.data:
            self._seen.add(key)
            self.report.unsupported_field(self.at(key), reason)

    def seen(self, *keys: str) -> None:
        """Mark keys as accounted for without reading them (read elsewhere, or defaults)."""
        self._seen.update(keys)

    def finish(self) -> None:
        for key in self.data:
            if key not in self._seen:
                self.report.unsupported_field(self.at(key), UNREAD)
                self._seen.add(key)
