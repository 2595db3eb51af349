"""Assisted slot resolution in imports and exports: a slot's `slotResolutionSetting` and the
locale's `generativeAISettings.runtimeSettings` are carried from Lex V2 exports and CloudFormation
templates and exported back; the build-time settings stay ignored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.transfer import TransferError, export_bot, import_bot
from bot.transfer.bot_files import read_bot_files
from tests.transfer.accounting import unaccounted_cfn, unaccounted_v2
from tests.transfer.conftest import FLOW_BOT, Imported, import_and_check
from tests.transfer.test_lex_v2_export import as_data, zip_json

MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2"
LOCALE_JSON = "FlowBot/BotLocales/en_US/BotLocale.json"
TIME_SLOT = "BotLocales/en_US/Intents/BookTable/Slots/Time/Slot.json"
RUNTIME = {
    "slotResolutionImprovementSpecification": {
        "enabled": True,
        "bedrockModelSpecification": {
            "modelArn": MODEL,
            "customPrompt": None,
            "bedrockGuardrailConfiguration": None,
            "bedrockTraceStatus": None,
        },
    }
}


def assisted_flow_bot(tmp_path: Path, runtime: dict[str, Any] = RUNTIME) -> Path:
    """FlowBot with assisted slot resolution enabled for its locale, as the console exports it."""
    export = tmp_path / "FlowBotAssisted"
    shutil.copytree(FLOW_BOT, export)
    locale_file = export / LOCALE_JSON
    locale = json.loads(locale_file.read_text())
    locale["generativeAISettings"]["runtimeSettings"] = runtime
    locale_file.write_text(json.dumps(locale))
    return export


def test_enhanced_fallback_and_the_locale_model_are_carried(tmp_path: Path) -> None:
    imported = import_and_check(assisted_flow_bot(tmp_path), tmp_path / "bot")
    setting = imported.files.config["locales"][0]["generativeAISettings"]
    assert setting == {
        "runtimeSettings": {
            "slotResolutionImprovementSpecification": {
                "enabled": True,
                "bedrockModelSpecification": {"modelArn": MODEL},
            }
        }
    }
    time = imported.intent("BookTable")["slots"][1]["valueElicitationSetting"]
    assert time["slotResolutionSetting"] == {"slotResolutionStrategy": "EnhancedFallback"}
    assert imported.project.intents["BookTable"].slot("Time").assisted  # type: ignore[union-attr]
    locale = imported.project.config.locale("en_US")
    assert locale.slot_resolution is not None
    assert not any("slotResolution" in p or "generativeAI" in p for p in imported.notes())


def test_build_time_settings_stay_ignored(tmp_path: Path) -> None:
    imported = import_and_check(assisted_flow_bot(tmp_path), tmp_path / "bot")
    ignored = imported.notes("ignored")
    build = "BotLocales/en_US/BotLocale.json:generativeAISettings.buildtimeSettings"
    assert "descriptive bot builder" in ignored[build]
    assert "buildtimeSettings" not in imported.files.config["locales"][0]["generativeAISettings"]


def test_every_leaf_of_an_assisted_export_is_carried_or_reported(tmp_path: Path) -> None:
    export = assisted_flow_bot(tmp_path)
    imported = import_and_check(export, tmp_path / "bot")
    assert unaccounted_v2(export, imported.files, imported.report) == []


def test_assisted_nlu_is_reported_unsupported_only_when_enabled(tmp_path: Path) -> None:
    runtime = RUNTIME | {"nluImprovementSpecification": {"enabled": True}}
    imported = import_and_check(assisted_flow_bot(tmp_path, runtime), tmp_path / "on")
    path = "BotLocales/en_US/BotLocale.json:generativeAISettings.runtimeSettings"
    assert "Assisted NLU" in imported.notes()[f"{path}.nluImprovementSpecification"]
    runtime = RUNTIME | {"nluImprovementSpecification": {"enabled": False}}
    imported = import_and_check(assisted_flow_bot(tmp_path / "b", runtime), tmp_path / "off")
    assert f"{path}.nluImprovementSpecification" in imported.notes("ignored")
    assert imported.notes() == {k: v for k, v in imported.notes().items() if "runtime" not in k}


def test_lex_v2_export_writes_them_back_and_round_trips(tmp_path: Path) -> None:
    first = import_and_check(assisted_flow_bot(tmp_path), tmp_path / "first")
    archive = tmp_path / "assisted.zip"
    export_bot(first.root, "lex-v2", archive)
    entries = zip_json(archive)
    locale = entries["FlowBot/BotLocales/en_US/BotLocale.json"]
    runtime = locale["generativeAISettings"]["runtimeSettings"]
    assert runtime["slotResolutionImprovementSpecification"]["enabled"] is True
    slot = entries[f"FlowBot/{TIME_SLOT}"]["valueElicitationSetting"]
    assert slot["slotResolutionSetting"] == {"slotResolutionStrategy": "EnhancedFallback"}
    again, report = import_bot(archive)
    again.write(tmp_path / "again")
    assert as_data(read_bot_files(tmp_path / "again")) == as_data(first.files)
    assert not [n for n in report.unsupported if "generativeAI" in n.path]
    assert not [n for n in report.unsupported if "slotResolution" in n.path]


TEMPLATE = """\
Resources:
  ClaimsBot:
    Type: AWS::Lex::Bot
    Properties:
      Name: Claims
      RoleArn: !GetAtt BotRole.Arn
      DataPrivacy: {ChildDirected: false}
      IdleSessionTTLInSeconds: 300
      BotLocales:
        - LocaleId: en_US
          NluConfidenceThreshold: 0.4
          GenerativeAISettings:
            BuildtimeSettings:
              SampleUtteranceGenerationSpecification: {Enabled: true}
            RuntimeSettings:
              SlotResolutionImprovementSpecification:
                Enabled: true
                BedrockModelSpecification:
                  ModelArn: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2
                  BedrockModelCustomPrompt: Dates are in the customer's past.
                  BedrockTraceStatus: ENABLED
                  BedrockGuardrailConfiguration:
                    BedrockGuardrailIdentifier: gr1abc
                    BedrockGuardrailVersion: "2"
          Intents:
            - Name: ReportLoss
              SampleUtterances: [{Utterance: I want to report a loss}]
              Slots:
                - Name: LossDate
                  SlotTypeName: AMAZON.Date
                  ValueElicitationSetting:
                    SlotConstraint: Required
                    PromptSpecification:
                      MaxRetries: 2
                      MessageGroupsList:
                        - Message: {PlainTextMessage: {Value: "When did it happen?"}}
                    SlotResolutionSetting: {SlotResolutionStrategy: EnhancedFallback}
              SlotPriorities: [{Priority: 1, SlotName: LossDate}]
            - Name: FallbackIntent
              ParentIntentSignature: AMAZON.FallbackIntent
"""


def test_cloudformation_generative_settings_are_carried(tmp_path: Path) -> None:
    template = tmp_path / "claims.yaml"
    template.write_text(TEMPLATE)
    imported: Imported = import_and_check(template, tmp_path / "bot")
    runtime = imported.files.config["locales"][0]["generativeAISettings"]["runtimeSettings"]
    model = runtime["slotResolutionImprovementSpecification"]["bedrockModelSpecification"]
    assert model == {
        "modelArn": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2",
        "customPrompt": "Dates are in the customer's past.",
        "bedrockGuardrailConfiguration": {
            "bedrockGuardrailIdentifier": "gr1abc",
            "bedrockGuardrailVersion": "2",
        },
        "bedrockTraceStatus": "ENABLED",
    }
    slot = imported.intent("ReportLoss")["slots"][0]["valueElicitationSetting"]
    assert slot["slotResolutionSetting"] == {"slotResolutionStrategy": "EnhancedFallback"}
    assert not imported.report.unsupported
    assert unaccounted_cfn(template, imported.files, imported.report) == []


def test_lex_v1_export_refuses_an_assisted_slot(tmp_path: Path) -> None:
    imported = import_and_check(assisted_flow_bot(tmp_path), tmp_path / "bot")
    with pytest.raises(TransferError, match="slot Time uses assisted slot resolution"):
        export_bot(imported.root, "lex-v1", tmp_path / "v1.json")


def test_rasa_export_names_the_assisted_settings_it_cannot_hold(tmp_path: Path) -> None:
    imported = import_and_check(assisted_flow_bot(tmp_path), tmp_path / "bot")
    export_bot(imported.root, "rasa", tmp_path / "rasa")
    header = (tmp_path / "rasa" / "domain.yml").read_text().split("\n\n", 1)[0]
    assert "slot Time: slotResolutionSetting" in header
    assert "generativeAISettings" in header
