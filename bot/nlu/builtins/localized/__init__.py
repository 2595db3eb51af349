"""Built-in slot types that read another language than English: Date, Time, Number, Duration,
Confirmation and FirstName in German, French, Spanish, Italian, Japanese and Korean.

`localized_type(name, code)` gives the shared instance for a canonical type name and a language
code, or None where the English type serves every language (e-mail addresses, phone numbers,
alphanumerics …). Modules are imported on first use, as for the English types.
"""

from __future__ import annotations

import importlib
from threading import Lock

from bot.nlu.builtins.base import BuiltinType

LANGUAGE_CODES = frozenset({"de", "fr", "es", "it", "ja", "ko"})
_IMPLEMENTATIONS = {
    "AMAZON.Date": "dates:LocalDateType",
    "AMAZON.Time": "measures:LocalTimeType",
    "AMAZON.Number": "measures:LocalNumberType",
    "AMAZON.Duration": "measures:LocalDurationType",
    "AMAZON.Confirmation": "answers:LocalConfirmationType",
    "AMAZON.FirstName": "answers:LocalFirstNameType",
}
LOCALIZED_TYPES = frozenset(_IMPLEMENTATIONS)

_instances: dict[tuple[str, str], BuiltinType] = {}
_lock = Lock()


def localized_type(canonical: str, code: str) -> BuiltinType | None:
    if canonical not in _IMPLEMENTATIONS or code not in LANGUAGE_CODES:
        return None
    key = (canonical, code)
    instance = _instances.get(key)
    if instance is None:
        with _lock:
            instance = _instances.get(key)
            if instance is None:
                module_name, class_name = _IMPLEMENTATIONS[canonical].split(":")
                module = importlib.import_module(f"{__name__}.{module_name}")
                instance = getattr(module, class_name)(code)
                _instances[key] = instance
    return instance
