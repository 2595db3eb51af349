"""Lex V1 exports in: import, write, load (export and the command line: test_lex_v1_export.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bot.project.loader import load_project
from bot.transfer import import_bot
from bot.transfer.bot_files import TransferError
from tests.transfer.v1_fixtures import V1_FIXTURES, imported, texts

# ---------------------------------------------------------------- import: the bot


def test_v1_bot_settings_go_to_bot_yaml(flowers: Any) -> None:
    _, report, project = flowers
    config = project.config
    assert (config.name, config.description) == ("OrderFlowersBot", "Orders flowers for pick-up.")
    assert config.locale_ids == ["en_US"]
    assert (config.nluConfidenceThreshold, config.idleSessionTTLInSeconds) == (0.55, 600)
    assert report.format == "lex-v1" and report.locales == ["en_US"]


def test_v1_clarification_prompt_keeps_its_messages_and_retries_one_less(flowers: Any) -> None:
    config = flowers[2].config
    clarification = config.clarificationPrompt
    assert clarification.maxRetries == 2  # maxAttempts 3
    assert texts(clarification.messageGroupsList[0]) == [
        "Sorry, can you please repeat that?",
        "Sorry, I did not get that.",
    ]
    abort = config.abortStatement.messageGroupsList
    assert texts(abort[0]) == ["Sorry, I could not understand. Goodbye."]


def test_v1_fallback_intent_becomes_fallback_intent_with_conclusion_and_hook(flowers: Any) -> None:
    _, report, project = flowers
    fallback = project.intents["FallbackIntent"]
    assert fallback.parentIntentSignature == "AMAZON.FallbackIntent"
    groups = fallback.intentClosingSetting.closingResponse.messageGroupsList
    assert texts(groups[0]) == ["Sorry, I can only take flower orders."]
    card = groups[1].message.imageResponseCard
    assert card.title == "What I can do" and card.buttons[0].value == "I want flowers"
    assert fallback.fulfillmentCodeHook.enabled and fallback.fulfillmentCodeHook.codeHook is None
    # It keeps its V1 name, as V1 clients and hooks know it.
    assert report.unsupported == []
    assert project.v1_intent_name("FallbackIntent") == "OrderFallback"


# ---------------------------------------------------------------- import: intents


def test_v1_group_numbers_become_one_message_group_each(flowers: Any) -> None:
    closing = flowers[2].intents["OrderFlowers"].intentClosingSetting.closingResponse
    first, second = closing.messageGroupsList
    assert texts(first) == [
        "Thanks, your order for {FlowerType} is placed.",
        "Done: {FlowerType} on {PickupDate}.",
    ]
    assert texts(second) == ["See you at {PickupTime}.", '{"receipt": true}']
    assert second.variations[0].customPayload is not None


def test_v1_response_card_string_becomes_an_image_card_group(flowers: Any) -> None:
    slot = flowers[2].intents["OrderFlowers"].slot("FlowerType")
    prompt = slot.valueElicitationSetting.promptSpecification
    text, card = prompt.messageGroupsList
    assert texts(text) == ["What type of flowers would you like to order?"]
    image = card.message.imageResponseCard
    assert (image.title, image.subtitle, image.imageUrl) == (
        "Our flowers",
        "Pick a bunch",
        "https://example.com/flowers.png",
    )
    assert [(b.text, b.value) for b in image.buttons] == [("Roses", "roses"), ("Tulips", "tulips")]


def test_v1_slots_keep_types_priorities_prompts_and_defaults(flowers: Any) -> None:
    intent = flowers[2].intents["OrderFlowers"]
    assert [s.name for s in intent.ordered_slots()] == [
        "FlowerType",
        "PickupDate",
        "PickupTime",
        "CardNote",
    ]
    time, flower, date, note = intent.slots
    assert (time.slotTypeName, date.slotTypeName, flower.slotTypeName) == (
        "AMAZON.Time",
        "AMAZON.Date",
        "FlowerTypes",
    )
    assert time.valueElicitationSetting.promptSpecification.maxRetries == 2
    assert time.valueElicitationSetting.sampleUtterances == ["at {PickupTime}"]
    assert date.valueElicitationSetting.promptSpecification.messageGroupsList[0].message.ssmlMessage
    default = date.valueElicitationSetting.defaultValueSpecification.defaultValueList[0]
    assert default.defaultValue == "tomorrow"
    assert not note.required and note.valueElicitationSetting.promptSpecification is None
    assert note.obfuscationSetting.obfuscationSettingType == "DefaultObfuscation"


def test_v1_utterances_are_carried_once(flowers: Any) -> None:
    _, report, project = flowers
    assert project.intents["OrderFlowers"].sampleUtterances == [
        "I would like to pick up flowers",
        "I would like to order some flowers",
        "I want {FlowerType} for {PickupDate}",
        "order {FlowerType}",
    ]
    path = "resource.intents[OrderFlowers].sampleUtterances[4]"
    assert path in [n.path for n in report.ignored]


def test_v1_confirmation_and_rejection_become_the_confirmation_setting(flowers: Any) -> None:
    setting = flowers[2].intents["OrderFlowers"].intentConfirmationSetting
    assert setting.promptSpecification.maxRetries == 1
    assert texts(setting.declinationResponse.messageGroupsList[0]) == [
        "Okay, I will not place your order."
    ]


def test_v1_follow_up_prompt_and_contexts_are_carried(flowers: Any) -> None:
    intents = flowers[2].intents
    follow = intents["CancelOrder"].followUpPrompt
    assert texts(follow.prompt.messageGroupsList[0]) == [
        "Your order is cancelled. Would you like to order something else?"
    ]
    assert texts(follow.rejectionStatement.messageGroupsList[0]) == [
        "Alright, goodbye.",
        "OK, talk soon.",
    ]
    assert [c.name for c in intents["CancelOrder"].inputContexts] == ["ordered"]
    output = intents["OrderFlowers"].outputContexts[0]
    assert (output.name, output.timeToLiveInSeconds, output.turnsToLive) == ("ordered", 90, 5)


def test_v1_intent_lambdas_become_intent_code_hooks(flowers: Any) -> None:
    _, report, project = flowers
    order = project.intents["OrderFlowers"]
    arn = "arn:aws:lambda:us-east-1:123456789012:function:OrderFlowers"
    assert order.dialogCodeHook.codeHook.uri == f"lambda:{arn}Validate"
    assert order.fulfillmentCodeHook.codeHook.uri == f"lambda:{arn}Fulfil"
    assert order.fulfillmentCodeHook.codeHook.messageVersion == "V1"
    cancel = project.intents["CancelOrder"]  # empty URIs: the bot's own code hook
    assert cancel.dialogCodeHook.enabled and cancel.dialogCodeHook.codeHook is None
    assert cancel.fulfillmentCodeHook.enabled and cancel.fulfillmentCodeHook.codeHook is None
    placeholder = "resource.intents[OrderFallback].fulfillmentActivity.codeHook.uri"
    assert placeholder in [n.path for n in report.ignored]


def test_v1_code_hook_option_becomes_the_bots_v1_code_hook(tmp_path: Path) -> None:
    uri = "lambda:arn:aws:lambda:us-east-1:123456789012:function:Everything"
    _, _, project = imported(tmp_path, "OrderFlowersBot.json", code_hook=uri)
    assert project.config.codeHook.uri == uri
    assert project.config.codeHook.messageVersion == "V1"


def test_v1_slot_types_keep_values_synonyms_strategy_and_regex(flowers: Any) -> None:
    types = flowers[2].slot_types
    flowers_type = types["FlowerTypes"]
    assert flowers_type.resolution == "TopResolution"
    assert [
        (v.sampleValue.value, [s.value for s in v.synonyms]) for v in flowers_type.slotTypeValues
    ] == [
        ("roses", ["rose", "red roses"]),
        ("lilies", ["lily"]),
        ("tulips", []),
    ]
    order_number = types["OrderNumber"]
    assert order_number.parentSlotTypeSignature == "AMAZON.AlphaNumeric"
    assert order_number.regex == "[A-Z]{2}[0-9]{4}"


def test_v1_report_ignores_only_voice_console_and_version_fields(flowers: Any) -> None:
    ignored = {n.path.rsplit(".", 1)[-1] for n in flowers[1].ignored}
    assert ignored <= {
        "voiceId",
        "childDirected",
        "detectSentiment",
        "enableModelImprovements",
        "version",
        "slotTypeVersion",
        "checksum",
        "uri",
        "sampleUtterances[4]",
    }


def test_v1_unknown_key_is_reported_unsupported(tmp_path: Path) -> None:
    document = json.loads((V1_FIXTURES / "OrderFlowersBot.json").read_text())
    document["resource"]["intents"][0]["surpriseSetting"] = {"on": True}
    source = tmp_path / "bot.json"
    source.write_text(json.dumps(document))
    _, report = import_bot(source)
    assert "resource.intents[OrderFlowers].surpriseSetting" in [n.path for n in report.unsupported]


def test_v1_message_naming_no_slot_is_left_out_and_reported(tmp_path: Path) -> None:
    document = json.loads((V1_FIXTURES / "OrderFlowersBot.json").read_text())
    messages = document["resource"]["intents"][0]["conclusionStatement"]["messages"]
    messages.append({"groupNumber": 2, "contentType": "PlainText", "content": "Bye {Nobody}"})
    source = tmp_path / "bot.json"
    source.write_text(json.dumps(document))
    files, report = import_bot(source)
    files.write(tmp_path / "bot")
    project: Any = load_project(tmp_path / "bot")
    closing = project.intents["OrderFlowers"].intentClosingSetting.closingResponse
    assert "Bye {Nobody}" not in texts(closing.messageGroupsList[1])
    path = "resource.intents[OrderFlowers].conclusionStatement.messages[4]"
    assert (
        "names a slot the intent does not have"
        in {n.path: n.reason for n in report.unsupported}[path]
    )


# ---------------------------------------------------------------- intent exports and zips


def test_v1_intent_export_becomes_a_one_intent_bot_with_safe_names(tmp_path: Path) -> None:
    _, report, project = imported(tmp_path, "BookTable_Intent.json")
    intent = project.intents["BookTable"]
    assert project.config.name == "BookTable" and set(project.slot_types) == {"Seating"}
    assert [s.name for s in intent.slots] == ["party_size", "SeatingArea"]
    assert intent.sampleUtterances == [
        "book a table",
        "a table for {party_size} in the {SeatingArea}",
    ]
    prompt = intent.slot("SeatingArea").valueElicitationSetting.promptSpecification
    assert texts(prompt.messageGroupsList[0]) == ["Inside or on the terrace, {party_size} people?"]
    # Equal V1 priorities are ordered as listed.
    assert [(p.slotName, p.priority) for p in intent.slotPriorities] == [
        ("party_size", 1),
        ("SeatingArea", 2),
    ]
    unsupported = {n.path: n.reason for n in report.unsupported}
    assert "party_size" in unsupported["resource.slots[party.size].name"]
    assert "resource.kendraConfiguration" in unsupported
    assert "resource.sampleUtterances[2]" in unsupported  # {Guests} is no slot
    # As in Lex, a synonym may name several values and values may differ only in case.
    assert not any("enumerationValues" in path for path in unsupported)
    seating = project.slot_types["Seating"].slotTypeValues
    assert [v.sampleValue.value for v in seating] == ["inside", "terrace", "Terrace"]
    assert [s.value for s in seating[1].synonyms] == ["outside", "indoors"]


def test_v1_zip_is_read_without_its_macosx_entries(tmp_path: Path) -> None:
    _, report, project = imported(tmp_path, "PizzaBot_Bot_LEX_V1.zip")
    intent = project.intents["OrderPizza"]
    assert intent.slot("City").slotTypeName == "AMAZON.City"
    # A built-in type this runtime does not have keeps its slot, as free-form input.
    assert intent.slot("Topping").slotTypeName == "AMAZON.FreeFormInput"
    assert "AMAZON.PizzaTopping" in report.unsupported[0].reason


def test_v1_zip_with_two_exports_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "two.zip"
    text = (V1_FIXTURES / "OrderFlowersBot.json").read_text()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.json", text)
        zipped.writestr("b.json", text)
    with pytest.raises(TransferError, match="one export JSON file, found 2"):
        import_bot(archive)
