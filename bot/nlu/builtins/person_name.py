"""AMAZON.FirstName and AMAZON.LastName: a person's name given as the answer to a prompt.

A name is 1-3 words of letters (with inner hyphens or apostrophes), after dropping lead-ins such
as "my name is" or "call me". All-lower-case input is title-cased ("maria" -> "Maria"); other
input keeps its case ("McDonald"). `find` returns nothing: names inside sentences are left to the
statistical slot tagger, which sees context a rule cannot.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._common import single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

_NAME_RE = re.compile(
    r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*(?:\s+[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*){0,2}"
)
_LEAD_INS = (
    "my name is", "my first name is", "my last name is", "my surname is", "my family name is",
    "my given name is", "the name is", "name is", "name's", "names", "i'm", "im", "i am", "it's",
    "its", "it is", "call me", "this is", "you can call me", "they call me", "first name",
    "last name", "surname", "it's spelled", "hi i'm", "hello i'm", "hi my name is",
    "hello my name is", "hi this is", "hello this is",
)  # fmt: skip
_LEAD_IN_RE = re.compile(
    r"^(?:"
    + "|".join(
        re.escape(p).replace("'", "['\u2019]?").replace(r"\ ", r"\s+")
        for p in sorted(_LEAD_INS, key=len, reverse=True)
    )
    + r")[\s,:]+",
    re.IGNORECASE,
)
# Answers that are clearly not names (an elicited slot must not swallow "no" or "help").
_NOT_NAMES = frozenset({
    "yes", "no", "yeah", "nope", "ok", "okay", "hi", "hello", "hey", "thanks", "thank you",
    "cancel", "stop", "help", "quit", "exit", "none", "nothing", "sure", "what", "why",
    "i don't know", "dunno", "skip", "never mind", "back", "start over", "repeat", "me",
    "nobody", "anonymous", "no thanks", "not telling",
})  # fmt: skip


class _PersonNameType:
    name = ""
    samples: tuple[str, ...] = ()

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = text.strip().strip(".!?,").strip()
        text = _LEAD_IN_RE.sub("", text, count=1).strip().strip(".!?,").strip()
        if not text or not _NAME_RE.fullmatch(text):
            return None
        if text.lower().replace("\u2019", "'") in _NOT_NAMES:
            return None
        text = " ".join(text.split())
        if text.islower():
            text = text.title()  # "o'brien" -> "O'Brien", "mary-jane" -> "Mary-Jane"
        return single(text)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        return []


class FirstNameType(_PersonNameType):
    name = "AMAZON.FirstName"
    samples = (
        "Maria", "James", "Wei", "Priya", "Mohammed", "Olga", "Hiroshi", "Aisha", "Carlos",
        "Emma", "Liam", "Fatima", "Jean-Luc", "Siobhan", "Nguyen", "Chloe", "Ahmed", "Sofia",
        "Kwame", "Ingrid", "Raj", "Mei", "Diego", "Yuki", "Olivia", "Noah", "Zoe", "Mary Ann",
        "john",
    )  # fmt: skip


class LastNameType(_PersonNameType):
    name = "AMAZON.LastName"
    samples = (
        "Smith", "Garcia", "Chen", "Patel", "Müller", "O'Brien", "Nguyen", "Kowalski",
        "Tanaka", "Okafor", "Rossi", "Ivanova", "Hernandez", "Kim", "Johansson", "Dubois",
        "Al-Sayed", "van der Berg", "Singh", "Williams", "Brown", "Cohen", "Silva",
        "Papadopoulos", "jones",
    )  # fmt: skip
