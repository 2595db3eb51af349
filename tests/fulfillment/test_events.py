"""The read-only event views: every field, missing fields, slot shapes."""

from __future__ import annotations

import pytest

from fulfillment.errors import EventError
from fulfillment.events import (
    DictWrapper,
    Intent,
    LexV1Event,
    LexV2Event,
    parse_event,
)
from fulfillment.slots import resolved_values
from tests.events import load_event


@pytest.fixture
def dialog() -> LexV2Event:
    return LexV2Event(load_event("lexv2_register_dialog"))


def test_v2_top_level_fields(dialog: LexV2Event) -> None:
    assert dialog.api == "V2"
    assert dialog.message_version == "1.0"
    assert dialog.invocation_source == "DialogCodeHook"
    assert dialog.is_dialog_hook and not dialog.is_fulfillment_hook
    assert dialog.input_mode == "Text"
    assert dialog.response_content_type == "text/plain; charset=utf-8"
    assert dialog.session_id == "8f2c1d0e-5b7a-4e3c-9a61-2d4f7c9b0e15"
    assert dialog.input_transcript == "my name is Ada"
    assert dialog.raw_input_transcript is None
    assert dialog.invocation_label is None
    assert dialog.request_attributes == {"x-amz-lex:channels:platform": "Web"}


def test_v2_bot_block(dialog: LexV2Event) -> None:
    bot = dialog.bot
    assert (bot.id, bot.name, bot.alias_id, bot.alias_name) == (
        "EVNTB0T123",
        "EventBot",
        "TSTALIASID",
        "TestBotAlias",
    )
    assert (bot.locale_id, bot.version) == ("en_US", "DRAFT")


def test_v2_session_state_and_intent(dialog: LexV2Event) -> None:
    state = dialog.session_state
    assert state.session_attributes == {"source": "homepage"}
    assert state.active_contexts == []
    assert state.originating_request_id == "3b1e9c52-8f0d-4a7e-b6c4-1f5a2d8e9c30"
    assert state.dialog_action is None
    intent = state.intent
    assert (intent.name, intent.state, intent.confirmation_state) == (
        "RegisterUserForEvent",
        "InProgress",
        "None",
    )
    assert set(intent.slots) == {"eventName", "eventDate", "firstName", "email"}
    assert intent.slot_value("eventName") == "PyCon"
    assert intent.original_value("eventName") == "PyCon UK"
    assert intent.slot_value("email") is None
    assert intent.slot("email") is None
    assert dialog.intent == intent and dialog.intent_name == "RegisterUserForEvent"
    assert dialog.confirmation_state == "None"
    assert dialog.session_attributes == {"source": "homepage"}


def test_v2_interpretations_have_bare_number_confidence(dialog: LexV2Event) -> None:
    top, fallback = dialog.interpretations
    assert top.nlu_confidence == pytest.approx(0.92)
    assert top.intent.name == "RegisterUserForEvent"
    assert top.interpretation_source == "Lex"
    assert top.sentiment_response is not None
    assert top.sentiment_response["sentiment"] == "NEUTRAL"
    assert fallback.intent.name == "FallbackIntent"
    assert fallback.nlu_confidence is None


def test_v2_confidence_in_runtime_shape_is_read_too() -> None:
    event = LexV2Event({"interpretations": [{"nluConfidence": {"score": 0.5}}]})
    assert event.interpretations[0].nlu_confidence == 0.5


def test_v2_proposed_next_state(dialog: LexV2Event) -> None:
    proposed = dialog.proposed_next_state
    assert proposed is not None
    assert proposed.dialog_action.type == "ElicitSlot"
    assert proposed.dialog_action.slot_to_elicit == "email"
    assert proposed.intent.slot_value("firstName") == "Ada"
    assert proposed.prompt_attempt == "Initial"


def test_v2_fulfillment_event_has_no_proposed_next_state() -> None:
    event = LexV2Event(load_event("lexv2_register_fulfillment"))
    assert event.proposed_next_state is None
    assert event.is_fulfillment_hook
    assert event.confirmation_state == "Confirmed"
    assert event.intent.state == "ReadyForFulfillment"


def test_v2_transcriptions(dialog: LexV2Event) -> None:
    (only,) = dialog.transcriptions
    assert only.transcription == "my name is Ada"
    assert only.transcription_confidence == 1.0
    assert only.resolved_context_intent == "RegisterUserForEvent"
    assert "firstName" in only.resolved_slots


def test_v2_active_contexts() -> None:
    context = {
        "name": "registered",
        "contextAttributes": {"eventName": "PyCon"},
        "timeToLive": {"timeToLiveInSeconds": 300, "turnsToLive": 3},
    }
    event = LexV2Event(load_event("lexv2_register_dialog"))
    event.raw["sessionState"]["activeContexts"] = [context]  # type: ignore[index]
    (active,) = event.session_state.active_contexts
    assert active.name == "registered"
    assert active.context_attributes == {"eventName": "PyCon"}
    assert (active.time_to_live_in_seconds, active.turns_to_live) == (300, 3)


def test_v2_missing_fields_read_as_empty() -> None:
    event = LexV2Event({})
    assert event.session_id is None and event.input_transcript is None
    assert event.bot.name is None
    assert event.interpretations == [] and event.transcriptions == []
    assert event.request_attributes == {} and event.session_attributes == {}
    assert event.intent_name is None and event.intent.slots == {}
    assert event.slot_value("anything") is None and event.slot_values("anything") == []
    assert event.proposed_next_state is None
    assert event.session_state.active_contexts == []


def test_v2_null_fields_read_as_empty() -> None:
    event = LexV2Event(
        {"requestAttributes": None, "sessionState": {"sessionAttributes": None, "intent": None}}
    )
    assert event.request_attributes == {}
    assert event.session_attributes == {}
    assert event.intent.name is None


def test_unknown_fields_are_kept_in_raw() -> None:
    raw = load_event("lexv2_register_dialog")
    raw["futureField"] = {"x": 1}
    event = LexV2Event(raw)
    assert event.raw["futureField"] == {"x": 1}
    assert event.get("futureField") == {"x": 1}
    assert event.get("missing", "default") == "default"


def test_maps_are_copies_so_the_event_never_changes(dialog: LexV2Event) -> None:
    dialog.session_attributes["source"] = "changed"
    dialog.intent.slots["eventName"] = None
    assert dialog.session_attributes == {"source": "homepage"}
    assert dialog.slot_value("eventName") == "PyCon"


def test_list_slot_values() -> None:
    event = LexV2Event(load_event("lexv2_list_slot"))
    assert event.slot_values("eventName") == ["PyCon", "DevOps Days"]
    assert event.slot_value("eventName") == "PyCon and DevOps Days"
    assert event.invocation_label == "EventInfo_Fulfillment"


def test_intent_slot_values_of_a_scalar_is_one_item(dialog: LexV2Event) -> None:
    assert dialog.slot_values("eventName") == ["PyCon"]


def test_v2_numbers_and_booleans_in_slot_values_read_as_strings() -> None:
    event = LexV2Event(load_event("lexv2_register_dialog", slots={"Nights": 4, "Vip": True}))
    intent = event.intent
    assert event.slot_value("Nights") == "4" == intent.original_value("Nights")
    assert event.slot_values("Nights") == ["4"]
    assert resolved_values(intent.slot("Nights")) == ["4"]
    assert event.slot_value("Vip") == "true"


def test_wrappers_compare_by_content() -> None:
    assert Intent({"name": "A"}) == Intent({"name": "A"})
    assert Intent({"name": "A"}) != DictWrapper({"name": "A"})
    assert "Intent" in repr(Intent({"name": "A"}))


# --- V1 ----------------------------------------------------------------------------------


def test_v1_fields() -> None:
    event = LexV1Event(load_event("lexv1_register_dialog"))
    assert event.api == "V1"
    assert event.message_version == "1.0"
    assert event.invocation_source == "DialogCodeHook" and event.is_dialog_hook
    assert event.user_id == "ignw84y6seypre4xly5rimopuri2xwnd"
    assert event.input_transcript == "my name is Ada"
    assert event.output_dialog_mode == "Text"
    assert event.session_attributes == {"source": "homepage"}
    assert event.request_attributes == {}  # null in the event
    assert (event.bot.name, event.bot.alias, event.bot.version) == ("EventBot", "prod", "1")
    assert event.recent_intent_summary_view[0]["slotToElicit"] == "firstName"
    assert event.active_contexts == []
    assert event.sentiment_response is not None
    assert event.kendra_response is None
    assert [i.name for i in event.alternative_intents] == ["AMAZON.FallbackIntent"]


def test_v1_current_intent() -> None:
    event = LexV1Event(load_event("lexv1_register_dialog"))
    intent = event.current_intent
    assert intent.name == "RegisterUserForEvent" == event.intent_name
    assert intent.nlu_intent_confidence_score == pytest.approx(0.92)
    assert intent.confirmation_status == "None" == event.confirmation_state
    assert intent.slots["email"] is None
    assert intent.slot_value("eventName") == "PyCon" == event.slot_value("eventName")
    assert intent.slot_values("email") == [] and event.slot_values("eventName") == ["PyCon"]
    assert intent.original_value("eventName") == "PyCon UK"
    assert intent.original_value("email") is None
    assert intent.resolutions("eventDate") == ["2026-12-04"]
    assert intent.resolutions("email") == []
    assert event.intent == intent


def test_v1_numbers_and_booleans_in_slot_values_read_as_strings() -> None:
    event = LexV1Event(load_event("lexv1_register_dialog", slots={"Nights": 4, "Vip": False}))
    intent = event.current_intent
    assert intent.slot_value("Nights") == "4" == event.slot_value("Nights")
    assert intent.slots["Nights"] == "4" and intent.slots["Vip"] == "false"
    assert intent.slot_values("Nights") == ["4"]
    assert intent.original_value("Nights") == "4"
    assert intent.resolutions("Nights") == ["4"]


def test_v1_bot_alias_is_none_for_latest() -> None:
    event = LexV1Event(load_event("lexv1_register_fulfillment"))
    assert event.bot.alias is None and event.bot.version == "$LATEST"


def test_v1_missing_fields_read_as_empty() -> None:
    event = LexV1Event({"currentIntent": {"name": "X"}})
    assert event.intent_name == "X"
    assert event.current_intent.slots == {} and event.current_intent.slot_details == {}
    assert event.slot_value("a") is None and event.current_intent.resolutions("a") == []
    assert event.user_id is None and event.alternative_intents == []
    assert event.current_intent.nlu_intent_confidence_score is None


# --- detection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("lexv2_register_dialog", LexV2Event),
        ("lexv2_register_fulfillment", LexV2Event),
        ("lexv1_register_dialog", LexV1Event),
        ("lexv1_register_fulfillment", LexV1Event),
    ],
)
def test_parse_event_tells_the_versions_apart(name: str, kind: type) -> None:
    context = object()
    event = parse_event(load_event(name), context)
    assert type(event) is kind
    assert event.context is context


@pytest.mark.parametrize("raw", [{}, {"messageVersion": "1.0"}, [], "text"])
def test_parse_event_rejects_what_is_not_a_lex_event(raw: object) -> None:
    with pytest.raises(EventError):
        parse_event(raw)  # type: ignore[arg-type]
