"""Lex V2 conversation flows: running the next steps, conditional branches and step-level code
hooks that an intent's settings configure (reference lex-flows §2-§5).

An intent runs in the flow regime when its definition configures any flow setting
(`IntentDefinition.uses_flows`);
then the dialog code hook is called only at the steps that say so, and each stage goes where its
next step, conditional or code-hook outcome points, with the default path (next slot by priority,
confirmation, fulfilment, closing, end) wherever nothing is configured. Steps chain within one
turn until one waits for the user; a flow that keeps stepping without ever waiting is stopped
with `LoopDetected`. Every response met on the way is said. What the user's input means is
`bot.dialog.reading`'s job; the plain stages (prompts, fulfilment) are `bot.dialog.steps`'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.dialog import slots
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.hooks import HookTimeout
from bot.errors import DependencyFailed, LoopDetected
from bot.nlu.builtins import canonical_name
from bot.project.conditions import ConditionEnv, SlotReading
from bot.project.flows import (
    ConditionalSpecification,
    DialogCodeHookInvocation,
    DialogState,
    ElicitationCodeHookInvocation,
    PostCodeHookSpecification,
)
from bot.project.messages import ResponseSpecification
from bot.project.schema import IntentDefinition
from bot.turn import DialogAction

if TYPE_CHECKING:
    from bot.dialog.steps import Steps

MAX_STEPS = 40  # steps chained in one turn before the flow is taken to loop
Then = Callable[[], None]

_KINDS = {
    "AMAZON.Number": "number",
    "AMAZON.Percentage": "number",
    "AMAZON.Date": "date",
    "AMAZON.Time": "time",
    "AMAZON.Duration": "duration",
}


@dataclass(frozen=True, slots=True)
class Site:
    """The setting a step belongs to: what `EvaluateConditional` evaluates and what
    `InvokeDialogCodeHook` calls."""

    conditional: ConditionalSpecification | None = None
    code_hook: DialogCodeHookInvocation | None = None


class Flow:
    def __init__(self, steps: Steps) -> None:
        self.steps = steps

    # ------------------------------------------------------------ stages

    def initial(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        """After the initial response: its next step, or its code hook, or the default path."""
        setting = definition.initialResponseSetting
        site = Site(setting.conditional, setting.codeHook) if setting else Site()
        if setting is not None and setting.nextStep is not None:
            self.go(turn, setting.nextStep, site, self.default)
        elif site.code_hook is not None:
            self.invoke(turn, site.code_hook, lambda: self.default(turn))
        else:
            self.default(turn)

    def captured(self, turn: DialogTurn, definition: IntentDefinition, slot: str) -> None:
        """A value was captured for the elicited `slot`."""
        found = definition.slot(slot)
        capture = found.valueElicitationSetting.slotCaptureSetting if found else None
        if capture is None:
            self.default(turn)
            return
        self.say(turn, capture.captureResponse)
        site = Site(capture.captureConditional, capture.codeHook)
        if capture.captureNextStep is not None:
            self.go(turn, capture.captureNextStep, site, self.default)
        elif capture.codeHook is not None:
            self.invoke(turn, capture.codeHook, lambda: self.default(turn))
        else:
            self.default(turn)

    def slot_failed(self, turn: DialogTurn, definition: IntentDefinition, slot: str) -> None:
        """No usable value after the slot's retries."""
        found = definition.slot(slot)
        capture = found.valueElicitationSetting.slotCaptureSetting if found else None
        if capture is None:
            self.steps.give_up(turn, [])
            return
        self.say(turn, capture.failureResponse)
        site = Site(capture.failureConditional, capture.codeHook)
        self.go(turn, capture.failureNextStep, site, lambda t: self.steps.give_up(t, []))

    def confirmed(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        setting = definition.intentConfirmationSetting
        if setting is None:
            self.default(turn)
            return
        self.say(turn, setting.confirmationResponse)
        site = Site(setting.confirmationConditional, setting.codeHook)
        self.go(turn, setting.confirmationNextStep, site, self.default)

    def declined(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        setting = definition.intentConfirmationSetting
        self.say(turn, setting.declinationResponse if setting else None)
        site = Site(setting.declinationConditional, setting.codeHook) if setting else Site()
        step = setting.declinationNextStep if setting else None
        self.go(turn, step, site, lambda t: self.end(t, failed=True), failed=True)

    def confirmation_failed(self, turn: DialogTurn, definition: IntentDefinition) -> None:
        setting = definition.intentConfirmationSetting
        self.say(turn, setting.failureResponse if setting else None)
        site = Site(setting.failureConditional, setting.codeHook) if setting else Site()
        step = setting.failureNextStep if setting else None
        self.go(turn, step, site, lambda t: self.steps.give_up(t, []), failed=True)

    def after_fulfilment(self, turn: DialogTurn, outcome: str, hook_messages: bool) -> None:
        """`outcome` is success, failure or timeout; `hook_messages`: the hook spoke instead of
        the configured success response."""
        intent = turn.intent
        assert intent is not None
        definition = self.steps.definition(intent)
        hook = definition.fulfillmentCodeHook
        post = hook.postFulfillmentStatusSpecification if hook else None
        response, step, conditional = _post(post, outcome)
        if not (hook_messages and outcome == "success"):
            self.say(turn, response)
        failed = outcome != "success"
        self.go(turn, step, Site(conditional), self.close, failed=failed)

    def close(self, turn: DialogTurn) -> None:
        """The closing response, then the closing next step (by default: the end)."""
        intent = turn.intent
        if intent is None:
            self.end(turn)
            return
        definition = self.steps.definition(intent)
        setting = definition.intentClosingSetting
        if setting is None:
            self.end(turn)
            return
        if setting.isActive:
            self.say(turn, setting.closingResponse)
        self.go(turn, setting.nextStep, Site(setting.conditional), self.end)

    def end(self, turn: DialogTurn, *, failed: bool = False) -> None:
        intent = turn.intent
        if intent is not None and intent.state not in ("Fulfilled", "Failed"):
            intent.state = "Failed" if failed else "Fulfilled"
        turn.set_action("Close")

    def _wait_for_intent(self, turn: DialogTurn) -> None:
        """The intent stops here and the bot waits for a new request: the fallback has done
        its job, any other unfinished intent is given up."""
        intent = turn.intent
        if intent is not None and intent.state == "InProgress":
            fallback = self.steps.definition(intent).is_fallback
            intent.state = "Fulfilled" if fallback else "Failed"
        turn.set_action("ElicitIntent")

    def default(self, turn: DialogTurn) -> None:
        """The default path from where the intent stands: next slot, confirmation, fulfilment."""
        intent = turn.intent
        assert intent is not None
        definition = self.steps.definition(intent)
        self.steps.take(turn, definition, self.steps.next_action(definition, intent))

    # ------------------------------------------------------------ steps

    def go(
        self,
        turn: DialogTurn,
        state: DialogState | None,
        site: Site,
        default: Callable[[DialogTurn], None],
        *,
        failed: bool = False,
    ) -> None:
        """Take the next step `state` (None or no action: `default`)."""
        turn.flow_steps += 1
        if turn.flow_steps > MAX_STEPS:
            raise LoopDetected(
                f"The conversation flow took more than {MAX_STEPS} steps without waiting for "
                "the user; check the bot's next steps"
            )
        kind = state.step if state is not None else None
        if state is not None:
            self._apply(turn, state)
        if state is None or state.dialogAction is None or kind is None:
            default(turn)
            return
        action = state.dialogAction
        if kind == "EvaluateConditional":
            self.conditional(turn, site, default, failed=failed)
        elif kind == "InvokeDialogCodeHook":
            if site.code_hook is None:
                default(turn)
            else:
                self.invoke(turn, site.code_hook, lambda: default(turn))
        elif kind == "ElicitIntent":
            self._wait_for_intent(turn)
        elif kind == "StartIntent":
            name = state.intent.name if state.intent else None
            self.steps.start_named(turn, name or _current_name(turn), state.slot_overrides())
        elif kind == "ElicitSlot":
            self._elicit(turn, state, action.slotToElicit, action.suppressNextMessage)
        elif kind == "ConfirmIntent":
            intent = turn.intent
            assert intent is not None
            self.steps.confirm(turn, self.steps.definition(intent))
        elif kind == "FulfillIntent":
            intent = turn.intent
            assert intent is not None
            self.steps.fulfil(turn, self.steps.definition(intent))
        elif kind == "CloseIntent":
            self.close(turn)
        else:  # EndConversation
            self.end(turn, failed=failed)

    def conditional(
        self,
        turn: DialogTurn,
        site: Site,
        default: Callable[[DialogTurn], None],
        *,
        failed: bool = False,
    ) -> None:
        spec = site.conditional
        if spec is None or not spec.isActive:
            default(turn)
            return
        env = self._env(turn)
        for branch in spec.conditionalBranches:
            if branch.condition.parsed.evaluate(env):
                self.say(turn, branch.response)
                self.go(turn, branch.nextStep, site, default, failed=failed)
                return
        self.say(turn, spec.defaultBranch.response)
        self.go(turn, spec.defaultBranch.nextStep, site, default, failed=failed)

    def invoke(self, turn: DialogTurn, setting: DialogCodeHookInvocation, default: Then) -> None:
        """A dialog code hook at a step, then its success, failure or timeout path. A hook that
        is not called (inactive, invocation disabled, the intent's dialog hook off, or no hook
        configured) counts as a success, so the flow goes where its author wired it."""
        intent = turn.intent
        assert intent is not None
        definition = self.steps.definition(intent)
        post = setting.postCodeHookSpecification
        calls = self.steps.hooks
        outcome = "success"
        called = setting.isActive and setting.enableCodeHookInvocation
        if called and calls.dialog_enabled(definition):
            proposed = self.steps.next_action(definition, intent)
            try:
                answer = calls.call(turn, "DialogCodeHook", proposed, label=setting.invocationLabel)
            except HookTimeout:
                outcome = "timeout"
            except DependencyFailed as exc:
                outcome = "timeout" if exc.timed_out else "failure"
            else:
                current = turn.intent
                if current is not None and current.state == "Failed":
                    outcome = "failure"
                elif self.steps.follow(turn, answer):
                    return  # the hook decided the next step itself
        response, step, conditional = _post(post, outcome)
        self.say(turn, response)
        site = Site(conditional, setting)
        self.go(turn, step, site, lambda t: default(), failed=outcome != "success")

    def elicitation_hook(
        self,
        turn: DialogTurn,
        setting: ElicitationCodeHookInvocation | None,
        proposed: DialogAction,
        attempt: int,
    ) -> bool:
        """The elicitation code hook on a retry; True when its answer decided the turn."""
        intent = turn.intent
        if setting is None or not setting.enableCodeHookInvocation or intent is None:
            return False
        if not self.steps.hooks.dialog_enabled(self.steps.definition(intent)):
            return False
        answer = self.steps.hooks.call(
            turn,
            "DialogCodeHook",
            proposed,
            label=setting.invocationLabel,
            prompt_attempt=f"Retry{min(attempt, 5)}",
        )
        return self.steps.follow(turn, answer)

    # ------------------------------------------------------------ pieces

    def say(self, turn: DialogTurn, response: ResponseSpecification | None) -> None:
        turn.say(self.steps.response(turn, response))

    def _elicit(self, turn: DialogTurn, state: DialogState, slot: str | None, quiet: bool) -> None:
        target = state.intent.name if state.intent and state.intent.name else _current_name(turn)
        current = turn.intent
        if current is None or current.name != target:
            self.steps.start_named(turn, target, state.slot_overrides(), run=False)
        intent = turn.intent
        assert intent is not None
        definition = self.steps.definition(intent)
        if not slot or definition.slot(slot) is None:
            self.default(turn)
            return
        self.steps.elicit(turn, definition, slot, say_prompt=not quiet)

    def _apply(self, turn: DialogTurn, state: DialogState) -> None:
        """A step's session attributes (merged) and slot overrides of the current intent."""
        turn.attributes.update(
            {k: self._value(turn, v) or "" for k, v in state.sessionAttributes.items()}
        )
        override = state.intent
        intent = turn.intent
        if override is None or intent is None:
            return
        if override.name and override.name != intent.name:
            return  # for the intent being switched to: applied when it starts
        slots.set_values(intent, state.slot_overrides(), lambda v: self._value(turn, v))

    def _value(self, turn: DialogTurn, value: str) -> str | None:
        """A step value: a constant, `{slot}` or `[session attribute]`; an unset one is None."""
        value = value.strip() if value else value
        intent = turn.intent
        if len(value) > 2 and value[0] == "{" and value[-1] == "}":
            slot = intent.slots.get(value[1:-1]) if intent else None
            return ", ".join(slots.slot_texts(slot)) or None
        if len(value) > 2 and value[0] == "[" and value[-1] == "]":
            return turn.attributes.get(value[1:-1])
        return value

    def _env(self, turn: DialogTurn) -> ConditionEnv:
        intent = turn.intent
        readings: dict[str, SlotReading] = {}
        if intent is not None:
            definition = self.steps.definition(intent)
            for name, value in intent.slots.items():
                found = definition.slot(name)
                type_name = canonical_name(found.slotTypeName) if found else None
                kind = _KINDS.get(type_name or "", "string")
                readings[name] = SlotReading(tuple(slots.slot_texts(value)), kind)
        return ConditionEnv(
            slots=readings,
            session_attributes=dict(turn.attributes),
            request_attributes=dict(turn.request_attributes),
            input_transcript=turn.text,
        )


def _post(
    post: PostCodeHookSpecification | object | None, outcome: str
) -> tuple[ResponseSpecification | None, DialogState | None, ConditionalSpecification | None]:
    if post is None:
        return None, None, None
    return (
        getattr(post, f"{outcome}Response", None),
        getattr(post, f"{outcome}NextStep", None),
        getattr(post, f"{outcome}Conditional", None),
    )


def _current_name(turn: DialogTurn) -> str:
    intent = turn.intent
    assert intent is not None, "a step without an intent name needs a current intent"
    return intent.name
