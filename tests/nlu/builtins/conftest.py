"""Shared fixtures: Lex's documented reference day, Wednesday 2020-11-25, 15:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.nlu.types import ParseContext

REFERENCE_NOW = datetime(2020, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture
def ctx() -> ParseContext:
    return ParseContext(now=REFERENCE_NOW, time_zone="UTC")
