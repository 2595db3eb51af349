"""Importing the `AWS::Lex::Bot` of a CloudFormation template (YAML with short tags, or JSON)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.transfer import TransferError, detect_format, import_bot
from bot.transfer.cloudformation import load_template
from tests.transfer.conftest import FAQ_TEMPLATE, HOTEL_TEMPLATE, Imported, import_and_check

HOTEL = "Resources.HotelBot.Properties"
ARN = "arn:aws:lambda:eu-west-1:123456789012:function:hotel-fulfilment"


@pytest.fixture
def hotel(tmp_path: Path) -> Imported:
    return import_and_check(HOTEL_TEMPLATE, tmp_path / "bot")


def test_templates_are_recognised_as_cloudformation() -> None:
    assert detect_format(HOTEL_TEMPLATE) == "cloudformation"
    assert detect_format(FAQ_TEMPLATE) == "cloudformation"


def test_short_tags_read_as_intrinsic_functions() -> None:
    template = load_template(HOTEL_TEMPLATE)
    bot = template["Resources"]["HotelBot"]["Properties"]
    assert bot["Name"] == {"Ref": "BotName"}
    assert bot["RoleArn"] == {"Fn::GetAtt": ["BotRole", "Arn"]}
    assert bot["Description"] == {"Fn::Sub": "Books rooms at the ${HotelName} hotel"}


def test_every_locale_of_the_template_is_imported(hotel: Imported) -> None:
    assert [loc.locale for loc in hotel.files.locales] == ["en_US", "es_US"]
    spanish = hotel.project.locales()["es_US"]
    assert spanish.intents["BookRoom"].sampleUtterances == [
        "reservar una habitación",
        "quiero una habitación",  # !Join of literals
    ]
    assert spanish.threshold == 0.4
    assert all("FallbackIntent" in loc.intents for loc in hotel.project.locales().values())


def test_ref_and_sub_take_parameter_defaults(hotel: Imported) -> None:
    assert hotel.files.config["name"] == "HotelBot"
    assert hotel.files.config["description"] == "Books rooms at the Grand Harbour hotel"
    assert hotel.project.threshold == 0.55  # a Number parameter given as a string
    book = hotel.intent("BookRoom")
    assert book["description"] == "Book a room at Grand Harbour"
    assert "book a {RoomType} room at Grand Harbour" in book["sampleUtterances"]


def test_unresolvable_values_are_reported_for_their_field(hotel: Imported) -> None:
    unsupported = hotel.notes()
    feedback = f"{HOTEL}.BotLocales[0].Intents[1]"
    assert "GetAtt FeedbackFunction.Description" in unsupported[f"{feedback}.Description"]
    assert "SupportTopic has no Default" in unsupported[f"{feedback}.SampleUtterances[1].Utterance"]
    assert hotel.intent("Feedback")["sampleUtterances"] == ["I have feedback"]
    assert "description" not in hotel.intent("Feedback")


def test_literal_test_alias_lambda_becomes_the_code_hook(hotel: Imported) -> None:
    assert hotel.files.config["codeHook"] == {"uri": f"lambda:{ARN}", "messageVersion": "V2"}
    assert hotel.project.config.code_hook("es_US") is not None


def test_computed_lambda_arn_is_reported_with_the_code_hook_hint(tmp_path: Path) -> None:
    imported = import_and_check(FAQ_TEMPLATE, tmp_path / "bot")
    path = "Resources.FaqBot.Properties.TestBotAliasSettings.BotAliasLocaleSettings[0]"
    reason = imported.notes("deployment")[path]
    assert "GetAtt FaqFunction.Arn" in reason and "--code-hook" in reason
    assert "codeHook" not in imported.files.config
    assert imported.report.unsupported == []


def test_code_hook_option_supplies_the_computed_lambda(tmp_path: Path) -> None:
    imported = import_and_check(FAQ_TEMPLATE, tmp_path / "bot", code_hook="lambda:faq-fn")
    assert imported.project.config.code_hook("en_GB").uri == "lambda:faq-fn"
    assert imported.report.deployment == []


def test_template_keys_become_export_spelling(hotel: Imported) -> None:
    book = hotel.intent("BookRoom")
    room = book["slots"][1]
    groups = room["valueElicitationSetting"]["promptSpecification"]["messageGroupsList"]
    assert groups[0]["message"]["imageResponseCard"]["buttons"][1] == {
        "text": "Double",
        "value": "double",
    }
    assert groups[1]["message"] == {"ssmlMessage": {"value": "<speak>Single or double?</speak>"}}
    success = book["fulfillmentCodeHook"]["postFulfillmentStatusSpecification"]["successNextStep"]
    assert success["sessionAttributes"] == {"booked": "true"}
    assert success["intent"]["slots"] == {
        "Topic": {"shape": "Scalar", "value": {"interpretedValue": "booking"}}
    }
    fallback = hotel.intent("FallbackIntent")["intentClosingSetting"]["closingResponse"]
    assert fallback["messageGroupsList"][0]["message"]["customPayload"] == {
        "value": '{"type": "handoff"}'
    }


def test_slots_and_slot_types_come_from_the_template(hotel: Imported) -> None:
    assert [s.name for s in hotel.project.intents["BookRoom"].slots] == ["Nights", "RoomType"]
    room = hotel.project.slot_types["RoomType"]
    assert room.resolution == "TopResolution"
    assert [s.value for s in room.slotTypeValues[1].synonyms] == ["two beds", "twin"]


def test_aws_only_properties_are_ignored_and_behaviour_is_unsupported(hotel: Imported) -> None:
    ignored = hotel.notes("ignored")
    for key in ("RoleArn", "AutoBuildBotLocales", "DataPrivacy"):
        assert f"{HOTEL}.{key}" in ignored
    assert f"{HOTEL}.BotLocales[0].VoiceSettings" in ignored
    assert "Kendra" in hotel.notes()[f"{HOTEL}.BotLocales[0].Intents[1].KendraConfiguration"]


def test_a_second_bot_resource_is_reported(hotel: Imported) -> None:
    assert "only the first" in hotel.notes()["Resources.OtherBot"]


def test_json_template_with_fn_functions_imports(tmp_path: Path) -> None:
    imported = import_and_check(FAQ_TEMPLATE, tmp_path / "bot")
    assert imported.files.config["name"] == "Faq_Bot"
    assert imported.files.config["description"] == "Answers questions"
    assert imported.files.config["locales"] == [
        {"localeId": "en_GB", "nluConfidenceThreshold": 0.4}
    ]
    assert imported.project.intents["OpeningHours"].intentClosingSetting is not None
    assert imported.project.intents["FallbackIntent"].fulfillmentCodeHook is not None


def test_template_without_a_lex_bot_is_refused(tmp_path: Path) -> None:
    template = tmp_path / "empty.yaml"
    template.write_text("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n")
    with pytest.raises(TransferError, match="no AWS::Lex::Bot"):
        import_bot(template)
