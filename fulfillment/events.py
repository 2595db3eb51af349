"""Read-only typed views over Lex V2 and V1 code-hook events (lex-wire.md §2.1, §2.3).

Like AWS Lambda Powertools' event data classes: each wrapper keeps the event dict as it came
and reads a field only when its property is used, so wrapping costs nothing and an unknown,
missing or `null` field never raises (a missing map reads as `{}`, a missing list as `[]`, a
missing string as None). Maps and lists come back as shallow copies, so adding or removing
keys never changes the event (nested slot dicts are shared: treat them as read-only).
Nothing here validates or imports anything outside the standard library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

from fulfillment._base import DictWrapper, EventBase, TextField
from fulfillment.errors import EventError
from fulfillment.slots import (
    interpreted_value,
    interpreted_values,
    original_value,
    resolved_values,
    shape,
    text_value,
)

__all__ = [
    "ActiveContext", "Bot", "DialogAction", "DictWrapper", "Intent", "Interpretation", "LexEvent",
    "LexV1Bot", "LexV1Event", "LexV1Intent", "LexV2Event", "ProposedNextState", "SessionState",
    "Transcription", "interpreted_value", "interpreted_values", "original_value", "parse_event",
    "resolved_values", "shape",
]  # fmt: skip


# --- Lex V2 ------------------------------------------------------------------------------


class Intent(DictWrapper):
    """`sessionState.intent` (and the intents in interpretations and proposedNextState)."""

    __slots__ = ()

    name = TextField("name")
    state = TextField("state", "`InProgress`, `ReadyForFulfillment`, `Fulfilled` or `Failed`.")
    confirmation_state = TextField(
        "confirmationState", "`None` (the string), `Confirmed` or `Denied`."
    )

    @property
    def slots(self) -> dict[str, Any]:
        """Slot name → slot dict, or None for a slot not filled yet."""
        return self._map("slots")

    @property
    def kendra_response(self) -> dict[str, Any] | None:
        return self.get("kendraResponse")

    def slot(self, name: str) -> Mapping[str, Any] | None:
        """The raw slot dict, or None when it is empty or unknown."""
        value = self._map("slots").get(name)
        return value if isinstance(value, Mapping) else None

    def slot_value(self, name: str) -> str | None:
        """The interpreted value (`value.interpretedValue`; a List slot gives its joined text)."""
        value = (self.slot(name) or {}).get("value")
        return text_value(value.get("interpretedValue")) if isinstance(value, Mapping) else None

    def slot_values(self, name: str) -> list[str]:
        """Every interpreted value of the slot: [] when empty, one item for a Scalar."""
        return interpreted_values(self.slot(name))

    def original_value(self, name: str) -> str | None:
        """What the user said for a scalar slot."""
        found = original_value(self.slot(name))
        return found if isinstance(found, str) else None


class DialogAction(DictWrapper):
    __slots__ = ()

    type = TextField("type")
    slot_to_elicit = TextField("slotToElicit")
    slot_elicitation_style = TextField("slotElicitationStyle")


class ActiveContext(DictWrapper):
    __slots__ = ()

    name = TextField("name")

    @property
    def context_attributes(self) -> dict[str, str]:
        return self._map("contextAttributes")

    @property
    def time_to_live_in_seconds(self) -> int | None:
        return self._map("timeToLive").get("timeToLiveInSeconds")

    @property
    def turns_to_live(self) -> int | None:
        return self._map("timeToLive").get("turnsToLive")


class SessionState(DictWrapper):
    __slots__ = ()

    @property
    def session_attributes(self) -> dict[str, str]:
        return self._map("sessionAttributes")

    @property
    def active_contexts(self) -> list[ActiveContext]:
        return [ActiveContext(c) for c in self._list("activeContexts")]

    @property
    def intent(self) -> Intent:
        """The current intent; an empty `Intent` (all None) when the event has none."""
        return Intent(self._data.get("intent"))

    @property
    def dialog_action(self) -> DialogAction | None:
        action = self._data.get("dialogAction")
        return DialogAction(action) if isinstance(action, Mapping) else None

    @property
    def runtime_hints(self) -> dict[str, Any]:
        return self._map("runtimeHints")

    originating_request_id = TextField("originatingRequestId")


class Interpretation(DictWrapper):
    __slots__ = ()

    @property
    def intent(self) -> Intent:
        return Intent(self._data.get("intent"))

    @property
    def nlu_confidence(self) -> float | None:
        """A bare number in Lambda events; None for the fallback interpretation."""
        return self._number("nluConfidence")

    interpretation_source = TextField("interpretationSource")

    @property
    def sentiment_response(self) -> dict[str, Any] | None:
        return self.get("sentimentResponse")


class ProposedNextState(DictWrapper):
    __slots__ = ()

    @property
    def dialog_action(self) -> DialogAction:
        return DialogAction(self._data.get("dialogAction"))

    @property
    def intent(self) -> Intent:
        return Intent(self._data.get("intent"))

    @property
    def prompt_attempt(self) -> str | None:
        """`Initial`, `Retry1` … `Retry5`."""
        return self._map("prompt").get("attempt")


class Transcription(DictWrapper):
    __slots__ = ()

    transcription = TextField("transcription")

    @property
    def transcription_confidence(self) -> float | None:
        return self._number("transcriptionConfidence")

    @property
    def resolved_context_intent(self) -> str | None:
        return self._map("resolvedContext").get("intent")

    @property
    def resolved_slots(self) -> dict[str, Any]:
        return self._map("resolvedSlots")


class Bot(DictWrapper):
    __slots__ = ()

    id = TextField("id")
    name = TextField("name")
    alias_id = TextField("aliasId")
    alias_name = TextField("aliasName")
    locale_id = TextField("localeId")
    version = TextField("version")


class LexV2Event(EventBase):
    """A Lex V2 code-hook event (§2.1)."""

    __slots__ = ()
    api: Literal["V2"] = "V2"

    input_mode = TextField("inputMode", "`Text`, `Speech` or `DTMF`")
    response_content_type = TextField("responseContentType")
    session_id = TextField("sessionId")
    raw_input_transcript = TextField("rawInputTranscript")
    invocation_label = TextField("invocationLabel")

    @property
    def bot(self) -> Bot:
        return Bot(self._data.get("bot"))

    @property
    def session_state(self) -> SessionState:
        return SessionState(self._data.get("sessionState"))

    @property
    def interpretations(self) -> list[Interpretation]:
        return [Interpretation(i) for i in self._list("interpretations")]

    @property
    def proposed_next_state(self) -> ProposedNextState | None:
        """What Lex does on `Delegate`; only on a DialogCodeHook about to elicit a slot."""
        state = self._data.get("proposedNextState")
        return ProposedNextState(state) if isinstance(state, Mapping) else None

    @property
    def transcriptions(self) -> list[Transcription]:
        return [Transcription(t) for t in self._list("transcriptions")]

    # Shortcuts to sessionState.
    @property
    def intent(self) -> Intent:
        return self.session_state.intent

    @property
    def intent_name(self) -> str | None:
        return self.intent.name

    @property
    def session_attributes(self) -> dict[str, str]:
        return self.session_state.session_attributes

    @property
    def confirmation_state(self) -> str | None:
        return self.intent.confirmation_state

    def slot_value(self, name: str) -> str | None:
        return self.intent.slot_value(name)

    def slot_values(self, name: str) -> list[str]:
        return self.intent.slot_values(name)


# --- Lex V1 ------------------------------------------------------------------------------


class LexV1Intent(DictWrapper):
    """`currentIntent` (and the items of `alternativeIntents`): slots are plain strings."""

    __slots__ = ()

    name = TextField("name")

    @property
    def nlu_intent_confidence_score(self) -> float | None:
        return self._number("nluIntentConfidenceScore")

    confirmation_status = TextField(
        "confirmationStatus", "`None` (the string), `Confirmed` or `Denied`."
    )

    @property
    def slots(self) -> dict[str, str | None]:
        """Slot name → value; numbers and booleans read as strings, as Lex sends them."""
        return {name: text_value(value) for name, value in self._map("slots").items()}

    @property
    def slot_details(self) -> dict[str, Any]:
        return self._map("slotDetails")

    def slot_value(self, name: str) -> str | None:
        return text_value(self._map("slots").get(name))

    def slot_values(self, name: str) -> list[str]:
        value = self.slot_value(name)
        return [] if value is None else [value]

    def original_value(self, name: str) -> str | None:
        """`slotDetails[name].originalValue`: what the user said."""
        detail = self.slot_details.get(name)
        return text_value(detail.get("originalValue")) if isinstance(detail, Mapping) else None

    def resolutions(self, name: str) -> list[str]:
        """`slotDetails[name].resolutions[*].value` (at most 5)."""
        detail = self.slot_details.get(name)
        items = detail.get("resolutions") if isinstance(detail, Mapping) else None
        if not isinstance(items, list):
            return []
        found = [text_value(r.get("value")) for r in items if isinstance(r, Mapping)]
        return [v for v in found if v is not None]


class LexV1Bot(DictWrapper):
    __slots__ = ()

    name = TextField("name")
    alias = TextField("alias", "None when `$LATEST` was called")
    version = TextField("version")


class LexV1Event(EventBase):
    """A Lex V1 code-hook event (§2.3)."""

    __slots__ = ()
    api: Literal["V1"] = "V1"

    user_id = TextField("userId")
    output_dialog_mode = TextField("outputDialogMode", "Text or Voice")

    @property
    def current_intent(self) -> LexV1Intent:
        return LexV1Intent(self._data.get("currentIntent"))

    @property
    def alternative_intents(self) -> list[LexV1Intent]:
        return [LexV1Intent(i) for i in self._list("alternativeIntents")]

    @property
    def bot(self) -> LexV1Bot:
        return LexV1Bot(self._data.get("bot"))

    @property
    def session_attributes(self) -> dict[str, str]:
        return self._map("sessionAttributes")

    @property
    def recent_intent_summary_view(self) -> list[dict[str, Any]]:
        return self._list("recentIntentSummaryView")

    @property
    def active_contexts(self) -> list[dict[str, Any]]:
        """V1 contexts: `{name, timeToLive, parameters}`."""
        return self._list("activeContexts")

    @property
    def sentiment_response(self) -> dict[str, Any] | None:
        return self.get("sentimentResponse")

    @property
    def kendra_response(self) -> dict[str, Any] | None:
        return self.get("kendraResponse")

    # The same shortcuts as LexV2Event.
    @property
    def intent(self) -> LexV1Intent:
        return self.current_intent

    @property
    def intent_name(self) -> str | None:
        return self.current_intent.name

    @property
    def confirmation_state(self) -> str | None:
        return self.current_intent.confirmation_status

    def slot_value(self, name: str) -> str | None:
        return self.current_intent.slot_value(name)

    def slot_values(self, name: str) -> list[str]:
        return self.current_intent.slot_values(name)


LexEvent: TypeAlias = LexV2Event | LexV1Event


def parse_event(event: Mapping[str, Any], context: Any = None) -> LexEvent:
    """Wrap a raw event in the class of its Lex version (V1 has `currentIntent`, V2
    `sessionState`; both say `messageVersion: "1.0"`, so that field cannot tell them apart)."""
    if not isinstance(event, Mapping):
        raise EventError(f"a Lex event is a JSON object, not {type(event).__name__}")
    if "currentIntent" in event:
        return LexV1Event(event, context)
    if "sessionState" in event:
        return LexV2Event(event, context)
    raise EventError("not a Lex code-hook event: it has neither sessionState nor currentIntent")
