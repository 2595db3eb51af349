"""Lex's built-in intents: which ones a bot file may extend, and their sample phrases.

A built-in (`parentIntentSignature: AMAZON.HelpIntent`) takes its utterances from the base
intent and may not add any, so the phrases below are its whole training data. `FallbackIntent`
(parent `AMAZON.FallbackIntent`) has no phrases: it is what the NLU answers for out-of-scope
input and is taught only by examples labelled `oos`/`FallbackIntent`; the search intents
(Kendra, QnA) have none either. This module is data only.
"""

from __future__ import annotations

FALLBACK_SIGNATURE = "AMAZON.FallbackIntent"  # also the fallback's Lex V1 name

BUILTIN_INTENT_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.HelpIntent": (
        "help",
        "help me",
        "can you help me",
        "help please",
        "I need help",
        "I need some help",
        "what can you do",
        "what can I say",
        "what can I ask you",
        "how does this work",
        "how do I use this",
        "I'm lost",
        "I'm confused",
        "I don't know what to do",
        "what are my options",
        "show me what you can do",
        "can you give me a hand",
        "what do you do",
        "how can you help me",
        "could you help me out",
    ),
    "AMAZON.CancelIntent": (
        "cancel",
        "cancel that",
        "cancel it",
        "never mind",
        "nevermind",
        "forget it",
        "forget about it",
        "forget that",
        "don't bother",
        "scratch that",
        "I changed my mind",
        "I don't want to do this anymore",
        "no thanks, cancel",
        "drop it",
        "abort",
        "let's not",
        "skip it",
        "cancel the request",
    ),
    "AMAZON.StopIntent": (
        "stop",
        "stop it",
        "stop that",
        "off",
        "shut up",
        "be quiet",
        "quiet",
        "enough",
        "that's enough",
        "please stop",
        "stop talking",
        "end",
        "quit",
        "exit",
        "I'm done",
        "goodbye",
        "bye",
        "leave me alone",
    ),
    "AMAZON.RepeatIntent": (
        "repeat",
        "repeat that",
        "repeat please",
        "say that again",
        "say it again",
        "could you repeat that",
        "can you say that again",
        "what did you say",
        "come again",
        "pardon",
        "pardon me",
        "sorry, what was that",
        "one more time",
        "I didn't catch that",
        "repeat the last message",
        "again please",
    ),
    "AMAZON.StartOverIntent": (
        "start over",
        "restart",
        "start again",
        "let's start over",
        "begin again",
        "start from the beginning",
        "start from scratch",
        "go back to the beginning",
        "reset",
        "reset everything",
        "can we start over",
        "let's try that again from the start",
        "I want to start over",
        "from the top",
        "new start",
    ),
}

BUILTIN_INTENT_PHRASES["AMAZON.PauseIntent"] = (
    "pause",
    "pause that",
    "hold on",
    "wait a moment",
    "give me a minute",
    "hang on",
    "one moment please",
    "just a second",
)
BUILTIN_INTENT_PHRASES["AMAZON.ResumeIntent"] = (
    "resume",
    "continue",
    "keep going",
    "go on",
    "carry on",
    "I'm back",
    "let's continue",
    "where were we",
)

# Search intents: no phrases either; they answer input that matches no intent (bot/dialog/search).
KENDRA_SEARCH_SIGNATURE = "AMAZON.KendraSearchIntent"
QNA_SIGNATURE = "AMAZON.QnAIntent"
SEARCH_SIGNATURES = frozenset({KENDRA_SEARCH_SIGNATURE, QNA_SIGNATURE})

SUPPORTED_SIGNATURES = frozenset(BUILTIN_INTENT_PHRASES) | {FALLBACK_SIGNATURE} | SEARCH_SIGNATURES


def builtin_phrases(signature: str) -> tuple[str, ...]:
    """The sample phrases of a built-in intent (empty for the fallback and unknown ones)."""
    return BUILTIN_INTENT_PHRASES.get(signature, ())
