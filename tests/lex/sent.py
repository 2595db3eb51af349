"""Contexts as a runtime request or a hook answer sends them, validated the plainest way: the
shared conversions take any model with these fields."""

from __future__ import annotations

from bot.lex.common import LexModel


class Life(LexModel):
    timeToLiveInSeconds: int
    turnsToLive: int


class V2Context(LexModel):
    name: str
    timeToLive: Life
    contextAttributes: dict[str, str]


class V1Context(LexModel):
    name: str
    timeToLive: Life
    parameters: dict[str, str]
