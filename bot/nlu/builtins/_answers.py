"""Telling a short answer from a non-answer, for types that take (almost) any reply as a value.

`is_non_answer` spots replies that must never fill a slot ("no", "help", "I don't know"), and
`lead_in_pattern` builds a regex that drops phrases such as "it's" or "I want" from the start of
an answer. Shared by the open catalogue types and StreetName; it knows nothing of any one type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.nlu.builtins._common import phrase_key

# Replies to a prompt that are about the conversation, not a value (compared as phrase keys).
_NON_ANSWERS = (
    "yes", "no", "yeah", "yep", "nope", "nah", "ok", "okay", "hi", "hello", "hey", "thanks",
    "thank you", "cancel", "stop", "help", "quit", "exit", "none", "nothing", "sure", "what",
    "why", "huh", "pardon", "sorry", "i don't know", "don't know", "dunno", "idk", "no idea",
    "not sure", "i'm not sure", "skip", "never mind", "nevermind", "back", "go back", "start over",
    "repeat", "again", "anything", "whatever", "i don't care", "no thanks", "nobody", "maybe",
    "what do you mean", "i don't understand",
)  # fmt: skip
_NON_ANSWER_KEYS = frozenset(phrase_key(p) for p in _NON_ANSWERS)


def is_non_answer(text: str) -> bool:
    """True for a reply such as "No.", "help" or "I don't know" that is no value at all."""
    return phrase_key(text) in _NON_ANSWER_KEYS


def lead_in_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A regex matching one of `phrases` (longest first) plus its separator at an answer's start.

    Any case; an apostrophe in a phrase may be curly or missing ("it's", "it’s", "its").
    """
    alternatives = "|".join(
        re.escape(p).replace("'", "['\u2019]?").replace(r"\ ", r"\s+")
        for p in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"^(?:{alternatives})(?:[\s,:]+|$)", re.IGNORECASE)
