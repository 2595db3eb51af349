"""Where a code hook lives and how it is reached, from the bot's `codeHook.uri`:

- `python:package.module:function` — called in this process as `function(event, context)`, on a
  worker of the bounded hook pool (`bot.hooks.pool`) so the timeout can be enforced; the module
  is imported at the first call (a missing module is a failure of that call, not of starting the
  bot); when every worker stays busy for the hook's timeout the call fails (`HookBusy`);
- `lambda:<name or ARN>` — AWS Lambda `Invoke` (RequestResponse) with boto3; region, credentials
  and endpoint (`AWS_ENDPOINT_URL_LAMBDA`) come from the standard AWS settings;
- `http://…` / `https://…` — the event is POSTed as JSON and the JSON body is the answer.

Every transport takes a JSON event and returns the decoded JSON answer, or raises `HookTimeout`
(no answer within the timeout) or `HookFailure` (anything else). Lambda and HTTP calls run on the
caller's thread with socket timeouts (nothing is left behind); their clients pool at most
`BOT_HOOK_WORKERS` connections (httpx waits for a free one at most the timeout). A call is made
exactly once: nothing here retries, since a hook may have side effects. Logs name the hook and the
reason, never event contents, credentials or URL secrets.
"""

from __future__ import annotations

import contextvars
import importlib
import json
import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import orjson

from bot import strict_json
from bot.aws_clients import bounded_client, full_arn_region
from bot.dialog.hooks import HookTimeout
from bot.hooks.failures import HookFailure, InvalidHookAnswer
from bot.hooks.pool import HookBusy, HookWorkers, connection_limit, shared_workers

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
Handler = Callable[[dict[str, Any], Any], Any]


class HookTransport(Protocol):
    @property
    def target(self) -> str:
        """The hook as it may be shown in logs and error messages."""
        ...

    def invoke(self, event: dict[str, Any]) -> Any:
        """Call the hook once with `event`; its decoded JSON answer."""
        ...


def transport_for(
    uri: str, timeout: float = DEFAULT_TIMEOUT, search_path: Path | None = None
) -> HookTransport:
    """The transport a `codeHook.uri` names. `search_path` (the bot's folder) is where an
    in-process hook's module is also looked for."""
    if uri.startswith("python:"):
        module, _, function = uri.removeprefix("python:").rpartition(":")
        if not module or not function:
            raise ValueError(f"code hook uri {uri!r} must be python:<module>:<function>")
        return PythonTransport(module, function, timeout, search_path)
    if uri.startswith("lambda:"):
        return LambdaTransport(uri.removeprefix("lambda:"), timeout)
    if uri.startswith(("http://", "https://")):
        return HttpTransport(uri, timeout)
    raise ValueError(f"unsupported code hook uri {uri!r}")


def _timed_out(target: str, timeout: float) -> HookTimeout:
    """Logs that the hook `target` did not answer within `timeout` s; the error to raise."""
    log.warning("code hook %s did not answer within %s s", target, timeout)
    return HookTimeout(f"{target} did not answer within {timeout:g} s")


def decoded(answer: bytes | str) -> Any:
    try:
        return strict_json.loads(answer)
    except strict_json.JsonRefused as exc:
        raise InvalidHookAnswer(f"the response body is not JSON Lex takes: it {exc}") from None


# ---------------------------------------------------------------- in process


@dataclass(slots=True)
class LambdaContext:
    """The part of the AWS Lambda context object handlers use."""

    function_name: str
    deadline: float  # time.monotonic() when the caller stops waiting
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


@dataclass(slots=True)
class _Outcome:
    answer: Any = None
    error: BaseException | None = None


class PythonTransport:
    def __init__(
        self,
        module: str,
        function: str,
        timeout: float,
        search_path: Path | None = None,
        *,
        workers: HookWorkers | None = None,
    ) -> None:
        self.module = module
        self.function = function
        self.timeout = timeout
        self.search_path = search_path
        self.workers = workers  # None: the process-wide pool
        self._handler: Handler | None = None

    @property
    def target(self) -> str:
        return f"python:{self.module}:{self.function}"

    def invoke(self, event: dict[str, Any]) -> Any:
        deadline = time.monotonic() + self.timeout
        context = LambdaContext(self.function, deadline)
        outcome = _Outcome()
        # The handler gets its own copy, as over the wire: nothing in it is shared or kept. The
        # event is ours (plain JSON values), so orjson's round trip is exact and a tenth the cost.
        copied = orjson.loads(orjson.dumps(event))
        done = threading.Event()
        workers = self.workers or shared_workers()
        try:
            # The handler's own log lines carry the turn's request id, bot and hashed session.
            logged = contextvars.copy_context()
            job = partial(logged.run, self._run, copied, context, outcome)
            # Waiting for a worker spends the call's own timeout, never more.
            workers.start(job, what=self.target, finished=done.set, wait=self.timeout)
        except HookBusy:
            log.warning("code hook %s not called: all %d workers busy", self.target, workers.size)
            raise
        if not done.wait(max(0.0, deadline - time.monotonic())):
            # A thread cannot be stopped: the hook keeps its worker until it returns, its answer
            # unused.
            raise _timed_out(self.target, self.timeout)
        if isinstance(outcome.error, HookFailure):
            raise outcome.error
        if outcome.error is not None:
            kind = type(outcome.error).__name__
            log.error("code hook %s raised %s", self.target, kind, exc_info=outcome.error)
            raise HookFailure(f"{self.target} raised {kind}")
        return _sent_back(outcome.answer)

    def _run(
        self,
        event: dict[str, Any],
        context: LambdaContext,
        outcome: _Outcome,
    ) -> None:
        try:
            outcome.answer = self._load()(event, context)
        except BaseException as exc:  # noqa: BLE001 - the waiting caller reports it
            outcome.error = exc

    def _load(self) -> Handler:
        if self._handler is None:
            self._handler = self._import()
        return self._handler

    def _import(self) -> Handler:
        root = str(self.search_path) if self.search_path else None
        if root and root not in sys.path:
            sys.path.append(root)  # after the installed packages: the bot folder never shadows
        importlib.invalidate_caches()  # the module may have been written since the last try
        try:
            module = importlib.import_module(self.module)
        except Exception as exc:  # noqa: BLE001 - any import error is a failed call
            kind = type(exc).__name__
            log.error("code hook %s: cannot import %s (%s)", self.target, self.module, kind)
            raise HookFailure(f"cannot import {self.module} ({kind}: {exc})") from None
        handler = getattr(module, self.function, None)
        if not callable(handler):
            raise HookFailure(f"{self.module} has no function {self.function}")
        return handler  # type: ignore[no-any-return]


def _sent_back(answer: Any) -> Any:
    """The answer as a Lambda would send it back: a copy through JSON. What a Lambda could not
    send is not a valid answer here either; NaN and lone surrogates go through, as Python's
    `json` writes them, for the adapter to refuse by name. orjson's copy is used when it reads
    back equal (it writes NaN as null), at a fifth of the cost."""
    try:
        copied = orjson.loads(orjson.dumps(answer))
        if copied == answer:
            return copied
    except (TypeError, ValueError):
        pass
    try:
        return json.loads(json.dumps(answer))
    except (TypeError, ValueError, RecursionError):
        raise InvalidHookAnswer("the answer is not JSON serialisable") from None


# ---------------------------------------------------------------- AWS Lambda


class LambdaTransport:
    def __init__(self, function_name: str, timeout: float) -> None:
        self.function_name = function_name
        self.timeout = timeout
        self._client: Any = None
        self._lock = threading.Lock()

    @property
    def target(self) -> str:
        return f"lambda:{self.function_name}"

    def invoke(self, event: dict[str, Any]) -> Any:
        try:
            from bot.aws_errors import CALL_ERRORS, failure_of
        except ImportError:
            raise HookFailure("boto3 is needed to call a Lambda code hook") from None
        try:
            response = self._lambda().invoke(
                FunctionName=self.function_name,
                InvocationType="RequestResponse",
                Payload=json.dumps(event).encode(),
            )
            payload = response["Payload"].read()
        except CALL_ERRORS as exc:
            failure = failure_of(exc)
            # Only a read timeout is a slow hook: a connect timeout never reached the function.
            if failure.timeout == "read":
                raise _timed_out(self.target, self.timeout) from None
            log.error("code hook %s: Lambda Invoke failed: %s", self.target, failure.name)
            raise HookFailure(f"{self.target} could not be invoked ({failure.name})") from None
        if response.get("FunctionError"):
            raise self._function_error(response["FunctionError"], payload)
        return decoded(payload)

    def _function_error(self, kind: str, payload: bytes) -> HookFailure | HookTimeout:
        """The function ran and failed; Lambda's own timeout shows up here too."""
        try:
            error = json.loads(payload)
        except ValueError:
            error = {}
        error = error if isinstance(error, dict) else {}
        message = str(error.get("errorMessage", ""))
        log.error("code hook %s: function error %s (%s)", self.target, kind, error.get("errorType"))
        if "Task timed out" in message:
            return HookTimeout(f"{self.target} timed out in Lambda")
        return HookFailure(f"Received error response from Lambda: {kind}")

    def _lambda(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = bounded_client(
                    "lambda",
                    full_arn_region(self.function_name),
                    read_timeout=self.timeout,
                    connect_timeout=10,
                    attempts=1,
                    max_pool_connections=connection_limit(),
                )
            return self._client


# ---------------------------------------------------------------- HTTP


class HttpTransport:
    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self._client: Any = None
        self._lock = threading.Lock()

    @property
    def target(self) -> str:
        """The URL without user info, query or fragment, which may hold secrets."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"

    def invoke(self, event: dict[str, Any]) -> Any:
        try:
            import httpx
        except ImportError:
            raise HookFailure("httpx is needed to call an HTTP code hook") from None
        try:
            response = self._http().post(self.url, json=event)
        except httpx.TimeoutException:
            raise _timed_out(self.target, self.timeout) from None
        except httpx.HTTPError as exc:
            kind = type(exc).__name__
            log.error("code hook %s: request failed: %s", self.target, kind)
            raise HookFailure(f"{self.target} could not be reached ({kind})") from None
        if not response.is_success:
            log.error("code hook %s answered HTTP %s", self.target, response.status_code)
            raise HookFailure(f"{self.target} answered HTTP {response.status_code}")
        return decoded(response.content)

    def _http(self) -> Any:
        with self._lock:
            if self._client is None:
                import httpx

                # A bounded pool; waiting for a free connection counts against the timeout.
                size = connection_limit()
                self._client = httpx.Client(
                    timeout=httpx.Timeout(self.timeout),
                    limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
                )
            return self._client
