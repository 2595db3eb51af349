"""Importing Lex V2 exports (folders and zips) into bot files that pass `bot check`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.transfer import TransferError, import_bot
from tests.transfer.conftest import FLOW_BOT, PIZZA_SHOP, Imported, import_and_check, zip_folder

BOOK = "BotLocales/en_US/Intents/BookTable"


@pytest.fixture
def flow(tmp_path: Path) -> Imported:
    return import_and_check(FLOW_BOT, tmp_path / "bot")


def test_flow_bot_keeps_its_initial_response_code_hook_and_next_step(flow: Imported) -> None:
    initial = flow.intent("BookTable")["initialResponseSetting"]
    assert initial["nextStep"] == {"dialogAction": {"type": "InvokeDialogCodeHook"}}
    hook = initial["codeHook"]
    assert hook["invocationLabel"] == "start"
    post = hook["postCodeHookSpecification"]
    assert post["successNextStep"]["dialogAction"] == {
        "type": "ElicitSlot",
        "slotToElicit": "Party",
    }
    assert post["timeoutNextStep"]["intent"] == {
        "name": "FallbackIntent",
        "slots": {"Party": {"shape": "Scalar", "value": {"interpretedValue": "2"}}},
    }
    assert len(initial["initialResponse"]["messageGroupsList"][0]["variations"]) == 1


def test_flow_bot_keeps_slot_capture_steps_and_conditional(flow: Imported) -> None:
    party = flow.intent("BookTable")["slots"][0]
    capture = party["valueElicitationSetting"]["slotCaptureSetting"]
    assert capture["captureNextStep"]["dialogAction"]["slotToElicit"] == "Time"
    assert capture["failureNextStep"]["dialogAction"]["slotToElicit"] == "Party"
    branches = capture["captureConditional"]["conditionalBranches"]
    assert [b["condition"]["expressionString"] for b in branches] == ["{Party} > 12", "{Party} = 1"]
    assert branches[1]["nextStep"] == {}  # an all-null step is kept: a branch needs one
    assert capture["codeHook"]["postCodeHookSpecification"]["successNextStep"] == {
        "dialogAction": {"type": "EvaluateConditional"}
    }
    assert capture["elicitationCodeHook"] == {
        "enableCodeHookInvocation": False,
        "invocationLabel": "party-retry",
    }
    condition = flow.project.intents["BookTable"].slots[0]
    assert condition.valueElicitationSetting.defaultValueSpecification is not None


def test_flow_bot_keeps_confirmation_fulfilment_and_closing_steps(flow: Imported) -> None:
    intent = flow.intent("BookTable")
    confirm = intent["intentConfirmationSetting"]
    assert confirm["confirmationNextStep"]["dialogAction"]["type"] == "FulfillIntent"
    assert confirm["declinationNextStep"]["sessionAttributes"] == {"declined": "true"}
    assert confirm["declinationNextStep"]["intent"] == {"slots": {"Time": None}}
    assert confirm["failureNextStep"]["intent"]["name"] == "FallbackIntent"
    post = intent["fulfillmentCodeHook"]["postFulfillmentStatusSpecification"]
    assert post["successNextStep"]["dialogAction"]["type"] == "CloseIntent"
    assert post["failureNextStep"]["dialogAction"]["slotToElicit"] == "Time"
    assert post["timeoutNextStep"]["sessionAttributes"] == {"timedOut": "yes"}
    assert intent["intentClosingSetting"]["nextStep"]["dialogAction"]["type"] == "ElicitIntent"
    updates = intent["fulfillmentCodeHook"]["fulfillmentUpdatesSpecification"]
    assert updates["isActive"] is True and updates["timeoutInSeconds"] == 60
    assert intent["inputContexts"] == [{"name": "open_now"}]
    assert intent["outputContexts"] == [
        {"name": "booked", "timeToLiveInSeconds": 300, "turnsToLive": 3}
    ]


def test_slots_are_listed_in_slot_priority_order(flow: Imported) -> None:
    assert [s["name"] for s in flow.intent("BookTable")["slots"]] == ["Party", "Time", "Area"]


def test_slot_settings_and_cards_are_carried_in_bot_file_spelling(flow: Imported) -> None:
    area = flow.intent("BookTable")["slots"][2]
    assert area["multipleValuesSetting"] == {"allowMultipleValues": True}
    card = area["valueElicitationSetting"]["promptSpecification"]["messageGroupsList"][0]
    assert card["message"]["imageResponseCard"]["buttons"][0] == {
        "text": "Terrace",
        "value": "terrace",
    }
    time = flow.intent("BookTable")["slots"][1]
    assert time["obfuscationSetting"] == {"obfuscationSettingType": "None"}
    assert time["valueElicitationSetting"]["waitAndContinueSpecification"]["active"] is True
    assert flow.intent("BookTable")["sampleUtterances"][1] == "a table for {Party}"


def test_slot_types_keep_values_synonyms_strategy_and_regex(flow: Imported) -> None:
    types = flow.files.locales[0].slot_types
    area = types["SeatingArea"]
    assert area["valueSelectionSetting"] == {"resolutionStrategy": "TOP_RESOLUTION"}
    assert area["slotTypeValues"][0]["synonyms"] == [{"value": "outside"}, {"value": "patio"}]
    ref = types["BookingRef"]
    assert ref["parentSlotTypeSignature"] == "AMAZON.AlphaNumeric"
    assert ref["valueSelectionSetting"]["regexFilter"] == {"pattern": "[A-Z]{3}[0-9]{4}"}
    assert flow.project.slot_types["SeatingArea"].resolution == "TopResolution"


def test_bot_and_locale_settings_are_carried(flow: Imported) -> None:
    config = flow.files.config
    assert config["idleSessionTTLInSeconds"] == 600
    assert config["locales"] == [
        {"localeId": "en_US", "description": "Restaurant bookings", "nluConfidenceThreshold": 0.45}
    ]
    assert flow.project.threshold == 0.45


def test_long_description_is_truncated_with_an_ignored_note(flow: Imported) -> None:
    assert len(flow.files.config["description"]) == 200
    assert "truncated" in flow.notes("ignored")["Bot.json:description"]


def test_voice_audio_and_console_settings_are_ignored_with_reasons(flow: Imported) -> None:
    ignored = flow.notes("ignored")
    assert "voice" in ignored["BotLocales/en_US/BotLocale.json:voiceSettings"]
    prompt = f"{BOOK}/Slots/Party/Slot.json:valueElicitationSetting.promptSpecification"
    assert "DTMF" in ignored[f"{prompt}.promptAttemptsSpecification"]
    assert "barge-in" in ignored[f"{prompt}.allowInterrupt"]
    assert "layout" in ignored[f"{BOOK}/ConversationFlow.json"]
    assert "speech" in ignored["BotLocales/en_US/CustomVocabulary/CustomVocabulary.json"]
    assert "COPPA" in ignored["Bot.json:dataPrivacy"]
    assert f"{BOOK}/Intent.json:identifier" in ignored
    assert "BotLocales/en_US/BotLocale.json:generativeAISettings.buildtimeSettings" in ignored
    party = flow.intent("BookTable")["slots"][0]["valueElicitationSetting"]
    assert set(party["promptSpecification"]) == {
        "messageGroupsList",
        "maxRetries",
        "messageSelectionStrategy",
    }


def test_unsupported_intents_are_skipped_and_reported(flow: Imported) -> None:
    unsupported = flow.notes()
    assert "composite" in unsupported["BotLocales/en_US/Intents/SendInvoice"]
    assert "AMAZON.StreetAddress" in unsupported["BotLocales/en_US/Intents/FindParking"]
    assert "composite" in unsupported["BotLocales/en_US/SlotTypes/PostalAddress/SlotType.json"]
    assert not {"SendInvoice", "FindParking"} & set(flow.project.intents)
    assert "PostalAddress" not in flow.project.slot_types


def test_a_qna_intent_keeps_its_knowledge_base_and_model(flow: Imported) -> None:
    concierge = flow.intent("Concierge")
    assert concierge["parentIntentSignature"] == "AMAZON.QnAIntent"
    store = concierge["qnAIntentConfiguration"]["dataSourceConfiguration"]
    assert store["bedrockKnowledgeStoreConfiguration"]["bedrockKnowledgeBaseArn"].endswith(
        "knowledge-base/KB1EXAMPLE"
    )
    model = concierge["qnAIntentConfiguration"]["bedrockModelConfiguration"]
    assert model == {"modelArn": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2"}
    assert not [path for path in flow.notes() if "Concierge" in path]
    # The fallback's next step starts it, as in the export.
    closing = flow.intent("FallbackIntent")["intentClosingSetting"]
    assert closing["nextStep"]["intent"]["name"] == "Concierge"


def test_enhanced_fallback_is_left_out_where_the_locale_has_it_off(flow: Imported) -> None:
    path = f"{BOOK}/Slots/Time/Slot.json:valueElicitationSetting.slotResolutionSetting"
    assert "assisted slot resolution off" in flow.notes("ignored")[path]
    time, area = flow.intent("BookTable")["slots"][1:]
    assert "slotResolutionSetting" not in time["valueElicitationSetting"]
    assert area["valueElicitationSetting"]["slotResolutionSetting"] == {
        "slotResolutionStrategy": "Default"
    }
    assert not any("slotResolution" in path for path in flow.notes())


def test_builtin_intents_drop_their_empty_utterance_and_slot_lists(flow: Imported) -> None:
    assert flow.intent("Help") == {
        "name": "Help",
        "parentIntentSignature": "AMAZON.HelpIntent",
        "intentClosingSetting": {
            "closingResponse": {
                "messageGroupsList": [
                    {"message": {"plainTextMessage": {"value": "Say 'book a table'."}}}
                ]
            },
            "isActive": True,
            "nextStep": {"dialogAction": {"type": "ElicitIntent"}},
        },
    }
    assert flow.project.intents["FallbackIntent"].is_fallback
    assert "sampleUtterances" not in flow.intent("FallbackIntent")


def test_multi_locale_export_imports_every_locale(tmp_path: Path) -> None:
    imported = import_and_check(PIZZA_SHOP, tmp_path / "bot")
    assert [loc.locale for loc in imported.files.locales] == ["en_US", "it_IT"]
    assert imported.files.config["locales"][1] == {
        "localeId": "it_IT",
        "nluConfidenceThreshold": 0.5,
    }
    italian = imported.project.locales()["it_IT"]
    assert italian.intents["OrderPizza"].sampleUtterances == [
        "vorrei una pizza",
        "una pizza {Size} per favore",
    ]
    assert (tmp_path / "bot/locales/it_IT/training_data/slot_types/PizzaSize.yaml").is_file()


def test_bot_name_is_sanitised_and_noted(tmp_path: Path) -> None:
    imported = import_and_check(PIZZA_SHOP, tmp_path / "bot")
    assert imported.files.config["name"] == "Pizza-Shop"
    assert "renamed" in imported.notes("ignored")["Bot.json:name"]


def test_zip_export_is_read_in_memory_skipping_macos_debris(
    pizza_zip: Path, tmp_path: Path
) -> None:
    from_zip = import_and_check(pizza_zip, tmp_path / "from-zip")
    from_folder = import_and_check(PIZZA_SHOP, tmp_path / "from-folder")
    assert from_zip.files == from_folder.files
    assert from_zip.report.unsupported == []
    assert list(tmp_path.glob("**/Bot.json")) == []  # nothing was extracted


def test_zip_with_the_export_inside_a_folder_is_read(tmp_path: Path) -> None:
    wrapped = tmp_path / "wrapped"
    shutil.copytree(PIZZA_SHOP, wrapped / "export")
    imported = import_and_check(zip_folder(wrapped, tmp_path / "w.zip"), tmp_path / "bot")
    assert imported.files.config["name"] == "Pizza-Shop"


def test_values_differing_only_in_case_are_kept_apart(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(PIZZA_SHOP, export)
    path = export / "Pizza Shop/BotLocales/en_US/SlotTypes/PizzaSize/SlotType.json"
    data = json.loads(path.read_text())
    data["slotTypeValues"].append(
        {"sampleValue": {"value": "Large"}, "synonyms": [{"value": "huge"}]}
    )
    data["slotTypeValues"][0]["synonyms"].append({"value": "small"})  # repeats its own value
    path.write_text(json.dumps(data))
    imported = import_and_check(export, tmp_path / "bot")
    values = imported.files.locales[0].slot_types["PizzaSize"]["slotTypeValues"]
    assert [v["sampleValue"]["value"] for v in values] == ["small", "large", "Large"]
    assert values[2]["synonyms"] == [{"value": "huge"}]
    assert imported.report.unsupported == []


def test_unknown_file_in_an_export_is_reported(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(PIZZA_SHOP, export)
    (export / "Pizza Shop/BotLocales/en_US/Notes.txt").write_text("hello")
    imported = import_and_check(export, tmp_path / "bot")
    assert (
        "not a file of the Lex V2 export format"
        in imported.notes()["Pizza Shop/BotLocales/en_US/Notes.txt"]
    )


def test_export_of_another_resource_type_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(PIZZA_SHOP, export)
    (export / "manifest.json").write_text(
        json.dumps({"metaData": {"fileFormat": "LexJson", "resourceType": "CustomVocabulary"}})
    )
    with pytest.raises(TransferError, match="CustomVocabulary export"):
        import_bot(export)


def test_a_locale_with_a_numeric_region_is_imported(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(PIZZA_SHOP, export)
    locales = export / "Pizza Shop/BotLocales"
    (locales / "it_IT").rename(locales / "es_419")
    locale_file = locales / "es_419/BotLocale.json"
    locale_file.write_text(locale_file.read_text().replace('"it_IT"', '"es_419"'))
    imported = import_and_check(export, tmp_path / "bot")
    assert [loc.locale for loc in imported.files.locales] == ["en_US", "es_419"]
