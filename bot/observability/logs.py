"""Structured logs: one JSON object per line on stdout (`BOT_LOG_FORMAT=json`), or the human
format on the terminal (the default), configured once by `bot serve` for our loggers and
uvicorn's alike.

Every JSON line has `time`, `level`, `logger`, `message` and the context of the request it
belongs to: `request_id`, `bot`, `locale` and `session_hash` (a SHA-256 prefix of the session
id), null outside a request. The context lives in a context variable holding one mutable dict per
request, so what a turn learns on a worker thread (its locale and session) also reaches the
access line written when the response has gone. A raw session id must never be logged, and the
user's text (the `TEXT_FIELDS` of a record) only with `BOT_LOG_TEXT=true`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import ObservabilitySettings

CONTEXT_FIELDS = ("request_id", "bot", "locale", "session_hash")
# Extra fields that may hold what a user said or what the bot answered them.
TEXT_FIELDS = frozenset({"input_text", "reply_text"})
HUMAN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_context: ContextVar[dict[str, Any] | None] = ContextVar("bot_log_context", default=None)
_process: dict[str, Any] = {}  # fields of every line of this process (the bot it serves)
# A record's own attributes, and uvicorn's copy of its message with terminal colours.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}


def hashed(session_id: str) -> str:
    """What logs say instead of a session id: the same id always gives the same 16 hex digits."""
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def bind_process(**fields: Any) -> None:
    """Fields every line of this process carries unless its request says otherwise (`bot`)."""
    _process.update(fields)


@contextmanager
def request_scope(request_id: str | None, **fields: Any) -> Iterator[dict[str, Any]]:
    """The log context of one request; what is added to the dict it yields shows on every line
    written while the request runs, on any thread it hands work to."""
    scope = {"request_id": request_id, **fields}
    token = _context.set(scope)
    try:
        yield scope
    finally:
        _context.reset(token)


@contextmanager
def session_scope(bot: str, locale: str, session_id: str) -> Iterator[None]:
    """Name the bot, locale and (hashed) session of the work in progress: in the request's
    context when there is one (its access line names them too), else for this block only."""
    fields = {"bot": bot, "locale": locale, "session_hash": hashed(session_id)}
    scope = _context.get()
    if scope is not None:
        scope.update(fields)
        yield
        return
    token = _context.set(fields)
    try:
        yield
    finally:
        _context.reset(token)


def context() -> dict[str, Any]:
    """The context fields of a line written now."""
    scope = _context.get() or {}
    return {name: scope.get(name, _process.get(name)) for name in CONTEXT_FIELDS}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: the standard fields, the context, then the record's extras
    (`extra={...}`), text fields only when `include_text`."""

    def __init__(self, *, include_text: bool = False) -> None:
        super().__init__()
        self.include_text = include_text

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **context(),
        }
        for name, value in vars(record).items():
            if name in _RECORD_FIELDS or name.startswith("_") or name in line:
                continue
            if name in TEXT_FIELDS and not self.include_text:
                continue
            line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure_logging(settings: ObservabilitySettings) -> None:
    """Send every logger's records (the root's handler; uvicorn's loggers propagate to it when
    uvicorn is given `log_config=None`) to stdout as JSON, or to stderr in the human format."""
    handler = logging.StreamHandler(sys.stdout if settings.log_format == "json" else sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter(include_text=settings.log_text))
    else:
        handler.setFormatter(logging.Formatter(HUMAN_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.level)
