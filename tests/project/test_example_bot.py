"""The example EventBot at the project root loads and gives the NLU the expected domain."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.types import FALLBACK_INTENT, Domain
from bot.project import BotProject, load_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def project() -> BotProject:
    return load_project(ROOT)


@pytest.fixture(scope="module")
def domain(project: BotProject) -> Domain:
    return project.domain()


def test_example_bot_settings(project: BotProject) -> None:
    config = project.config
    assert config.name == "EventBot"
    assert config.timeZone == "Europe/London"
    assert config.codeHook is not None
    assert config.codeHook.uri == "python:fulfillment.lambda_function:lambda_handler"
    assert config.codeHook.messageVersion == "V2"
    assert config.aliases[:2] == ["TSTALIASID", "$LATEST"]
    # Japanese only where its extra is installed (lexbot[ja]): the locale is optional.
    assert config.locale_ids in (["en_US"], ["en_US", "ja_JP"])
    assert config.nluConfidenceThreshold == pytest.approx(0.4)


def test_example_bot_has_all_intents(domain: Domain) -> None:
    assert set(domain.intents) == {
        "RegisterUserForEvent",
        "EventInfo",
        "CancelRegistration",
        "Greeting",
        "EventDetails",
        FALLBACK_INTENT,
        "AMAZON.HelpIntent",
        "AMAZON.CancelIntent",
        "AMAZON.StopIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.StartOverIntent",
    }


def test_register_intent_slots_use_canonical_type_names_in_priority_order(domain: Domain) -> None:
    slots = domain.intents["RegisterUserForEvent"].slots
    assert list(slots) == ["eventName", "eventDate", "firstName", "email"]
    assert slots["eventDate"].slot_type == "AMAZON.Date"
    assert slots["eventName"].slot_type == "EventName"
    assert "my name is {firstName}" in slots["firstName"].sample_utterances


def test_event_name_type_has_six_events_with_merged_rasa_synonyms(domain: Domain) -> None:
    event_type = domain.slot_types["EventName"]
    assert event_type.resolution == "TopResolution"
    values = {v.value: v.synonyms for v in event_type.values}
    assert len(values) == 6
    assert "the ML meetup" in values["Data Science Meetup"]  # from training_data/nlu.yml
    assert "the summit" in values["AWS Summit"]  # from the slot-type file


def test_every_intent_but_fallback_has_examples(domain: Domain) -> None:
    counts = {name: 0 for name in domain.intents}
    for example in domain.examples:
        counts[example.intent] += 1
    assert all(n >= 10 for n in counts.values()), counts
    assert counts[FALLBACK_INTENT] >= 55  # the oos examples


def test_every_event_value_and_synonym_appears_in_register_examples(domain: Domain) -> None:
    said = {
        ex.text[e.start : e.end]
        for ex in domain.examples
        if ex.intent == "RegisterUserForEvent"
        for e in ex.entities
        if e.entity == "eventName"
    }
    for value in domain.slot_types["EventName"].values:
        assert {value.value, *value.synonyms} <= said


def test_example_entities_point_at_their_text(domain: Domain) -> None:
    for example in domain.examples:
        for span in example.entities:
            assert 0 <= span.start < span.end <= len(example.text)
            assert (
                example.text[span.start : span.end].strip() == example.text[span.start : span.end]
            )
            assert span.entity in domain.intents[example.intent].slots


def test_fallback_intent_is_known_by_its_v1_name(project: BotProject) -> None:
    assert project.intent_name("AMAZON.FallbackIntent") == FALLBACK_INTENT
    assert project.v1_intent_name(FALLBACK_INTENT) == "AMAZON.FallbackIntent"
    assert project.v1_intent_name("RegisterUserForEvent") == "RegisterUserForEvent"


def test_register_intent_has_confirmation_and_output_context(project: BotProject) -> None:
    intent = project.intents["RegisterUserForEvent"]
    assert intent.intentConfirmationSetting is not None
    prompt = intent.intentConfirmationSetting.promptSpecification.messageGroupsList[0].message
    assert prompt.plainTextMessage is not None
    assert "{firstName}, shall I register you for {eventName}" in prompt.plainTextMessage.value
    assert [(c.name, c.turnsToLive, c.timeToLiveInSeconds) for c in intent.outputContexts] == [
        ("registered", 3, 300)
    ]
    assert intent.dialogCodeHook is not None and intent.dialogCodeHook.enabled


def test_event_prompt_offers_events_as_card_buttons(project: BotProject) -> None:
    slot = project.intents["RegisterUserForEvent"].slot("eventName")
    assert slot is not None and slot.valueElicitationSetting.promptSpecification is not None
    groups = slot.valueElicitationSetting.promptSpecification.messageGroupsList
    cards = [g.message.imageResponseCard for g in groups if g.message.imageResponseCard]
    assert cards and [b.value for b in cards[0].buttons][:2] == ["AWS Summit", "PyCon"]


def test_example_bot_fingerprint_is_stable(project: BotProject) -> None:
    from bot.project import project_fingerprint

    assert project.fingerprint == project_fingerprint(ROOT)
    assert len(project.fingerprint) == 64
