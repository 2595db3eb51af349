"""AMAZON.StreetName: a street's name without the house number, "123 Main St" -> "Main Street".

`resolve` takes a whole answer of 1-6 words, after a lead-in ("I live on"), a house number and
anything after a comma are dropped: with a street word (Street, Avenue, Road, ...) in it, or,
without one, a capitalised name ("Broadway", "The Strand"). The abbreviations St, Ave, Rd, Blvd,
Dr, Ln, ... are written out in the case they were said in ("main st" -> "main street"), except as
the first word, where "St" is Saint and "Dr" Doctor; everything else keeps the user's wording.
`find` picks "<name> <street word>" spans out of a sentence. It never checks that a street exists.
"""

from __future__ import annotations

import re

from bot.nlu.builtins._answers import is_non_answer, lead_in_pattern
from bot.nlu.builtins._common import fold, single
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

ABBREVIATIONS = {
    "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "rd": "road",
    "blvd": "boulevard", "dr": "drive", "ln": "lane", "ct": "court", "pl": "place",
    "sq": "square", "ter": "terrace", "terr": "terrace", "pkwy": "parkway", "hwy": "highway",
    "cir": "circle", "cres": "crescent", "gdns": "gardens", "expy": "expressway",
    "fwy": "freeway", "tpke": "turnpike", "trl": "trail", "aly": "alley",
}  # fmt: skip
# Street words that are rarely anything else, so `find` takes them in lower case too.
_CLEAR_STREET_WORDS = frozenset({
    "street", "avenue", "road", "boulevard", "lane", "terrace", "parkway", "highway", "crescent",
    "alley", "mews", "expressway", "freeway", "turnpike", "embankment", "esplanade", "promenade",
    "causeway",
})  # fmt: skip
# Also everyday words ("the best way"): in a sentence they count only when capitalised.
STREET_WORDS = _CLEAR_STREET_WORDS | {
    "drive", "court", "place", "square", "circle", "way", "close", "grove", "gardens", "row",
    "trail", "walk", "parade", "pike", "loop", "plaza", "path", "hill", "rise", "route", "quay",
    "wharf", "green", "vale", "wynd", "crossing", "heights", "cove", "ridge", "run",
}  # fmt: skip
# Lower-case words that may sit inside a capitalised name ("Avenue of the Americas").
_CONNECTORS = frozenset({"of", "the", "de", "la", "le", "du", "des", "del", "van", "von", "on"})
# Words that end a street name when `find` walks left from the street word.
_NOT_NAME_WORDS = frozenset({
    "a", "an", "the", "on", "at", "in", "to", "from", "of", "by", "near", "off", "down", "up",
    "along", "across", "onto", "into", "past", "via", "and", "or", "for", "with", "is", "was",
    "are", "i", "we", "you", "he", "she", "they", "it", "me", "my", "your", "our", "their",
    "his", "her", "its", "this", "that", "these", "those", "which", "what", "live", "lives",
    "living", "moved", "move", "turn", "go", "take", "head", "meet", "visit", "cross", "find",
    "deliver", "send", "ship", "stay", "keep", "follow", "pick", "drop", "left", "right",
    "long", "short", "big", "small", "busy", "quiet", "same", "other", "next", "wrong", "each",
    "every", "any", "some", "no", "address", "street", "road", "avenue", "please", "then",
    "there", "here", "where", "one",
})  # fmt: skip

_LEAD_IN_RE = lead_in_pattern((
    "it's", "it is", "its", "i live on", "i live at", "i live in", "i'm on", "i am on",
    "we're on", "we are on", "we live on", "on", "at", "the street is", "my street is",
    "street name is", "the street name is", "my address is", "the address is", "address is",
    "it's on", "it is on", "i'm at", "i am at", "deliver to", "send it to",
))  # fmt: skip
_HOUSE_NUMBER_RE = re.compile(
    r"^(?:(?:no\.?|number|#)\s*)?\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?,?\s+", re.IGNORECASE
)
_TOKEN_RE = re.compile(r"[^\W_]+(?:['\u2019\-.][^\W_]+)*\.?")
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_MAX_WORDS = 6
_MAX_NAME_WORDS_IN_SENTENCE = 4


class StreetNameType:
    name = "AMAZON.StreetName"
    samples = (
        "Main Street", "Main St", "Oak Avenue", "Elm Street", "Park Avenue", "Broadway",
        "Sunset Boulevard", "Abbey Road", "Baker Street", "Fifth Avenue", "5th Ave",
        "Maple Drive", "Pine Ln", "Market Street", "Pennsylvania Avenue",
        "Lombard Street", "Oxford Street", "Cedar Court", "Washington Blvd", "High Street",
        "Lake Shore Drive", "123 Main Street", "Old Kent Road", "Hollywood Boulevard",
        "Rue de Rivoli", "The Strand", "42nd Street", "Church Road", "Mulholland Drive",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = text.strip().strip(".!?").strip()
        text = _LEAD_IN_RE.sub("", text, count=1).split(",")[0].strip()
        without_number = _HOUSE_NUMBER_RE.sub("", text, count=1)
        if _has_name_word(without_number.split()):
            text = without_number
        tokens = text.split()
        if not 0 < len(tokens) <= _MAX_WORDS or is_non_answer(text):
            return None
        if not all(_TOKEN_RE.fullmatch(t) for t in tokens) or not _has_name_word(tokens):
            return None
        has_street_word = any(_is_street_word(t, i) for i, t in enumerate(tokens))
        if not has_street_word and not _capitalised(tokens):
            return None
        return single(_spell_out(tokens))

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        tokens = [_sentence_token(m) for m in _TOKEN_RE.finditer(text)]
        out: list[Match] = []
        last_end = 0
        for i, (_, end, word) in enumerate(tokens):
            if not _street_word_in_sentence(tokens, i):
                continue
            first = _name_start(text, tokens, i, last_end)
            if first is None:
                continue
            start = tokens[first][0]
            said = [t[2] for t in tokens[first : i + 1]]
            out.append(Match(start, end, text[start:end], single(_spell_out(said))))
            last_end = end
        return out


def _sentence_token(m: re.Match[str]) -> tuple[int, int, str]:
    """(start, end, word) with a trailing full stop left out: it may end the sentence."""
    word = m.group().rstrip(".")
    return m.start(), m.start() + len(word), word


def _key(token: str) -> str:
    return fold(token.rstrip("."))


def _is_street_word(token: str, position: int) -> bool:
    key = _key(token)
    return key in STREET_WORDS or (position > 0 and key in ABBREVIATIONS)


def _has_name_word(tokens: list[str]) -> bool:
    """At least one word that is neither a street word nor a little word ("the", "my")."""
    return any(
        _key(t) not in STREET_WORDS
        and _key(t) not in ABBREVIATIONS
        and _key(t) not in _NOT_NAME_WORDS
        and any(c.isalpha() for c in t)
        for t in tokens
    )


def _capitalised(tokens: list[str]) -> bool:
    """A proper name: every word capitalised, bar inner connectors ("Avenue of the Americas")."""
    return all(
        t[:1].isupper() or (i > 0 and t in _CONNECTORS) or _ORDINAL_RE.fullmatch(t) is not None
        for i, t in enumerate(tokens)
    ) and any(t[:1].isalpha() for t in tokens)


def _spell_out(tokens: list[str]) -> str:
    """The tokens joined by single spaces, abbreviations after the first word written out."""
    out = []
    for i, token in enumerate(tokens):
        full = ABBREVIATIONS.get(_key(token)) if i > 0 else None
        if full is None:
            out.append(token)
        elif token.isupper() and len(token.rstrip(".")) > 1:
            out.append(full.upper())
        elif token[:1].isupper():
            out.append(full.capitalize())
        else:
            out.append(full)
    return " ".join(out)


def _street_word_in_sentence(tokens: list[tuple[int, int, str]], i: int) -> bool:
    word = tokens[i][2]
    key = fold(word)
    if key in _CLEAR_STREET_WORDS or (key in STREET_WORDS and word[:1].isupper()):
        return True
    if key not in ABBREVIATIONS or not word[:1].isupper():
        return False
    # "St James", "Dr Smith": a capitalised word after the abbreviation makes it a title.
    return i + 1 >= len(tokens) or not tokens[i + 1][2][:1].isupper()


def _name_start(text: str, tokens: list[tuple[int, int, str]], i: int, last_end: int) -> int | None:
    """Index of the first name word before the street word at `i`, or None if there is none."""
    abbreviated = fold(tokens[i][2]) in ABBREVIATIONS
    first: int | None = None
    j = i - 1
    while j >= 0 and i - j <= _MAX_NAME_WORDS_IN_SENTENCE and tokens[j][0] >= last_end:
        _, end, word = tokens[j]
        if text[end : tokens[j + 1][0]].strip():  # punctuation between words ends the name
            break
        key = fold(word)
        if key in _NOT_NAME_WORDS or key in STREET_WORDS or word.isdigit():
            break
        if word[:1].isupper() or _ORDINAL_RE.fullmatch(word):
            first, j = j, j - 1
            continue
        # One lower-case word right before a written-out street word: "main street".
        if first is None and not abbreviated:
            first = j
        break
    return first
