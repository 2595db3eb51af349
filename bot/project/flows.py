"""The conversation-flow part of the bot-file schema (Lex V2 "next step" settings, Aug 2022).

A `DialogState` names the step to take next (`dialogAction.type`: ElicitIntent, StartIntent,
ElicitSlot, EvaluateConditional, InvokeDialogCodeHook, ConfirmIntent, FulfillIntent, CloseIntent,
EndConversation) with slot overrides and session attributes to set first; a
`ConditionalSpecification` picks one of up to four branches by condition expression; code-hook
blocks say whether a step calls the dialog hook and where to go on success, failure or timeout.
Keys and nulls are those of a Lex V2 export (reference lex-flows §2-§5): `"dialogAction": null`
and `"intent": {"name": null, "slots": {}}` mean "no step / no override". Condition expressions
are parsed here, once, so a bad one is reported with its file and line by `bot check`. This
module only describes shape; what a step does is the dialog engine's business.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, PrivateAttr, field_validator

from bot.project.conditions import Condition, ConditionError, parse_condition
from bot.project.messages import LexModel, ResponseSpecification

StepType = Literal[
    "ElicitIntent",
    "StartIntent",
    "ElicitSlot",
    "EvaluateConditional",
    "InvokeDialogCodeHook",
    "ConfirmIntent",
    "FulfillIntent",
    "CloseIntent",
    "EndConversation",
]


class OverrideValue(LexModel):
    interpretedValue: str | None = None  # null clears the slot


class SlotValueOverride(LexModel):
    shape: Literal["Scalar", "List"] | None = None
    value: OverrideValue | None = None
    values: list[SlotValueOverride] | None = None

    def texts(self) -> list[str]:
        """The values this override sets; [] clears the slot."""
        if self.values:
            return [t for v in self.values for t in v.texts()]
        if self.value is not None and self.value.interpretedValue:
            return [self.value.interpretedValue]
        return []


class IntentOverride(LexModel):
    name: str | None = None
    slots: dict[str, SlotValueOverride | None] = Field(default_factory=dict)


class StepAction(LexModel):
    type: StepType
    slotToElicit: str | None = None
    suppressNextMessage: bool = False


class DialogState(LexModel):
    """A next step: what to set, then where to go (no `dialogAction`: the default path)."""

    dialogAction: StepAction | None = None
    intent: IntentOverride | None = None
    sessionAttributes: dict[str, str] = Field(default_factory=dict)

    @property
    def step(self) -> StepType | None:
        return self.dialogAction.type if self.dialogAction else None

    def slot_overrides(self) -> dict[str, list[str] | None]:
        """Slot name -> the values this step sets (None clears the slot)."""
        if self.intent is None:
            return {}
        return {
            name: (override.texts() or None) if override is not None else None
            for name, override in self.intent.slots.items()
        }


class ExpressionCondition(LexModel):
    expressionString: str = Field(min_length=1, max_length=1024)
    _parsed: Condition | None = PrivateAttr(default=None)

    @field_validator("expressionString")
    @classmethod
    def _parses(cls, expression: str) -> str:
        try:
            parse_condition(expression)
        except ConditionError as exc:
            raise ValueError(
                f"invalid condition {expression!r} at character {exc.position + 1}: {exc.message}"
            ) from None
        return expression

    @property
    def parsed(self) -> Condition:
        if self._parsed is None:
            self._parsed = parse_condition(self.expressionString)
        return self._parsed


class ConditionalBranch(LexModel):
    name: str = Field(min_length=1, max_length=100)
    condition: ExpressionCondition
    nextStep: DialogState
    response: ResponseSpecification | None = None


class DefaultConditionalBranch(LexModel):
    nextStep: DialogState | None = None
    response: ResponseSpecification | None = None


class ConditionalSpecification(LexModel):
    isActive: bool = True
    conditionalBranches: list[ConditionalBranch] = Field(min_length=1, max_length=4)
    defaultBranch: DefaultConditionalBranch = Field(default_factory=DefaultConditionalBranch)


class PostCodeHookSpecification(LexModel):
    """Where a dialog code hook's outcome leads: a response, a next step and a conditional for
    each of success, failure (an exception or `Failed`) and timeout."""

    successResponse: ResponseSpecification | None = None
    successNextStep: DialogState | None = None
    successConditional: ConditionalSpecification | None = None
    failureResponse: ResponseSpecification | None = None
    failureNextStep: DialogState | None = None
    failureConditional: ConditionalSpecification | None = None
    timeoutResponse: ResponseSpecification | None = None
    timeoutNextStep: DialogState | None = None
    timeoutConditional: ConditionalSpecification | None = None


class DialogCodeHookInvocation(LexModel):
    """A dialog code hook at a step; `enableCodeHookInvocation: false` succeeds without a call."""

    enableCodeHookInvocation: bool = True
    isActive: bool = True
    invocationLabel: str | None = Field(default=None, max_length=100)
    postCodeHookSpecification: PostCodeHookSpecification = Field(
        default_factory=PostCodeHookSpecification
    )


class ElicitationCodeHookInvocation(LexModel):
    """The dialog code hook called on retries of a slot or confirmation prompt."""

    enableCodeHookInvocation: bool = True
    invocationLabel: str | None = Field(default=None, max_length=100)


class FulfillmentUpdatesSpecification(LexModel):
    """Progress messages while a fulfilment runs: a streaming feature; only its timeout counts
    for text turns."""

    isActive: bool = False
    startResponse: dict[str, Any] | None = None
    updateResponse: dict[str, Any] | None = None
    timeoutInSeconds: int | None = Field(default=None, ge=1, le=900)


def configures_flow(definition: Any) -> bool:
    """Whether an intent definition configures any conversation-flow setting: a next step with
    an action, a conditional, or a step-level code hook. Intents without any run the classic
    regime (the dialog code hook on every turn while it is enabled)."""
    initial = definition.initialResponseSetting
    confirmation = definition.intentConfirmationSetting
    closing = definition.intentClosingSetting
    hook = definition.fulfillmentCodeHook
    post = hook.postFulfillmentStatusSpecification if hook else None
    states: list[DialogState | None] = []
    conditionals: list[ConditionalSpecification | None] = []
    hooks: list[object] = []
    if initial:
        states.append(initial.nextStep)
        conditionals.append(initial.conditional)
        hooks.append(initial.codeHook)
    if confirmation:
        states += [
            confirmation.confirmationNextStep,
            confirmation.declinationNextStep,
            confirmation.failureNextStep,
        ]
        conditionals += [
            confirmation.confirmationConditional,
            confirmation.declinationConditional,
            confirmation.failureConditional,
        ]
        hooks += [confirmation.codeHook, confirmation.elicitationCodeHook]
    if closing:
        states.append(closing.nextStep)
        conditionals.append(closing.conditional)
    if post:
        states += [post.successNextStep, post.failureNextStep, post.timeoutNextStep]
        conditionals += [post.successConditional, post.failureConditional, post.timeoutConditional]
    for slot in definition.slots:
        capture = slot.valueElicitationSetting.slotCaptureSetting
        if capture:
            states += [capture.captureNextStep, capture.failureNextStep]
            conditionals += [capture.captureConditional, capture.failureConditional]
            hooks += [capture.codeHook, capture.elicitationCodeHook]
    return (
        any(s is not None and s.dialogAction is not None for s in states)
        or any(c is not None for c in conditionals)
        or any(h is not None for h in hooks)
    )
