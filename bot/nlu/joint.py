"""The joint view of intent and slots: when the classifier hesitates between its two best
intents, a known slot value that only one of them can hold decides ("I want to see Medal for the
General": a film title seen as a movie_name, which the cinema-listing intent has and the
creative-work intent has not).

Only reorders the two best intents the classifier already proposed; never invents an intent.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.nlu.gazetteer import Gazetteer, longest_matches

# The runner-up must be at least this likely to be considered at all.
MIN_RUNNER_UP = 0.02
# Known values of one token ("new", "the") are too common to decide anything.
MIN_VALUE_TOKENS = 2


def reorder_by_slots(
    ranked: list[tuple[str, float]],
    lowered: list[str],
    gazetteer: Gazetteer,
    slots_of: Mapping[str, frozenset[str]],
) -> list[tuple[str, float]]:
    """`ranked` with its first two intents swapped (and their confidences exchanged) when the
    second has a longer known value of a slot that only it has."""
    if len(ranked) < 2 or ranked[1][1] < MIN_RUNNER_UP:
        return ranked
    (first, p1), (second, p2) = ranked[0], ranked[1]
    mine, theirs = slots_of.get(first), slots_of.get(second)
    if not mine or not theirs:
        return ranked
    found = longest_matches(gazetteer, lowered, MIN_VALUE_TOKENS)
    if not found:
        return ranked
    own = max((n for label, n in found.items() if label in mine and label not in theirs), default=0)
    other = max(
        (n for label, n in found.items() if label in theirs and label not in mine), default=0
    )
    if other > own:
        return [(second, p1), (first, p2), *ranked[2:]]
    return ranked
