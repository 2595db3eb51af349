"""AMAZON.Confirmation: a yes/no-style answer resolved to Yes, No, Maybe or Don't know.

The answer is split into known phrases (longest first) and filler words ("please", "thanks",
"I think"); it resolves when every phrase agrees, so "yes please" and "yeah sure" are Yes while
"yes no" or an unrelated sentence resolve to nothing, which Lex treats as "retry the prompt".
"""

from __future__ import annotations

from bot.nlu.builtins._common import PhraseIndex, phrase_key, single, words
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

YES, NO, MAYBE, DONT_KNOW = "Yes", "No", "Maybe", "Don't know"

PHRASES: dict[str, tuple[str, ...]] = {
    YES: (
        "yes", "yeah", "yea", "ya", "yep", "yup", "yes yes", "ok", "okay", "k", "kk", "sure",
        "of course", "absolutely", "correct", "right", "that's right", "that is right",
        "i agree", "i can agree", "agreed", "sounds good", "please do", "definitely",
        "affirmative", "certainly", "indeed", "exactly", "go ahead", "do it", "i do", "it is",
        "yes it is", "that's correct", "that is correct", "i think so", "alright", "all right",
        "fine", "for sure", "totally", "you bet", "yessir", "aye", "uh huh", "confirm",
        "confirmed", "why not", "by all means", "let's do it", "sure thing", "works for me",
        "perfect", "great",
    ),
    NO: (
        "no", "nope", "nah", "naw", "negative", "no way", "forget it", "not really", "don't",
        "do not", "cancel", "cancel it", "no thanks", "no thank you", "not at all", "never",
        "i don't think so", "i do not think so", "i disagree", "not now", "no it isn't",
        "incorrect", "wrong", "that's wrong", "absolutely not", "definitely not", "of course not",
        "certainly not", "not", "nay", "stop", "never mind", "nevermind", "don't do it",
        "i don't", "i do not", "not interested", "not correct", "that's not right",
    ),
    MAYBE: (
        "maybe", "perhaps", "it's possible", "it is possible", "possibly", "i might",
        "sometimes", "might", "could be", "probably", "probably not", "possibly not",
        "maybe not", "kind of", "sort of", "i guess so", "potentially",
    ),
    DONT_KNOW: (
        "dunno", "don't know", "i don't know", "i do not know", "no idea", "not sure",
        "i'm not sure", "i am not sure", "unknown", "who knows", "no clue", "not a clue",
        "i have no idea", "i don't really know", "hard to say", "can't say", "cannot say",
        "no clue", "beats me", "unsure", "idk", "i'm unsure", "haven't decided",
        "not certain", "i'm not certain",
    ),
}  # fmt: skip

# Words that colour an answer without changing it ("yes please", "no thanks", "well maybe").
FILLERS = frozenset({
    "please", "thanks", "thank", "you", "well", "um", "umm", "uh", "er", "hmm", "oh", "ah",
    "so", "then", "i", "m", "think", "guess", "it", "is", "that", "that's", "thats", "s", "just",
    "really", "very", "much", "the", "a", "sir", "madam", "mate", "man", "dude", "lol",
    "actually", "honestly", "hey", "hi", "answer", "my", "would", "say", "go", "on",
})  # fmt: skip
# Too common in ordinary sentences to be read as an answer by `find`.
_NOT_IN_SENTENCES = frozenset({
    "right", "don t", "do not", "sometimes", "might", "not", "k", "fine", "perfect", "great",
    "never", "stop", "cancel", "i do", "it is", "wrong", "ya", "go ahead", "do it", "probably",
    "kind of", "sort of", "i don t", "i do not", "confirm", "exactly", "indeed", "unknown",
})  # fmt: skip


def agreeing_answer(
    index: PhraseIndex[str], text: str, fillers: frozenset[str]
) -> Resolution | None:
    """The one value `text`'s known phrases agree on, when every other word is filler."""
    if (whole := index.get(text)) is not None:
        return single(whole)
    found = index.find(text)
    values = {value for _, _, value in found}
    if len(values) != 1:
        return None
    covered = [(s, e) for s, e, _ in found]
    for start, end, word in words(text):
        inside = any(s <= start and end <= e for s, e in covered)
        if not inside and word not in fillers:
            return None
    return single(values.pop())


class ConfirmationType:
    name = "AMAZON.Confirmation"
    samples = (
        "yes", "yeah", "yep", "sure", "ok", "of course", "absolutely", "yes please", "no",
        "nope", "no thanks", "nah", "no way", "forget it", "not really", "maybe", "perhaps",
        "it's possible", "I might", "sometimes", "I don't know", "dunno", "no idea",
        "not sure", "who knows",
    )  # fmt: skip

    def __init__(self) -> None:
        self._index: PhraseIndex[str] = PhraseIndex()
        for value, phrases in PHRASES.items():
            for phrase in phrases:
                self._index.add(phrase, value)

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        return agreeing_answer(self._index, text, FILLERS)

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        out = []
        for start, end, value in self._index.find(text):
            span = text[start:end]
            if phrase_key(span) in _NOT_IN_SENTENCES and phrase_key(span) != phrase_key(text):
                continue
            out.append(Match(start, end, span, single(value)))
        return out
