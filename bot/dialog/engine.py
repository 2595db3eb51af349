"""The dialog engine: one conversation turn with Lex V2 semantics, from a neutral `TurnRequest`
and the stored session document to a `TurnResponse` and the next document.

The engine keeps nothing between calls and never touches storage: the caller loads the document,
passes it in and saves what comes back (`bot.runtime`). Time comes only from the injected clock
and randomness only from the injected generator, so conversations replay exactly in tests. It
knows the NLU result, the turn model and the code-hook seam; never HTTP or a wire format.
"""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.dialog import contexts
from bot.dialog.assist import SlotAssistant
from bot.dialog.assisted_slots import AssistedSlots
from bot.dialog.builtin_intents import BuiltinIntents
from bot.dialog.dialog_turn import DialogTurn
from bot.dialog.document import SessionDocument, is_current_format
from bot.dialog.hook_calls import HookCalls
from bot.dialog.hooks import Api, CodeHooks
from bot.dialog.prompts import MessageRenderer
from bot.dialog.reading import InputReader
from bot.dialog.search import KnowledgeSearch
from bot.dialog.search_intents import SearchIntents
from bot.dialog.slots import with_all_slots
from bot.dialog.steps import Steps
from bot.errors import InvalidRequest, NotFound
from bot.nlu.types import Interpretation, ParseContext
from bot.nlu.understanding import Understanding
from bot.project.loader import BotProject
from bot.turn import (
    DialogAction,
    IntentState,
    Message,
    SessionKey,
    SessionState,
    TurnRequest,
    TurnResponse,
    copied_intent,
)

TIME_ZONE_ATTRIBUTE = "x-amz-lex:time-zone"


class DialogEngine:
    def __init__(
        self,
        project: BotProject,
        nlu: Understanding,
        *,
        hooks: CodeHooks | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        assistant: SlotAssistant | None = None,
        searcher: KnowledgeSearch | None = None,
    ) -> None:
        """`assistant` reads slot answers the NLU misses, for slots that ask for it;
        `searcher` answers the bot's search intents (Kendra, QnA) from their services."""
        self.project = project
        self.nlu = nlu
        self.clock = clock
        assisted = AssistedSlots(project, nlu, assistant)
        # A code hook, a model or a remote NLU may take seconds: servers run such turns off-loop.
        self.calls_out = hooks is not None or assisted.assistant is not None or nlu.calls_out
        renderer = MessageRenderer(rng or random.Random())
        steps = Steps(project, nlu, renderer, HookCalls(hooks, project))
        builtins = BuiltinIntents(steps, renderer)
        search = SearchIntents(project, steps, searcher)
        self.calls_out = self.calls_out or search.calls_out
        self._reader = InputReader(project, nlu, steps, builtins, assisted, search)

    @property
    def ttl_seconds(self) -> int:
        """How long an idle session lives (the bot's `idleSessionTTLInSeconds`)."""
        return self.project.config.idleSessionTTLInSeconds

    def new_document(self, key: SessionKey) -> SessionDocument:
        return SessionDocument(key=key, updated_at=self.clock())

    # ------------------------------------------------------------ operations

    def run_turn(
        self, request: TurnRequest, stored: dict[str, Any] | None, *, api: Api = "V2"
    ) -> tuple[TurnResponse, dict[str, Any]]:
        """One turn: `stored` is the document this method returned last time (None for a new or
        expired session); returns the response and the document to store."""
        now = self.clock()
        doc = (
            SessionDocument.from_json(stored)
            if is_current_format(stored)
            else self.new_document(request.key)
        )
        doc.key = request.key
        doc.turn += 1
        self._apply_client_state(doc, request, now)
        doc.contexts = contexts.live(doc.contexts, now)
        turn = DialogTurn(
            request=request,
            doc=doc,
            ctx=self._parse_context(request, now),
            now=now,
            api=api,
            threshold=self.project.threshold,
            started_with=list(doc.contexts),
        )
        self._reader.read(turn)

        doc.contexts = contexts.end_of_turn(doc.contexts, turn.started_with)
        doc.state.originating_request_id = request.request_id
        doc.last_messages = list(turn.messages)
        doc.interpretations = _with_session_slots(turn.interpretations, doc.state.intent)
        doc.last_input = request.text
        doc.updated_at = now
        data = doc.to_json()
        # The response is read back from what is stored, so GetSession shows the same state.
        saved = SessionDocument.from_json(data)
        response = self._response(saved, now, saved.last_messages, turn.request_attributes)
        response.input_text = request.text
        return response, data

    def get_session(self, stored: dict[str, Any]) -> TurnResponse:
        """The session as GetSession shows it: state, last messages and interpretations."""
        if not is_current_format(stored):
            raise NotFound("No session found (it was stored by another engine version)")
        doc = SessionDocument.from_json(stored)
        response = self._response(doc, self.clock(), doc.last_messages, {})
        response.input_text = doc.last_input
        return response

    def put_session(
        self,
        key: SessionKey,
        state: SessionState,
        messages: list[Message],
        request_attributes: dict[str, str],
        stored: dict[str, Any] | None,
    ) -> tuple[TurnResponse, dict[str, Any]]:
        """PutSession: `state` replaces the stored session; the next turn continues from its
        dialog action (ElicitSlot X reads the next input as X). Returns `messages`."""
        now = self.clock()
        doc = (
            SessionDocument.from_json(stored)
            if is_current_format(stored)
            else self.new_document(key)
        )
        doc.key = key
        doc.state = SessionState(
            dialog_action=_checked_action(state.dialog_action),
            intent=self._checked_intent(state.intent, state.dialog_action),
            session_attributes=dict(state.session_attributes),
            originating_request_id=state.originating_request_id,
        )
        doc.contexts = [contexts.from_client(c, now) for c in state.active_contexts]
        doc.retries = {}
        doc.last_messages = list(messages)
        doc.interpretations = []
        doc.updated_at = now
        data = doc.to_json()
        return self._response(doc, now, messages, request_attributes), data

    # ------------------------------------------------------------ steps of a turn

    def _apply_client_state(self, doc: SessionDocument, request: TurnRequest, now: float) -> None:
        """Lex: attributes and contexts sent replace the stored ones (an empty list clears),
        absent ones are kept; a sent intent or dialog action replaces the stored one."""
        sent = request.session_state
        if sent is None:
            return
        if request.sent_attributes:
            doc.state.session_attributes = dict(sent.session_attributes)
        if request.sent_contexts:
            doc.contexts = [contexts.from_client(c, now) for c in sent.active_contexts]
        if sent.intent is not None:
            before = doc.state.intent
            doc.state.intent = self._checked_intent(sent.intent, sent.dialog_action)
            doc.state.dialog_action = _checked_action(sent.dialog_action)
            if before is None or before.name != sent.intent.name:
                doc.retries = {}
        elif sent.dialog_action is not None:
            doc.state.dialog_action = _checked_action(sent.dialog_action)

    def _checked_intent(
        self, intent: IntentState | None, action: DialogAction | None
    ) -> IntentState | None:
        if intent is None:
            return None
        name = self.project.intent_name(intent.name)
        if name is None:
            raise InvalidRequest(f"Intent {intent.name} does not exist in this bot")
        definition = self.project.intents[name]
        if action is not None and action.type == "ElicitSlot":
            slot = action.slot_to_elicit
            if not slot or definition.slot(slot) is None:
                raise InvalidRequest(f"Slot {slot} does not exist in intent {name}")
        checked = copied_intent(intent)
        checked.name = name
        return with_all_slots(definition, checked)

    def _parse_context(self, request: TurnRequest, now: float) -> ParseContext:
        zone = request.request_attributes.get(TIME_ZONE_ATTRIBUTE) or self.project.config.timeZone
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidRequest(
                f"Invalid {TIME_ZONE_ATTRIBUTE} request attribute {zone!r}: "
                "use an IANA time zone such as America/New_York"
            ) from None
        return ParseContext(now=datetime.fromtimestamp(now, UTC), time_zone=zone or "UTC")

    def _response(
        self,
        doc: SessionDocument,
        now: float,
        messages: list[Message],
        request_attributes: dict[str, str],
    ) -> TurnResponse:
        # A new state object around the document's parts: callers hand in a document that is
        # discarded or already serialised, so nothing needs a deep copy (it cost half a turn).
        stored = doc.state
        state = SessionState(
            dialog_action=stored.dialog_action,
            intent=stored.intent,
            session_attributes=dict(stored.session_attributes),
            active_contexts=contexts.view(doc.contexts, now),
            originating_request_id=stored.originating_request_id,
        )
        return TurnResponse(
            key=doc.key,
            session_state=state,
            messages=list(messages),
            interpretations=list(doc.interpretations),
            request_attributes=dict(request_attributes),
        )


def _checked_action(action: DialogAction | None) -> DialogAction | None:
    return copy.copy(action) if action is not None else None


def _with_session_slots(
    interpretations: list[Interpretation], intent: IntentState | None
) -> list[Interpretation]:
    """The interpretation of the session's intent shows the intent's slots as they now are."""
    return [
        Interpretation(i.intent, i.confidence, dict(intent.slots), i.source)
        if intent is not None and i.intent == intent.name
        else i
        for i in interpretations
    ]
