"""Which code hook an intent calls: the locale's hook from bot.yaml (`codeHook`, or the locale's
own `codeHook`, as Lex attaches a Lambda per alias and locale), or an intent's own hook (Lex V1
bots name a Lambda per intent, for its dialog hook and its fulfilment separately).

`hooks_for(project)` builds the routing once; transports connect lazily, at their first call.
"""

from __future__ import annotations

from pathlib import Path

from bot.dialog.hooks import CodeHooks, HookAnswer, HookInvocation
from bot.hooks.adapter import LexCodeHooks
from bot.hooks.transports import transport_for
from bot.project.bot_config import DRAFT, NoCodeHook
from bot.project.loader import BotProject
from bot.project.schema import CodeHookSetting, IntentCodeHook


class IntentRoutedHooks:
    """`CodeHooks` that sends each intent's calls to its own hook, or to the locale's."""

    def __init__(
        self,
        default: CodeHooks | None,
        dialog: dict[str, CodeHooks],
        fulfillment: dict[str, CodeHooks],
    ) -> None:
        self.default = default
        self._dialog = dialog
        self._fulfillment = fulfillment

    def has_hook(self, intent: str, source: str) -> bool:
        routes = self._dialog if source == "DialogCodeHook" else self._fulfillment
        return intent in routes or self.default is not None

    def dialog(self, invocation: HookInvocation) -> HookAnswer:
        return self._route(self._dialog, invocation).dialog(invocation)

    def fulfillment(self, invocation: HookInvocation) -> HookAnswer:
        return self._route(self._fulfillment, invocation).fulfillment(invocation)

    def _route(self, routes: dict[str, CodeHooks], invocation: HookInvocation) -> CodeHooks:
        intent = invocation.session_state.intent
        hooks = routes.get(intent.name) if intent is not None else None
        found = hooks or self.default
        assert found is not None, "the engine calls only intents that have a hook"
        return found


def hooks_for(
    project: BotProject,
    *,
    code_hook: CodeHookSetting | NoCodeHook | None = None,
    search_path: Path | None = None,
    version: str = DRAFT,
) -> IntentRoutedHooks | None:
    """The code hooks of one locale of a bot; None when it has none at all. `code_hook` (an
    alias's own) replaces the locale's, `NoCodeHook` with none (an intent's own hook stays, as a
    Lex V1 alias keeps its intents' Lambdas); Python hooks are imported from `search_path` (by
    default the project: a frozen version keeps no code, it calls its project's). Their events
    name `version`, the bot version `project` is."""
    setting = code_hook or project.config.code_hook(project.locale)
    if isinstance(setting, NoCodeHook):
        setting = None
    search = search_path or project.root
    default = _hooks(project, setting, search, version) if setting is not None else None
    dialog: dict[str, CodeHooks] = {}
    fulfillment: dict[str, CodeHooks] = {}
    for name, intent in project.intents.items():
        if intent.dialogCodeHook and intent.dialogCodeHook.codeHook:
            own = _intent_hooks(project, intent.dialogCodeHook.codeHook, setting, search, version)
            if own is not None:
                dialog[name] = own
        if intent.fulfillmentCodeHook and intent.fulfillmentCodeHook.codeHook:
            own = _intent_hooks(
                project, intent.fulfillmentCodeHook.codeHook, setting, search, version
            )
            if own is not None:
                fulfillment[name] = own
    if default is None and not dialog and not fulfillment:
        return None
    return IntentRoutedHooks(default, dialog, fulfillment)


def _hooks(project: BotProject, setting: CodeHookSetting, search: Path, version: str) -> CodeHooks:
    transport = transport_for(setting.uri, float(setting.timeoutInSeconds), search)
    return LexCodeHooks(project, transport, setting.messageVersion, bot_version=version)


def _intent_hooks(
    project: BotProject,
    own: IntentCodeHook,
    bot_setting: CodeHookSetting | None,
    search: Path,
    version: str,
) -> CodeHooks | None:
    if not own.uri:
        return None  # a placeholder: the bot's hook, if any, is used
    timeout = bot_setting.timeoutInSeconds if bot_setting is not None else 30
    transport = transport_for(own.uri, float(timeout), search)
    return LexCodeHooks(project, transport, own.messageVersion, bot_version=version)
