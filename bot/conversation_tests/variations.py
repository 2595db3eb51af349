"""Recorded messages that the bot picks among variations, as patterns that accept any of them.

A prompt with variations says one at random, so a recorded conversation that expected the very
words said once would fail on its next run. A recorded message that one of a message group's
variations produces is written as a pattern matching every variation of that group, with any
text where the bot fills in a slot, attribute or request attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from bot.project.loader import BotProject
from bot.project.messages import MessageGroup

_PLACEHOLDER = re.compile(r"\{[^{}]+\}|\(\([^()]+\)\)|\[[^\[\]]+\]")


def template_pattern(template: str) -> str:
    """A regular expression for what `template` says once its placeholders are filled."""
    parts = _PLACEHOLDER.split(template)
    return "(?:.+?)".join(re.escape(part) for part in parts)


def _groups(value: Any) -> Iterator[MessageGroup]:
    if isinstance(value, MessageGroup):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _groups(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _groups(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _groups(item)


class Variations:
    """The bot's message groups that have variations, as alternatives of patterns."""

    def __init__(self, projects: list[BotProject]) -> None:
        self._choices: list[tuple[list[re.Pattern[str]], str]] = []
        for project in projects:
            for group in _groups([project.config, *project.intents.values()]):
                texts = [
                    t
                    for m in group.all_messages()
                    for t in (m.plainTextMessage, m.ssmlMessage)
                    if t is not None
                ]
                patterns = [template_pattern(t.value) for t in texts]
                if len(set(patterns)) > 1:
                    either = "|".join(dict.fromkeys(patterns))
                    self._choices.append(([re.compile(p, re.DOTALL) for p in patterns], either))

    def expectation(self, text: str) -> str | dict[str, str]:
        """`text` itself, or `{pattern}` when it is one of a group's variations."""
        for compiled, either in self._choices:
            if any(p.fullmatch(text) for p in compiled):
                return {"pattern": f"(?:{either})"}
        return text
