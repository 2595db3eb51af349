"""How calling a code hook can go wrong, besides taking too long (`HookTimeout`, on the seam).

`HookFailure` says why in `reason`, a short text that is safe to show a client (a Lex
`DependencyFailedException` message); details that may be long or sensitive go to the log only.
`InvalidHookAnswer` is the hook answering with something Lex would reject.
"""

from __future__ import annotations

from bot.errors import BotError


class HookFailure(BotError):
    """The hook could not be called, failed, or answered with something unusable."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class InvalidHookAnswer(HookFailure):
    """The hook answered, but not with a valid Lex code-hook response."""
