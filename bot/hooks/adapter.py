"""Lex-style code hooks for the dialog engine: the `CodeHooks` seam implemented by turning each
invocation into a Lex V2 or V1 Lambda event, calling the hook once through its transport, and
reading the answer back.

What a failed call means follows Lex. A dialog hook that fails, times out or answers something
invalid is a `DependencyFailed` (HTTP 424); the turn raises before anything is saved, so the
session stays as it was. A fulfilment hook that fails or answers something invalid ends the
intent as Failed with the intent's `failureResponse`; one that times out says its
`timeoutResponse`; when that response is not configured, it is a `DependencyFailed` too. A call
refused because every in-process hook worker is busy (`HookBusy`) is a failure like a hook that
cannot be reached. Every call is counted and timed by transport and source, with how it failed
(`bot.observability.metrics`). Nothing here knows HTTP or the session store.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot import strict_json
from bot.dialog.hooks import CodeHooks, HookAnswer, HookInvocation, HookTimeout
from bot.errors import DependencyFailed
from bot.hooks import lex_v1_event, lex_v2_event
from bot.hooks.failures import HookFailure, InvalidHookAnswer
from bot.hooks.pool import HookBusy
from bot.hooks.transports import HookTransport, transport_for
from bot.lex import limits
from bot.observability import metrics, trace
from bot.project.bot_config import DRAFT
from bot.project.loader import BotProject
from bot.project.schema import PostFulfillmentStatusSpecification
from bot.turn import DialogAction, SessionState, copied_intent

log = logging.getLogger(__name__)


class LexCodeHooks:
    """`CodeHooks` for a bot whose hook speaks the Lex V2 (default) or V1 Lambda format; its
    events name `bot_version`, the version of the bot it serves (`DRAFT` or a number)."""

    def __init__(
        self,
        project: BotProject,
        transport: HookTransport,
        message_version: str = "V2",
        *,
        bot_version: str = DRAFT,
    ) -> None:
        if message_version not in ("V2", "V1"):
            raise ValueError(f"message version must be V2 or V1, not {message_version!r}")
        self.project = project
        self.transport = transport
        self.message_version = message_version
        self.bot_version = bot_version
        self._transport_kind = transport_kind(transport.target)

    def dialog(self, invocation: HookInvocation) -> HookAnswer:
        try:
            return self.call(invocation)
        except HookTimeout as exc:
            raise DependencyFailed(f"Code hook timed out: {exc}", timed_out=True) from None
        except HookFailure as exc:
            raise DependencyFailed(_failure_message(exc)) from None

    def fulfillment(self, invocation: HookInvocation) -> HookAnswer:
        post = self._post_fulfillment(invocation)
        try:
            return self.call(invocation)
        except HookTimeout as exc:
            if post is None or post.timeoutResponse is None:
                raise DependencyFailed(f"Code hook timed out: {exc}", timed_out=True) from None
            raise  # the dialog engine says the timeout response
        except HookFailure as exc:
            if post is None or post.failureResponse is None:
                raise DependencyFailed(_failure_message(exc)) from None
            return _failed(invocation)  # the dialog engine says the failure response

    def call(self, invocation: HookInvocation) -> HookAnswer:
        """One call of the hook: event out, answer back; raises HookTimeout or HookFailure."""
        v1 = self.message_version == "V1"
        wire = lex_v1_event if v1 else lex_v2_event
        event = wire.build_event(invocation, self.project, self.bot_version)
        with _measured(self._transport_kind, invocation.source):
            raw = self.transport.invoke(event)
            try:
                _within_lex_limits(raw)
                if v1:
                    answer = lex_v1_event.parse_answer(raw, invocation, self.project)
                else:
                    answer = lex_v2_event.parse_answer(raw, event)
                self._check(answer, invocation)
            except InvalidHookAnswer as exc:
                log.error("code hook %s: invalid answer: %s", self.transport.target, exc.reason)
                raise
        return answer

    def _check(self, answer: HookAnswer, invocation: HookInvocation) -> None:
        """What only the bot definition can tell (the intent and slot an answer names exist),
        and Lex's limits on what it sets (`bot.lex.limits`)."""
        intent = answer.session_state.intent or invocation.session_state.intent
        name = self.project.intent_name(intent.name) if intent else None
        if intent is not None and name is None:
            raise InvalidHookAnswer(f"intent {intent.name} does not exist in this bot")
        action = answer.session_state.dialog_action
        if action is not None and action.type == "ElicitSlot":
            definition = self.project.intents[name] if name else None
            if definition is None or definition.slot(action.slot_to_elicit or "") is None:
                raise InvalidHookAnswer(
                    f"cannot elicit slot {action.slot_to_elicit}: it is not a slot of {name}"
                )
        try:
            limits.check_state(answer.session_state)
            limits.check_messages(answer.messages)
        except limits.LimitExceeded as exc:
            raise InvalidHookAnswer(str(exc)) from None

    def _post_fulfillment(
        self, invocation: HookInvocation
    ) -> PostFulfillmentStatusSpecification | None:
        intent = invocation.session_state.intent
        definition = self.project.intents.get(intent.name) if intent else None
        hook = definition.fulfillmentCodeHook if definition else None
        return hook.postFulfillmentStatusSpecification if hook else None


def _within_lex_limits(raw: Any) -> None:
    """An answer Lex could have taken: JSON it can carry (no NaN, no lone surrogate), at most
    `MAX_HOOK_ANSWER_BYTES`; what could not be sent back to a client is never applied."""
    try:
        size = len(strict_json.dumps(raw))
    except strict_json.JsonRefused as exc:
        raise InvalidHookAnswer(f"the response {exc}") from None
    if size > limits.MAX_HOOK_ANSWER_BYTES:
        raise InvalidHookAnswer(
            f"the response is {size:,} bytes as JSON; Lex takes at most "
            f"{limits.MAX_HOOK_ANSWER_BYTES:,} (25 KB)"
        )


def build_hooks(project: BotProject) -> CodeHooks | None:
    """The bot's code hooks from `codeHook` in bot.yaml; None when it has none. Nothing is
    imported or connected here: a hook that cannot be reached fails when it is called."""
    setting = project.config.codeHook
    if setting is None:
        return None
    transport = transport_for(setting.uri, float(setting.timeoutInSeconds), project.root)
    return LexCodeHooks(project, transport, setting.messageVersion)


def transport_kind(target: str) -> str:
    """The transport label of a hook (`python`, `lambda`, `http`) from how it is shown."""
    scheme = target.partition(":")[0]
    return "http" if scheme == "https" else scheme


@contextmanager
def _measured(transport: str, source: str) -> Iterator[None]:
    """Count one hook call, its duration and how it failed (`bot.observability.metrics`)."""
    started = time.perf_counter()
    error: str | None = None
    try:
        yield
    except HookTimeout:
        error = "timeout"
        raise
    except HookBusy:
        error = "busy"
        raise
    except InvalidHookAnswer:
        error = "invalid_answer"
        raise
    except HookFailure:
        error = "failure"
        raise
    except Exception:
        error = "unexpected"
        raise
    finally:
        seconds = time.perf_counter() - started
        kind = "dialog" if source == "DialogCodeHook" else "fulfillment"
        metrics.record_hook_call(transport=transport, source=kind, seconds=seconds, error=error)
        trace.hook_called(kind, transport, seconds, error)  # the test console's view


def _failure_message(exc: HookFailure) -> str:
    prefix = "Invalid Lambda Response" if isinstance(exc, InvalidHookAnswer) else "Code hook failed"
    return f"{prefix}: {exc.reason}"


def _failed(invocation: HookInvocation) -> HookAnswer:
    """The answer of a fulfilment that failed: the intent Failed, no messages of its own."""
    current = invocation.session_state.intent
    intent = copied_intent(current) if current is not None else None
    if intent is not None:
        intent.state = "Failed"
    return HookAnswer(SessionState(dialog_action=DialogAction("Close"), intent=intent))
