"""The JSON formatter and the log context, in process: the context of a request reaches every
line written while it runs, also on a code-hook worker thread; text fields only when asked for;
the settings that choose the format."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.errors import ConfigurationError
from bot.hooks.transports import PythonTransport
from bot.observability.logs import JsonFormatter, hashed, request_scope, session_scope
from bot.settings import ObservabilitySettings

HOOK_LOG = logging.getLogger("tests.observability.hook")


def logging_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """An in-process code hook that logs, as Lambda handlers do."""
    HOOK_LOG.warning("hook called")
    return {"sessionState": {"dialogAction": {"type": "Delegate"}}}


class Lines(logging.Handler):
    def __init__(self, formatter: JsonFormatter) -> None:
        super().__init__()
        self.setFormatter(formatter)
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def lines() -> Iterator[Lines]:
    handler = Lines(JsonFormatter())
    logger = logging.getLogger("tests.observability")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)


def test_a_line_carries_the_request_and_session_it_was_written_for(lines: Lines):
    log = logging.getLogger("tests.observability.unit")
    with request_scope("req-1", bot="EventBot"), session_scope("EventBot", "en_US", "user-7"):
        log.info("inside", extra={"intent": "Greeting"})
    log.info("outside")

    inside, outside = lines.lines
    assert inside["request_id"] == "req-1"
    assert (inside["bot"], inside["locale"], inside["intent"]) == ("EventBot", "en_US", "Greeting")
    assert inside["session_hash"] == hashed("user-7") != "user-7"
    assert outside["request_id"] is None and outside["session_hash"] is None


def test_a_session_named_in_a_request_stays_for_its_access_line(lines: Lines):
    with request_scope("req-2") as context:
        with session_scope("EventBot", "en_US", "user-8"):
            pass
        assert context["session_hash"] == hashed("user-8")


def test_text_fields_are_dropped_unless_asked_for():
    record = logging.makeLogRecord({"msg": "turn", "input_text": "my card is 4111"})
    assert "input_text" not in json.loads(JsonFormatter().format(record))
    shown = json.loads(JsonFormatter(include_text=True).format(record))
    assert shown["input_text"] == "my card is 4111"


def test_an_in_process_hook_logs_with_the_turn_context(lines: Lines):
    transport = PythonTransport("tests.observability.test_log_context", "logging_handler", 5.0)
    with request_scope("req-3"), session_scope("EventBot", "en_US", "user-9"):
        transport.invoke({"sessionId": "user-9"})
    (line,) = lines.lines
    assert (line["message"], line["request_id"]) == ("hook called", "req-3")
    assert line["session_hash"] == hashed("user-9")


def test_log_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BOT_LOG_FORMAT", "JSON")
    monkeypatch.setenv("BOT_LOG_TEXT", "true")
    settings = ObservabilitySettings.from_environment()
    assert (settings.log_format, settings.log_text, settings.level) == ("json", True, "INFO")
    assert settings.uvicorn_options()["access_log"] is False
    monkeypatch.setenv("BOT_LOG_FORMAT", "xml")
    with pytest.raises(ConfigurationError, match="BOT_LOG_FORMAT"):
        ObservabilitySettings.from_environment()
