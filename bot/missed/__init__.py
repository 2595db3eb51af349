"""Missed utterances: turns the bot did not understand well, kept in the session store so that
its authors can see what users asked for (`bot missed`, the console's "missed" tab) and turn it
into training data. Recording happens at the runtime facade, on every turn, before its answer
is sent; nothing here knows HTTP.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.missed.export import DEFAULT_INTENT, rasa_nlu_yaml
from bot.missed.groups import MissedGroup, group_missed
from bot.missed.recording import MissedRecorder, is_missed

__all__ = [
    "DEFAULT_INTENT",
    "MissedGroup",
    "MissedRecorder",
    "group_missed",
    "is_missed",
    "parse_since",
    "rasa_nlu_yaml",
]

_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: float) -> float:
    """Epoch seconds from `7d`, `12h`, `30m`, `2w` (that long before `now`) or an ISO date or
    time (UTC unless it says otherwise); ValueError for anything else."""
    value = text.strip().lower()
    span = _SPAN.fullmatch(value)
    if span:
        amount, unit = float(span.group(1)), span.group(2)
        return now - timedelta(**{_UNITS[unit]: amount}).total_seconds()
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--since {text!r}: give a span (30m, 12h, 7d, 2w) or an ISO date (2026-03-01)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
