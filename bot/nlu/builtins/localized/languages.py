"""The words of each language the localised built-in slot types read, by language code."""

from __future__ import annotations

from bot.nlu.builtins.localized.cjk_words import JAPANESE, KOREAN
from bot.nlu.builtins.localized.european_words import FRENCH, GERMAN, ITALIAN, SPANISH
from bot.nlu.builtins.localized.words import LanguageWords

LANGUAGES: dict[str, LanguageWords] = {
    "de": GERMAN, "fr": FRENCH, "es": SPANISH, "it": ITALIAN, "ja": JAPANESE, "ko": KOREAN,
}  # fmt: skip
