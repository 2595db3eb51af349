"""Missed utterances as a Rasa NLU YAML file, ready to annotate and add to `training_data/`.

Every distinct wording becomes one example under one intent (default `oos`, which the bot reads
as examples of its fallback). Brackets become parentheses and line breaks spaces, so no text is
read as Rasa's entity markup or breaks the block; the author adds the markup for real slots.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from bot.missed.groups import MissedGroup

DEFAULT_INTENT = "oos"
_NEUTRAL = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")"})


def example_line(text: str) -> str:
    return " ".join(text.translate(_NEUTRAL).split())


def rasa_nlu_yaml(groups: Iterable[MissedGroup], intent: str = DEFAULT_INTENT) -> str:
    """The file's text: one `nlu:` block for `intent`, examples grouped as `groups` are."""
    lines: list[str] = []
    seen: set[str] = set()
    for group in groups:
        for text, _ in group.texts.most_common():
            line = example_line(text)
            if line and line not in seen:
                seen.add(line)
                lines.append(line)
    examples = "|\n" + "".join(f"      - {line}\n" for line in lines) if lines else '""\n'
    return (
        "# Missed utterances (bot missed --export): check each one, annotate slots and move it\n"
        "# to the intent it belongs to; what is left teaches the fallback.\n"
        'version: "3.1"\n'
        "nlu:\n"
        f"  - intent: {json.dumps(intent)}\n"
        "    examples: " + examples
    )
