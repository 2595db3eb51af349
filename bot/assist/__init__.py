"""Assisted slot resolution outside the dialog engine: the `SlotAssistant` of a locale, backed by
the Amazon Bedrock model its `generativeAISettings` name (`bot.assist.bedrock`), and the prompt it
is given (`bot.assist.prompt`).

`assistant_for(project)` decides whether a locale needs one at all; nothing here imports boto3 or
connects before the first question.
"""

from __future__ import annotations

from bot.assist.bedrock import BedrockSlotAssistant
from bot.dialog.assist import SlotAssistant
from bot.project.loader import BotProject

__all__ = ["BedrockSlotAssistant", "assistant_for"]


def assistant_for(project: BotProject) -> SlotAssistant | None:
    """The assistant of one locale: None unless the locale enables assisted slot resolution
    with a model and one of its slots asks for it (`slotResolutionStrategy: EnhancedFallback`)."""
    setting = project.config.locale(project.locale).slot_resolution
    model = setting.bedrockModelSpecification if setting is not None else None
    if model is None:
        return None
    if not any(slot.assisted for intent in project.intents.values() for slot in intent.slots):
        return None
    return BedrockSlotAssistant(model)
