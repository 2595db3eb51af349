"""The Prometheus metrics of a served bot: the metric objects, one function per thing recorded,
and the exposition `/metrics` serves.

Every label value is clamped here to a closed set (API, dialog action type, transport, hook
source, store operation, channel), so a bug upstream cannot grow the number of series; intent
names are clamped by the caller, which knows the bot's intents (`bot.observability.turns`). It
must never take a label from user input: no text, no session id, no raw path.

With several worker processes (`PROMETHEUS_MULTIPROC_DIR` set in the environment before the
process starts, as a `bot serve --workers N` supervisor sets it), prometheus_client writes every
value to a file in that folder, and `exposition()` answers the sum over all the workers'
files (prometheus_client's multiprocess mode): any worker may answer the scrape.
"""

from __future__ import annotations

import os
from typing import Any, get_args

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from bot.turn import DialogActionType

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
OTHER = "other"

APIS = frozenset({"V2", "V1", "channel"})
DIALOG_ACTIONS = frozenset(get_args(DialogActionType))
TRANSPORTS = frozenset({"python", "lambda", "http"})
HOOK_SOURCES = frozenset({"dialog", "fulfillment"})
HOOK_ERRORS = frozenset({"timeout", "failure", "invalid_answer", "busy", "unexpected"})
STORE_OPERATIONS = frozenset(
    {
        "load",
        "save",
        "delete",
        "remember",
        "forget",
        "purge_expired",
        "record_missed",
        "missed_utterances",
    }
)
CHANNELS = frozenset({"slack", "facebook", "rest"})
STORE_WAIT_OUTCOMES = frozenset({"recovered", "duplicate", "given_up", "refused"})

# This process's metrics (and its process/GC figures), exposed when there is one process.
REGISTRY = CollectorRegistry(auto_describe=True)
for _collector in (ProcessCollector, PlatformCollector, GCCollector):
    _collector(registry=REGISTRY)

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
CONFIDENCE_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)

TURNS = Counter(
    "bot_turns_total",
    "Conversation turns answered, by the intent in progress after the turn and the dialog action.",
    ["intent", "dialog_action", "api"],
    registry=REGISTRY,
)
FALLBACKS = Counter(
    "bot_fallbacks_total",
    "Turns answered by the fallback intent (input the bot did not understand).",
    ["api"],
    registry=REGISTRY,
)
TURN_ERRORS = Counter(
    "bot_turn_errors_total",
    "Turns that ended in an error answer, by error (ConflictException, DependencyFailed…).",
    ["api", "error"],
    registry=REGISTRY,
)
TURN_SECONDS = Histogram(
    "bot_turn_duration_seconds",
    "Time to answer a turn: load, NLU, dialog, code hooks, save.",
    ["api"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
NLU_CONFIDENCE = Histogram(
    "bot_nlu_confidence",
    "Confidence of the top interpretation of a turn (the fallback has none).",
    ["intent"],
    buckets=CONFIDENCE_BUCKETS,
    registry=REGISTRY,
)
HOOK_CALLS = Counter(
    "bot_hook_calls_total",
    "Code-hook calls, by transport and source.",
    ["transport", "source"],
    registry=REGISTRY,
)
HOOK_ERRORS_TOTAL = Counter(
    "bot_hook_errors_total",
    "Code-hook calls that failed: timeout, failure, invalid_answer, busy (no worker free).",
    ["transport", "source", "error"],
    registry=REGISTRY,
)
HOOK_SECONDS = Histogram(
    "bot_hook_duration_seconds",
    "Time a code-hook call took, failed ones included.",
    ["transport", "source"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
STORE_ERRORS = Counter(
    "bot_session_store_errors_total",
    "Session store operations that failed (the store could not be read or written).",
    ["operation"],
    registry=REGISTRY,
)
SESSION_CONFLICTS = Counter(
    "bot_session_conflicts_total",
    "Turns refused because another request saved the session first (ConflictException).",
    registry=REGISTRY,
)
CHANNEL_SENDS = Counter(
    "bot_channel_sends_total",
    "Replies sent to a channel platform, by outcome: sent, or dropped after every retry.",
    ["channel", "outcome"],
    registry=REGISTRY,
)
CHANNEL_RETRIES = Counter(
    "bot_channel_send_retries_total",
    "Sends to a channel platform tried again after a failure.",
    ["channel"],
    registry=REGISTRY,
)
CHANNEL_STORE_WAITS = Counter(
    "bot_channel_store_waits_total",
    "Channel deliveries and turns that met an unreachable session store, by outcome: recovered, "
    "duplicate (seen before, once the store answered), given_up, refused (503, no place left).",
    ["channel", "outcome"],
    registry=REGISTRY,
)


def _closed(value: str, allowed: frozenset[str]) -> str:
    return value if value in allowed else OTHER


# Labelled children, looked up once: `labels()` costs a lock and validation on every call. The
# label sets are closed, so this stays small; a race only looks the same child up twice.
_children: dict[tuple[Any, tuple[str, ...]], Any] = {}


def _child(metric: Any, *labels: str) -> Any:
    child = _children.get((metric, labels))
    if child is None:
        child = _children[(metric, labels)] = metric.labels(*labels)
    return child


def record_turn(
    *,
    api: str,
    intent: str,
    dialog_action: str,
    seconds: float,
    fallback: bool,
    confidence: float | None,
    confidence_intent: str,
) -> None:
    """One answered turn; `intent` and `confidence_intent` are already clamped by the caller."""
    api = _closed(api, APIS)
    _child(TURNS, intent, _closed(dialog_action, DIALOG_ACTIONS), api).inc()
    _child(TURN_SECONDS, api).observe(seconds)
    if fallback:
        _child(FALLBACKS, api).inc()
    if confidence is not None:
        _child(NLU_CONFIDENCE, confidence_intent).observe(confidence)


def record_turn_error(*, api: str, error: str, seconds: float) -> None:
    """A turn that raised; `error` is the name of an exception class of `bot.errors`."""
    api = _closed(api, APIS)
    _child(TURN_ERRORS, api, error).inc()
    _child(TURN_SECONDS, api).observe(seconds)


def record_hook_call(*, transport: str, source: str, seconds: float, error: str | None) -> None:
    labels = (_closed(transport, TRANSPORTS), _closed(source, HOOK_SOURCES))
    _child(HOOK_CALLS, *labels).inc()
    _child(HOOK_SECONDS, *labels).observe(seconds)
    if error is not None:
        _child(HOOK_ERRORS_TOTAL, *labels, _closed(error, HOOK_ERRORS)).inc()


def record_store_error(operation: str) -> None:
    STORE_ERRORS.labels(_closed(operation, STORE_OPERATIONS)).inc()


def record_session_conflict() -> None:
    SESSION_CONFLICTS.inc()


def record_channel_send(channel: str, *, sent: bool) -> None:
    CHANNEL_SENDS.labels(_closed(channel, CHANNELS), "sent" if sent else "dropped").inc()


def record_channel_retry(channel: str) -> None:
    CHANNEL_RETRIES.labels(_closed(channel, CHANNELS)).inc()


def record_channel_store_wait(channel: str, outcome: str) -> None:
    labels = (_closed(channel, CHANNELS), _closed(outcome, STORE_WAIT_OUTCOMES))
    CHANNEL_STORE_WAITS.labels(*labels).inc()


def multiprocess_dir() -> str | None:
    """The folder the workers' values are written to, when several processes serve."""
    return os.environ.get(MULTIPROCESS_ENV) or None


def exposition() -> tuple[bytes, str]:
    """The text `/metrics` answers and its content type: this process's metrics, or, in
    multiprocess mode, the aggregate of every worker's (process and GC figures left out, as
    they belong to one process)."""
    directory = multiprocess_dir()
    if directory is None:
        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)
    return generate_latest(registry), CONTENT_TYPE_LATEST
