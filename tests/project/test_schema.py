"""The bot-file schema: Lex export spellings, authoring short forms and Lex limits."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from bot.project import load_project
from bot.project.bot_config import BotConfig, NoCodeHook
from bot.project.messages import Message, PromptSpecification, ResponseSpecification
from bot.project.schema import CodeHookSetting, IntentDefinition
from bot.project.slot_types import SlotTypeDefinition
from tests.project.conftest import ProjectWriter, problems_of


def text_of(spec: ResponseSpecification | PromptSpecification, i: int = 0) -> str:
    message = spec.messageGroupsList[i].message
    assert message.plainTextMessage is not None
    return message.plainTextMessage.value


@pytest.mark.parametrize("key", ["messageGroupsList", "messageGroupList", "messageGroups"])
def test_all_three_group_list_spellings_are_accepted(key: str) -> None:
    spec = ResponseSpecification.model_validate(
        {key: [{"message": {"plainTextMessage": {"value": "Hi"}}}]}
    )
    assert text_of(spec) == "Hi"


def test_two_group_list_spellings_at_once_are_rejected() -> None:
    with pytest.raises(ValidationError, match="give the message groups once"):
        ResponseSpecification.model_validate({"messageGroups": ["a"], "messageGroupsList": ["b"]})


def test_bare_string_and_string_list_are_plain_text_groups() -> None:
    assert text_of(ResponseSpecification.model_validate("Thanks!")) == "Thanks!"
    prompt = PromptSpecification.model_validate(["Which city?", "Where to?"])
    assert [text_of(prompt, i) for i in range(2)] == ["Which city?", "Where to?"]
    assert prompt.maxRetries == 2 and prompt.messageSelectionStrategy == "Random"


def test_lex_export_nulls_mean_not_set() -> None:
    spec = ResponseSpecification.model_validate(
        {
            "messageGroupsList": [
                {
                    "message": {
                        "plainTextMessage": {"value": "Hi"},
                        "ssmlMessage": None,
                        "customPayload": None,
                        "imageResponseCard": None,
                    },
                    "variations": None,
                }
            ]
        }
    )
    assert spec.messageGroupsList[0].variations == []


def test_message_needs_exactly_one_kind() -> None:
    with pytest.raises(ValidationError, match="exactly one of"):
        Message.model_validate({"plainTextMessage": {"value": "a"}, "ssmlMessage": {"value": "b"}})


def test_more_than_fourteen_variations_are_rejected() -> None:
    # Lex V2 allows 2; a Lex V1 prompt picks one of up to 15 messages.
    ResponseSpecification.model_validate([{"message": "a", "variations": ["b"] * 14}])
    with pytest.raises(ValidationError):
        ResponseSpecification.model_validate([{"message": "a", "variations": ["b"] * 15}])


def test_card_with_six_buttons_is_rejected() -> None:
    card = {"title": "Pick", "buttons": [{"text": str(i), "value": str(i)} for i in range(6)]}
    with pytest.raises(ValidationError, match="at most 5 items"):
        Message.model_validate({"imageResponseCard": card})


def test_export_utterance_objects_are_read_as_strings() -> None:
    intent = IntentDefinition.model_validate(
        {"name": "Book", "sampleUtterances": [{"utterance": "book a car"}, "hire a car"]}
    )
    assert intent.sampleUtterances == ["book a car", "hire a car"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("TOP_RESOLUTION", "TopResolution"),
        ("ORIGINAL_VALUE", "OriginalValue"),
        ("TopResolution", "TopResolution"),
    ],
)
def test_resolution_strategy_accepts_export_and_api_spellings(given: str, expected: str) -> None:
    slot_type = SlotTypeDefinition.model_validate(
        {
            "name": "T",
            "slotTypeValues": [{"sampleValue": {"value": "a"}}],
            "valueSelectionSetting": {"resolutionStrategy": given},
        }
    )
    assert slot_type.resolution == expected


def test_short_slot_type_values_form() -> None:
    slot_type = SlotTypeDefinition.model_validate(
        {"name": "T", "values": [{"value": "comedy", "synonyms": ["funny", "humorous"]}, "drama"]}
    )
    first, second = slot_type.slotTypeValues
    assert first.sampleValue.value == "comedy"
    assert [s.value for s in first.synonyms] == ["funny", "humorous"]
    assert second.sampleValue.value == "drama" and second.synonyms == []


def test_bot_config_defaults_and_built_in_aliases() -> None:
    config = BotConfig.model_validate({"name": "B", "aliases": ["prod", "TSTALIASID"]})
    assert config.aliases == ["TSTALIASID", "$LATEST", "prod"]
    assert config.locale_ids == ["en_US"]
    assert config.nluConfidenceThreshold == 0.40
    assert config.idleSessionTTLInSeconds == 300
    assert config.timeZone == "UTC"
    assert config.codeHook is None


def test_locales_keep_their_order_and_need_no_en_us() -> None:
    config = BotConfig.model_validate({"name": "B", "locales": ["en_GB", "it_IT"]})
    assert config.locale_ids == ["en_GB", "it_IT"]


def test_a_locale_may_have_its_own_threshold_and_code_hook() -> None:
    config = BotConfig.model_validate(
        {
            "name": "B",
            "nluConfidenceThreshold": 0.5,
            "codeHook": {"uri": "lambda:main"},
            "locales": [
                "en_US",
                {
                    "localeId": "it_IT",
                    "nluConfidenceThreshold": 0.3,
                    "codeHook": {"uri": "lambda:italian"},
                },
            ],
        }
    )
    assert config.threshold("en_US") == 0.5 and config.threshold("it_IT") == 0.3
    assert config.code_hook("en_US").uri == "lambda:main"  # type: ignore[union-attr]
    assert config.code_hook("it_IT").uri == "lambda:italian"  # type: ignore[union-attr]


def test_a_locale_listed_twice_is_rejected() -> None:
    with pytest.raises(ValidationError, match="listed twice"):
        BotConfig.model_validate({"name": "B", "locales": ["en_US", "en_US"]})


def test_an_alias_or_its_locale_may_say_it_has_no_code_hook() -> None:
    prod = {
        "codeHook": {"uri": "lambda:prod"},
        "locales": {"it_IT": {"codeHook": {"enabled": False}}},
    }
    config = BotConfig.model_validate(
        {"name": "B", "aliases": {"prod": prod, "beta": {"codeHook": {"enabled": False}}}}
    )
    prod_setting, beta = config.alias_settings["prod"], config.alias_settings["beta"]
    assert prod_setting.code_hook("en_US") == CodeHookSetting(uri="lambda:prod")
    assert prod_setting.code_hook("it_IT") == NoCodeHook(enabled=False)  # the locale's choice
    assert beta.code_hook("en_US") == NoCodeHook(enabled=False)
    assert config.alias_settings["TSTALIASID"].code_hook("en_US") is None  # the version's own


@pytest.mark.parametrize(
    ("hook", "message"),
    [
        ({"enabled": True}, "given by its uri"),
        ({"enabled": False, "uri": "lambda:x"}, "Extra inputs"),
        ("none", "valid dictionary"),
        ({"uri": "ftp://x"}, "uri must be"),
    ],
)
def test_an_alias_code_hook_is_a_hook_or_enabled_false(hook: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        BotConfig.model_validate({"name": "B", "aliases": {"prod": {"codeHook": hook}}})


def test_bot_check_names_the_alias_code_hook_field(write_project: ProjectWriter) -> None:
    bot = "name: TestBot\naliases:\n  prod:\n    codeHook: {enabled: true}\n"
    problems = problems_of(write_project({"bot.yaml": bot}))
    (problem,) = [p for p in problems if "codeHook" in p.field]
    assert problem.field == "aliases.prod.codeHook.enabled" and problem.line == 4


@pytest.mark.parametrize(
    "bad",
    [
        {"timeZone": "Mars/Olympus"},
        {"idleSessionTTLInSeconds": 30},
        {"nluConfidenceThreshold": 1.5},
        {"codeHook": {"uri": "ftp://x"}},
        {"codeHook": {"uri": "lambda:f", "messageVersion": "V3"}},
    ],
)
def test_bot_config_rejects_out_of_range_settings(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        BotConfig.model_validate({"name": "B"} | bad)


@pytest.mark.parametrize(
    "uri",
    [
        "python:fulfillment.lambda_function:lambda_handler",
        "lambda:arn:aws:lambda:eu-west-2:123456789012:function:Hook",
        "https://hooks.example.com/lex",
    ],
)
def test_code_hook_uri_forms(uri: str) -> None:
    assert BotConfig.model_validate({"name": "B", "codeHook": {"uri": uri}}).codeHook is not None


def test_required_slot_needs_a_prompt() -> None:
    with pytest.raises(ValidationError, match="needs a promptSpecification"):
        IntentDefinition.model_validate(
            {
                "name": "I",
                "slots": [
                    {
                        "name": "S",
                        "slotTypeName": "AMAZON.Number",
                        "valueElicitationSetting": {"slotConstraint": "Required"},
                    }
                ],
            }
        )


def test_slot_priorities_order_slots_and_unlisted_come_last() -> None:
    slot = {
        "slotTypeName": "AMAZON.Number",
        "valueElicitationSetting": {"slotConstraint": "Optional"},
    }
    intent = IntentDefinition.model_validate(
        {
            "name": "I",
            "slots": [dict(slot, name="A"), dict(slot, name="B"), dict(slot, name="C")],
            "slotPriorities": [{"slotName": "C", "priority": 1}, {"slotName": "A", "priority": 2}],
        }
    )
    assert [s.name for s in intent.ordered_slots()] == ["C", "A", "B"]


def test_output_context_limits() -> None:
    with pytest.raises(ValidationError):
        IntentDefinition.model_validate(
            {
                "name": "I",
                "outputContexts": [{"name": "c", "timeToLiveInSeconds": 300, "turnsToLive": 21}],
            }
        )


def test_lex_export_shaped_files_load(write_project: ProjectWriter) -> None:
    intent = {
        "name": "BookCar",
        "description": None,
        "parentIntentSignature": None,
        "sampleUtterances": [{"utterance": "Book a car"}, {"utterance": "a car in {City}"}],
        "slots": [
            {
                "name": "City",
                "slotTypeName": "CarCity",
                "description": None,
                "obfuscationSetting": None,
                "multipleValuesSetting": None,
                "valueElicitationSetting": {
                    "slotConstraint": "Required",
                    "promptSpecification": {
                        "messageGroupList": [
                            {
                                "message": {
                                    "plainTextMessage": {"value": "Which city?"},
                                    "ssmlMessage": None,
                                    "customPayload": None,
                                    "imageResponseCard": None,
                                },
                                "variations": None,
                            }
                        ],
                        "maxRetries": 4,
                        "allowInterrupt": True,
                        "messageSelectionStrategy": "Random",
                        "promptAttemptsSpecification": {"Initial": {}, "Retry1": {}},
                    },
                    "sampleUtterances": [{"utterance": "{City} please"}],
                    "defaultValueSpecification": None,
                    "slotCaptureSetting": None,
                },
            }
        ],
        "intentConfirmationSetting": {
            "promptSpecification": {
                "messageGroups": [{"message": {"plainTextMessage": {"value": "A car in {City}?"}}}],
                "maxRetries": 2,
            },
            "declinationResponse": {
                "messageGroupsList": [
                    {"message": {"plainTextMessage": {"value": "Cancelled."}}, "variations": None}
                ]
            },
        },
        "intentClosingSetting": None,
        "initialResponseSetting": None,
        "inputContexts": None,
        "outputContexts": None,
        "dialogCodeHook": None,
        "fulfillmentCodeHook": None,
        "slotPriorities": [{"slotName": "City", "priority": 1}],
    }
    slot_type = {
        "name": "CarCity",
        "description": None,
        "parentSlotTypeSignature": None,
        "slotTypeValues": [
            {"sampleValue": {"value": "London"}, "synonyms": None},
            {"sampleValue": {"value": "Paris"}, "synonyms": [{"value": "PAR"}]},
        ],
        "valueSelectionSetting": {
            "resolutionStrategy": "TOP_RESOLUTION",
            "regexFilter": None,
            "advancedRecognitionSetting": {
                "audioRecognitionStrategy": "UseSlotValuesAsCustomVocabulary"
            },
        },
    }
    root = write_project(
        {  # JSON is YAML: an export's files can be pasted in as they are
            "intents/BookCar.yaml": json.dumps(intent, indent=2),
            "training_data/slot_types/CarCity.yaml": json.dumps(slot_type, indent=2),
        }
    )
    domain = load_project(root).domain()
    assert domain.intents["BookCar"].slots["City"].slot_type == "CarCity"
    assert domain.slot_types["CarCity"].resolution == "TopResolution"
    assert any(e.text == "a car in PAR" and e.entities[0].value == "Paris" for e in domain.examples)
