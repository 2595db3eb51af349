"""Reading a spelled-out answer, as Lex does after `slotElicitationStyle` SpellByLetter or
SpellByWord (reference lex-flows §7.1): "x i u l a n" -> "xiulan", "s as in sugar, w as in
water" -> "sw" (also "a for apple", "a like apple"). Text that spells nothing comes back as it
was. Pure functions; no knowledge of dialog state.
"""

from __future__ import annotations

import re
from typing import Literal

Style = Literal["Default", "SpellByLetter", "SpellByWord"]

_TOKEN = re.compile(r"[^\W_]+|[@.\-_]")
_LINKS = (("as", "in"), ("for",), ("like",))
_FILLERS = frozenset({"and", "then", "capital", "letter", "the", "it's", "its", "is", "spelled"})


def spelled(text: str, style: Style | str | None) -> str:
    """The word `text` spells in `style`; `text` itself for Default or when it spells nothing."""
    if style not in ("SpellByLetter", "SpellByWord"):
        return text
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    letters: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if len(token) == 1:
            letters.append(token)
            i += 1 + _link_length(tokens, i + 1) if style == "SpellByWord" else 1
            continue
        if token.isdigit():
            letters.append(token)
        elif token not in _FILLERS:
            return text  # a real word: this is not a spelled answer
        i += 1
    return "".join(letters) or text


def _link_length(tokens: list[str], at: int) -> int:
    """How many tokens "as in sugar" / "for apple" / "like apple" take after a letter."""
    for link in _LINKS:
        end = at + len(link)
        if tuple(tokens[at:end]) == link and end < len(tokens):
            return len(link) + 1
    return 0
