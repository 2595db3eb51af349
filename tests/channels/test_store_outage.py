"""A channel delivery that arrives while the session store cannot be reached is refused with a
503 (the platform delivers it again later), never a server error with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ServiceUnavailable
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.sessions import open_store
from channels.core import ChannelBridge


def test_a_delivery_while_the_store_is_down_is_service_unavailable(
    trained_bot: tuple[BotProject, NLUEngine, Path],
) -> None:
    project, nlu, _ = trained_bot
    # Nothing listens on the discard port: a real connection failure, not a stand-in.
    runtime = BotRuntime(project, nlu, open_store("redis://127.0.0.1:9/0"))
    bridge = ChannelBridge(runtime, "slack")
    with pytest.raises(ServiceUnavailable) as refused:
        bridge.first_delivery("Ev01")
    assert refused.value.status == 503
