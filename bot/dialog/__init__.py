"""The dialog engine: Lex V2 conversation semantics on top of the NLU, over the neutral turn model.

`DialogEngine` runs one turn from a `TurnRequest` and the stored session document; code hooks
are reached through the `CodeHooks` seam, a model that reads slot answers through the
`SlotAssistant` seam. Nothing here knows HTTP, storage or a wire format.
"""

from bot.dialog.assist import SlotAssistant, SlotAssistFailed, SlotQuestion
from bot.dialog.engine import DialogEngine
from bot.dialog.hooks import CodeHooks, HookAnswer, HookInvocation, HookTimeout, delegate

__all__ = [
    "CodeHooks",
    "DialogEngine",
    "HookAnswer",
    "HookInvocation",
    "HookTimeout",
    "SlotAssistFailed",
    "SlotAssistant",
    "SlotQuestion",
    "delegate",
]
