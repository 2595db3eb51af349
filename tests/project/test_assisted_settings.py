"""Assisted slot resolution in the bot files: a slot's `slotResolutionSetting`, the locale's
`generativeAISettings`, and the `bot check` rules that tie them together."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from bot.errors import BotDefinitionError
from bot.project.generative import BedrockModelSpecification, GenerativeAISettings
from bot.project.loader import load_project

PAINT_BOT = Path(__file__).parent.parent / "assist" / "paint_bot"
MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"


@pytest.fixture
def bot(tmp_path: Path) -> Path:
    shutil.copytree(PAINT_BOT, tmp_path, dirs_exist_ok=True)
    return tmp_path


def set_locale(bot: Path, **setting: Any) -> None:
    config = yaml.safe_load((bot / "bot.yaml").read_text())
    config["locales"] = [{"localeId": "en_US", **setting}]
    (bot / "bot.yaml").write_text(yaml.safe_dump(config))


def test_slots_and_the_locale_say_who_is_assisted(bot: Path) -> None:
    project = load_project(bot)
    intent = project.intents["OrderPaint"]
    assert [s.name for s in intent.slots if s.assisted] == ["Colour", "Litres"]
    found = project.config.locale("en_US").slot_resolution
    assert found is not None and found.bedrockModelSpecification is not None
    assert found.bedrockModelSpecification.modelArn == MODEL
    assert project.warnings == ()


def test_enhanced_fallback_needs_the_locale_to_enable_it(bot: Path) -> None:
    set_locale(bot)
    with pytest.raises(BotDefinitionError) as raised:
        load_project(bot)
    problems = raised.value.problems
    assert [(p.file, p.field) for p in problems] == [
        ("intents/OrderPaint.yaml", "slots[0].valueElicitationSetting.slotResolutionSetting"),
        ("intents/OrderPaint.yaml", "slots[1].valueElicitationSetting.slotResolutionSetting"),
    ]
    assert problems[0].line == 13  # slotResolutionSetting of Colour
    assert "EnhancedFallback needs assisted slot resolution enabled for en_US" in str(problems[0])


def test_a_disabled_locale_setting_does_not_count(bot: Path) -> None:
    runtime = {"slotResolutionImprovementSpecification": {"enabled": False}}
    set_locale(bot, generativeAISettings={"runtimeSettings": runtime})
    with pytest.raises(BotDefinitionError, match="EnhancedFallback needs"):
        load_project(bot)


def test_enabled_without_a_model_is_a_warning(bot: Path) -> None:
    runtime = {"slotResolutionImprovementSpecification": {"enabled": True}}
    set_locale(bot, generativeAISettings={"runtimeSettings": runtime})
    (warning,) = load_project(bot).warnings
    assert warning.file == "bot.yaml"
    assert "no model is asked" in warning.message


def test_the_models_api_spellings_are_accepted() -> None:
    settings = GenerativeAISettings.model_validate(
        {
            "runtimeSettings": {
                "slotResolutionImprovement": {
                    "enabled": True,
                    "bedrockModelSpecification": {
                        "modelArn": MODEL,
                        "guardrail": {"identifier": "gr1abc", "version": "DRAFT"},
                        "traceStatus": "DISABLED",
                    },
                }
            }
        }
    )
    found = settings.slot_resolution
    assert found is not None and found.bedrockModelSpecification is not None
    guardrail = found.bedrockModelSpecification.bedrockGuardrailConfiguration
    assert guardrail is not None and guardrail.bedrockGuardrailVersion == "DRAFT"


@pytest.mark.parametrize(
    "spec",
    [
        {"modelArn": "anthropic.claude-v2"},
        {"modelArn": MODEL, "bedrockTraceStatus": "ON"},
        {"modelArn": MODEL, "customPrompt": ""},
        {"modelArn": MODEL, "bedrockGuardrailConfiguration": {"bedrockGuardrailIdentifier": "g"}},
    ],
)
def test_model_specifications_keep_lex_limits(spec: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        BedrockModelSpecification.model_validate(spec)


def test_an_unknown_strategy_names_the_choices(bot: Path) -> None:
    intent = bot / "intents" / "OrderPaint.yaml"
    intent.write_text(intent.read_text().replace("EnhancedFallback}", "Smart}", 1))
    with pytest.raises(BotDefinitionError, match="EnhancedFallback"):
        load_project(bot)
