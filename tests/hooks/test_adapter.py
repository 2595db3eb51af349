"""The adapter between the dialog engine and a Lex-format hook: which hooks a bot gets, and
answers that are valid Lex but name what this bot does not have."""

from __future__ import annotations

import dataclasses

import pytest

from bot.hooks import LexCodeHooks, build_hooks, transport_for
from tests.hooks import handlers
from tests.hooks.conftest import dialog_action, intent_state, texts, with_code_hook


def test_a_bot_without_code_hook_gets_no_hooks(trained_bot):
    project = trained_bot[0]
    bare = dataclasses.replace(project, config=project.config.model_copy(update={"codeHook": None}))
    assert build_hooks(bare) is None


def test_hooks_follow_the_configured_uri_version_and_timeout(trained_bot):
    project = with_code_hook(trained_bot[0], "lambda:registration", "V1", 7)
    hooks = build_hooks(project)
    assert isinstance(hooks, LexCodeHooks)
    assert hooks.message_version == "V1"
    assert hooks.transport.target == "lambda:registration"
    assert hooks.transport.timeout == 7  # type: ignore[attr-defined]


def test_an_unknown_message_version_is_refused(trained_bot):
    with pytest.raises(ValueError, match="V2 or V1"):
        LexCodeHooks(trained_bot[0], transport_for("lambda:x"), "V3")


def test_dialog_hook_eliciting_an_unknown_slot_is_a_424(hooked_bot):
    bot = hooked_bot("unknown_slot")
    sid = bot.new_session()
    with pytest.raises(bot.lex.exceptions.DependencyFailedException) as failed:
        bot.say(sid, "register me for PyCon")
    assert "cannot elicit slot size" in failed.value.response["Error"]["Message"]
    with pytest.raises(bot.lex.exceptions.ResourceNotFoundException):
        bot.session(sid)  # nothing was saved


def test_fulfilment_hook_closing_an_unknown_intent_fails_the_intent(hooked_bot):
    bot = hooked_bot("unknown_intent")
    sid = bot.new_session()
    for text in ("register me for PyCon", "12 March 2027", "Maria", "maria@example.com"):
        bot.say(sid, text)
    r = bot.say(sid, "yes")
    assert (intent_state(r), dialog_action(r)) == ("Failed", ("Close", None))
    assert texts(r) == [
        "Sorry, I couldn't complete your registration for PyCon. Please try again later."
    ]
    assert handlers.calls_for(sid)[-1] == "FulfillmentCodeHook"
