"""When a code hook times out, raises or answers garbage, over boto3 as a Lex client sees it: a
dialog hook failure is a 424 that leaves the session as it was; a fulfilment failure says the
intent's failure or timeout response (or is a 424 when the intent has none). Each hook is called
once per turn, never again on failure."""

from __future__ import annotations

import pytest

from tests.hooks import handlers
from tests.hooks.conftest import TRANSPORTS, dialog_action, intent_state, texts

MODES = ("slow", "broken", "malformed")
FAILURE_RESPONSE = "Sorry, I couldn't complete your registration for PyCon. Please try again later."
TIMEOUT_RESPONSE = (
    "Sorry, registration is taking longer than expected. Please try again in a minute."
)


def fill_up_to_confirmation(bot, sid: str) -> None:
    for text in ("register me for PyCon", "12 March 2027", "Maria", "maria@example.com"):
        bot.say(sid, text)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
def test_dialog_hook_failure_is_a_424_and_the_session_is_unchanged(hooked_bot, mode, transport):
    bot = hooked_bot(f"{mode}_date", transport=transport, timeout=1)
    sid = bot.new_session()
    bot.say(sid, "register me for PyCon")
    before = bot.session(sid)

    with pytest.raises(bot.lex.exceptions.DependencyFailedException) as failed:
        bot.say(sid, "12 March 2027")

    message = failed.value.response["Error"]["Message"]
    expected = {"slow": "timed out", "broken": "failed", "malformed": "Invalid Lambda Response"}
    assert expected[mode] in message
    assert bot.session(sid) == before
    assert handlers.calls_for(sid) == ["DialogCodeHook", "DialogCodeHook"]


@pytest.mark.parametrize(
    ("mode", "said"),
    [("slow", TIMEOUT_RESPONSE), ("broken", FAILURE_RESPONSE), ("malformed", FAILURE_RESPONSE)],
    ids=MODES,
)
def test_fulfilment_hook_failure_says_the_configured_response(hooked_bot, mode, said):
    bot = hooked_bot(f"{mode}_fulfilment", timeout=1)
    sid = bot.new_session()
    fill_up_to_confirmation(bot, sid)
    handlers.CALLS.clear()

    r = bot.say(sid, "yes")

    assert (intent_state(r), dialog_action(r)) == ("Failed", ("Close", None))
    assert texts(r) == [said]
    assert r["sessionState"].get("activeContexts", []) == []  # no output context on failure
    assert handlers.calls_for(sid) == ["DialogCodeHook", "FulfillmentCodeHook"]
    assert bot.session(sid)["sessionState"]["intent"]["state"] == "Failed"


def test_fulfilment_timeout_without_a_timeout_response_is_a_424(hooked_bot):
    # EventInfo configures a failureResponse but no timeoutResponse.
    bot = hooked_bot("slow_fulfilment", timeout=1)
    sid = bot.new_session()
    bot.say(sid, "hello")
    before = bot.session(sid)

    with pytest.raises(bot.lex.exceptions.DependencyFailedException):
        bot.say(sid, "what events are there")

    assert bot.session(sid) == before
    assert handlers.calls_for(sid) == ["FulfillmentCodeHook"]


def test_a_missing_hook_module_fails_at_call_time(hooked_bot):
    bot = hooked_bot("no_such_handler")
    sid = bot.new_session()
    assert texts(bot.say(sid, "hello"))  # intents without hooks still work

    with pytest.raises(bot.lex.exceptions.DependencyFailedException) as failed:
        bot.say(sid, "register me for PyCon")
    assert "no function no_such_handler" in failed.value.response["Error"]["Message"]
