"""Checks of assisted slot resolution across bot.yaml and the intent files.

A slot with `slotResolutionStrategy: EnhancedFallback` needs its locale's assisted slot
resolution enabled (Lex: "you must first activate the assisted slot resolution feature" for the
locale before a slot can use it); a locale that enables it without naming a model is a warning,
since Lex picks a model itself and this runtime cannot. Returns `Problem`s, never raises.
"""

from __future__ import annotations

from bot.errors import Problem
from bot.project.bot_config import BotConfig, LocaleSetting
from bot.project.schema import IntentDefinition
from bot.project.yaml_source import YamlDocument

LOCALE_KEY = "generativeAISettings.runtimeSettings.slotResolutionImprovementSpecification"


def check_slot_resolution(
    doc: YamlDocument, intent: IntentDefinition, locale: LocaleSetting
) -> list[Problem]:
    """A slot asks for assisted resolution only where its locale has it enabled."""
    if locale.slot_resolution is not None:
        return []
    return [
        doc.problem(
            ("slots", i, "valueElicitationSetting", "slotResolutionSetting"),
            f"EnhancedFallback needs assisted slot resolution enabled for {locale.localeId} "
            f"(bot.yaml locales: {LOCALE_KEY}.enabled: true)",
        )
        for i, slot in enumerate(intent.slots)
        if slot.assisted
    ]


def slot_resolution_warnings(config: BotConfig) -> list[Problem]:
    """Assisted slot resolution enabled without a model: no model is asked here."""
    return [
        Problem(
            "bot.yaml",
            None,
            f"locales[{i}].{LOCALE_KEY}",
            "enabled without bedrockModelSpecification.modelArn: no model is asked",
        )
        for i, locale in enumerate(config.locales)
        if (found := locale.slot_resolution) is not None and found.bedrockModelSpecification is None
    ]
