"""Yes/no answers (AMAZON.Confirmation's values, and the answer to a confirmation prompt) and first
names, in German, French, Spanish, Italian, Japanese and Korean.

An answer resolves when its known phrases agree and everything else is filler ("はい、お願いします",
"oui merci"), as in English. A name is what is left after the language's lead-ins and endings
("je m'appelle Camille", "マリアです", "마리아입니다").
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import PhraseIndex, single, words
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.builtins.confirmation import agreeing_answer
from bot.nlu.builtins.localized.languages import LANGUAGES
from bot.nlu.builtins.localized.text import normalise
from bot.nlu.languages.segmenters import enabled
from bot.nlu.types import ParseContext

YES, NO, MAYBE, DONT_KNOW = "Yes", "No", "Maybe", "Don't know"


class LocalConfirmationType:
    name = "AMAZON.Confirmation"

    def __init__(self, code: str) -> None:
        w = LANGUAGES[code]
        self.samples = w.samples.get(self.name, ())
        self._cjk = w.cjk
        self._index: PhraseIndex[str] = PhraseIndex()
        for value, phrases in (
            (YES, w.yes),
            (NO, w.no),
            (MAYBE, w.maybe),
            (DONT_KNOW, w.dont_know),
        ):
            for phrase in phrases:
                self._index.add(phrase, value)
        self._fillers = frozenset(k for f in w.answer_fillers for _, _, k in words(f))

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        return agreeing_answer(self._index, text, self._fillers)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        # Inside a sentence only an answer that is the whole text counts: yes/no words are too
        # common in other sentences ("no" in Spanish, "si" in French).
        res = self.resolve(text, ctx)
        return [Match(0, len(text), text, res)] if res is not None else []


class AnyConfirmation:
    """A yes/no answer where the locale is not known: English first, then every language."""

    name = "AMAZON.Confirmation"

    def __init__(self, english: object) -> None:
        self._english = english
        self.samples: tuple[str, ...] = getattr(english, "samples", ())

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        found = self._english.resolve(text, ctx)  # type: ignore[attr-defined]
        if found is not None:
            return found  # type: ignore[no-any-return]
        from bot.nlu.builtins.localized import localized_type

        on = enabled()
        for code, language in LANGUAGES.items():
            # Japanese and Korean only once a bot of theirs turned their segmenter on.
            if language.cjk and code not in on:
                continue
            other = localized_type(self.name, code)
            if other is not None and (found := other.resolve(text, ctx)) is not None:
                return found
        return None

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        return self._english.find(text, ctx)  # type: ignore[attr-defined,no-any-return]


_NAME_CHARS = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*(?:\s[^\W\d_]+(?:['\-][^\W\d_]+)*){0,2}")


class LocalFirstNameType:
    name = "AMAZON.FirstName"

    def __init__(self, code: str) -> None:
        w = LANGUAGES[code]
        self.samples = w.samples.get(self.name, ())
        self._cjk = w.cjk
        self._lead_ins = sorted(
            (normalise(x, w.cjk) for x in w.name_lead_ins), key=len, reverse=True
        )
        self._tails = sorted((normalise(x, w.cjk) for x in w.name_tails), key=len, reverse=True)
        self._not_names = {normalise(x, w.cjk) for x in (*w.yes, *w.no, *w.maybe, *w.dont_know)}

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        said = text.strip().strip(".!?,。、！？").strip()
        key = normalise(said, self._cjk)
        if not said or key in self._not_names:
            return None
        for lead in self._lead_ins:
            if key.startswith(lead) and len(key) > len(lead):
                said = said[len(said) - (len(key) - len(lead)) :].strip(" ,:、")
                key = normalise(said, self._cjk)
                break
        for tail in self._tails:
            if key.endswith(tail) and len(key) > len(tail):
                said = said[: len(said) - len(tail)].strip(" ,、")
                break
        if not _NAME_CHARS.fullmatch(said) or (self._cjk and len(said) > 12):
            return None
        if said.islower() and said.isascii():
            said = said.title()
        return single(said)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        return []  # names inside sentences are the slot tagger's
