"""What each language must give the localised built-in slot types: the words they read.

Only the shape; the words themselves are in `european_words` and `cjk_words`, by language code
in `languages`. Keys are normalised as `normalise` in `text.py` does (NFKC, lower case, no
accents in Latin scripts), so "Mañana" finds "manana".
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LanguageWords:
    # Dates
    day_offsets: dict[str, int]
    weekdays: dict[str, int]  # Monday = 0
    months: dict[str, int]
    next_words: tuple[str, ...]  # "next" said before (or, for after_mods, after) a weekday
    this_words: tuple[str, ...]
    last_words: tuple[str, ...]
    periods: dict[str, tuple[str, str]]  # "next week" -> ("next", "week")
    week_words: dict[str, str]  # "next week" said before a weekday -> "next" / "this" / "last"
    fillers: tuple[str, ...]  # articles and prepositions dropped around a date or time
    in_days: str  # regex with groups n, u: "in 3 days"
    units: dict[str, str]  # unit word -> day, week, month, year, hour, minute, second
    # Times
    am_words: tuple[str, ...]
    pm_words: tuple[str, ...]
    noon: tuple[str, ...]
    midnight: tuple[str, ...]
    half_past: tuple[str, ...]
    # Numbers
    numbers: dict[str, int]
    multipliers: dict[str, int]
    decimal_comma: bool
    # Answers
    yes: tuple[str, ...]
    no: tuple[str, ...]
    maybe: tuple[str, ...]
    dont_know: tuple[str, ...]
    answer_fillers: tuple[str, ...]
    name_lead_ins: tuple[str, ...]
    name_tails: tuple[str, ...]
    samples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cjk: bool = False  # written without spaces between words (Japanese) or with particles
