"""Lex-style code hooks: the adapter behind the dialog engine's `CodeHooks` seam that calls a
bot's Lambda-format hook in process, on AWS Lambda or over HTTP (see `bot.hooks.adapter`)."""

from bot.hooks.adapter import LexCodeHooks, build_hooks
from bot.hooks.failures import HookFailure, InvalidHookAnswer
from bot.hooks.pool import HookBusy, HookWorkers
from bot.hooks.transports import HookTransport, LambdaContext, transport_for

__all__ = [
    "HookBusy",
    "HookFailure",
    "HookTransport",
    "HookWorkers",
    "InvalidHookAnswer",
    "LambdaContext",
    "LexCodeHooks",
    "build_hooks",
    "transport_for",
]
