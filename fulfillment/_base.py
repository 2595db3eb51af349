"""The base of the event wrappers: a read-only view over a dict, and what every Lex event has.

Kept apart from `events` only to keep each module short; import the public names from
`fulfillment.events`. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, overload


class DictWrapper:
    """A read-only view over one JSON object of an event."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | None) -> None:
        self._data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}

    @property
    def raw(self) -> Mapping[str, Any]:
        """The underlying dict, exactly as received."""
        return self._data

    def get(self, key: str, default: Any = None) -> Any:
        """A raw field; `default` when it is missing or `null`."""
        value = self._data.get(key)
        return default if value is None else value

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._data == self._data  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # wraps a mutable dict

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"

    def _str(self, key: str) -> str | None:
        value = self._data.get(key)
        return value if isinstance(value, str) else None

    def _map(self, key: str) -> dict[str, Any]:
        value = self._data.get(key)
        return dict(value) if isinstance(value, Mapping) else {}

    def _list(self, key: str) -> list[Any]:
        value = self._data.get(key)
        return list(value) if isinstance(value, list) else []

    def _number(self, key: str) -> float | None:
        value = self._data.get(key)
        if isinstance(value, Mapping):  # the runtime API's {"score": x}, seen in hand-made events
            value = value.get("score")
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)


class TextField:
    """A string field read on access (`name = TextField("name")`); None if missing or not a str."""

    def __init__(self, key: str, doc: str | None = None) -> None:
        self.key = key
        self.__doc__ = doc or f"`{key}`"

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> TextField: ...
    @overload
    def __get__(self, obj: DictWrapper, owner: type | None = None) -> str | None: ...
    def __get__(self, obj: DictWrapper | None, owner: type | None = None) -> str | None | TextField:
        return self if obj is None else obj._str(self.key)


class EventBase(DictWrapper):
    """What V2 and V1 events share, so one handler can serve both."""

    __slots__ = ("context",)

    def __init__(self, data: Mapping[str, Any] | None, context: Any = None) -> None:
        super().__init__(data)
        self.context = context  # the Lambda context object, when there is one

    message_version = TextField("messageVersion")
    invocation_source = TextField("invocationSource", "`DialogCodeHook` or `FulfillmentCodeHook`.")

    @property
    def is_dialog_hook(self) -> bool:
        return self.invocation_source == "DialogCodeHook"

    @property
    def is_fulfillment_hook(self) -> bool:
        return self.invocation_source == "FulfillmentCodeHook"

    input_transcript = TextField("inputTranscript")

    @property
    def request_attributes(self) -> dict[str, str]:
        return self._map("requestAttributes")
