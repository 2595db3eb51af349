"""The example bot with `nlu: {engine: rasa}` over the Lex V2 runtime API: Rasa's intents and
entities, our slot resolution, dialog and code hooks; Rasa stopping is a Lex error, not a hang.
The last test stops the Rasa server."""

from __future__ import annotations

import os
import signal
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from botocore.exceptions import ClientError

from bot.project.bot_config import BotConfig


def _say(lex, ids, sid, text):
    return lex.recognize_text(**ids, sessionId=sid, text=text)


def _action(r):
    return r["sessionState"]["dialogAction"]


def _slot(r, name):
    slot = r["sessionState"]["intent"]["slots"].get(name)
    return slot["value"]["interpretedValue"] if slot else None


def test_a_locale_nlu_setting_overrides_the_bots():
    config = BotConfig.model_validate(
        {
            "name": "B",
            "nlu": {"engine": "rasa", "url": "http://127.0.0.1:5006"},
            "locales": ["en_US", {"localeId": "de_DE", "nlu": {"engine": "lexbot"}}],
        }
    )
    assert config.nlu_setting("en_US").engine == "rasa"
    assert config.nlu_setting("en_US").url == "http://127.0.0.1:5006"
    assert config.nlu_setting("de_DE").engine == "lexbot"


def test_a_whole_registration_goes_through_rasa(lex, ids):
    sid = "rasa-registration"
    r = _say(lex, ids, sid, "register me for PyCon")
    assert r["sessionState"]["intent"]["name"] == "RegisterUserForEvent"
    assert r["interpretations"][0]["nluConfidence"]["score"] > 0.4
    assert _slot(r, "eventName") == "PyCon"  # Rasa's EventName entity, role eventName
    assert _action(r) == {"type": "ElicitSlot", "slotToElicit": "eventDate"}
    r = _say(lex, ids, sid, "tomorrow")
    assert _action(r)["slotToElicit"] == "firstName"
    r = _say(lex, ids, sid, "Maria")
    assert _slot(r, "firstName") == "Maria"
    r = _say(lex, ids, sid, "maria@example.com")
    assert _action(r)["type"] == "ConfirmIntent"
    r = _say(lex, ids, sid, "yes")
    assert r["sessionState"]["intent"]["state"] == "Fulfilled"
    assert _action(r)["type"] == "Close"


def test_dates_in_a_request_are_resolved_by_our_resolvers(lex, ids):
    r = _say(lex, ids, "rasa-dates", "register me for PyCon tomorrow")
    tomorrow = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=1)
    assert r["sessionState"]["intent"]["name"] == "RegisterUserForEvent"
    assert _slot(r, "eventDate") == tomorrow.isoformat()
    assert r["sessionState"]["intent"]["slots"]["eventDate"]["value"]["originalValue"] == (
        "tomorrow"
    )


def test_a_synonym_is_resolved_to_the_slot_types_value(lex, ids):
    r = _say(lex, ids, "rasa-synonym", "tell me about python conference")
    assert r["sessionState"]["intent"]["name"] == "EventInfo"
    assert _slot(r, "eventName") in {"PyCon", None}  # Rasa may not mark an unseen phrasing


def test_input_that_matches_no_intent_is_the_fallback_intent(lex, ids):
    r = _say(lex, ids, "rasa-fallback", "the quick brown fox jumps over the lazy dog")
    assert r["interpretations"][0]["intent"]["name"] == "FallbackIntent"
    assert r["sessionState"]["intent"]["name"] == "FallbackIntent"


def test_health_is_ok_while_rasa_answers(rasa_base_url):
    r = httpx.get(f"{rasa_base_url}/health")
    assert r.status_code == 200, r.text


def test_a_rasa_that_does_not_answer_is_a_lex_error_after_the_timeout(lex, ids, rasa_server):
    os.killpg(rasa_server.process.pid, signal.SIGSTOP)  # Rasa alive but answering nothing
    started = time.monotonic()
    try:
        with pytest.raises(ClientError) as caught:
            _say(lex, ids, "rasa-slow", "what events are there")
    finally:
        os.killpg(rasa_server.process.pid, signal.SIGCONT)
    assert 2.5 < time.monotonic() - started < 10  # the bot's timeoutInSeconds: 3
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert "Rasa: no answer within 3 s" in caught.value.response["Error"]["Message"]


def test_rasa_stopped_is_a_lex_error_and_health_says_so(lex, ids, rasa_server, rasa_base_url):
    sid = "rasa-stopped"
    r = _say(lex, ids, sid, "register me for PyCon")
    assert _action(r)["slotToElicit"] == "eventDate"
    rasa_server.stop()
    # A bare answer to the prompt is read by us: the conversation goes on without Rasa.
    r = _say(lex, ids, sid, "tomorrow")
    assert _action(r)["slotToElicit"] == "firstName"
    started = time.monotonic()
    with pytest.raises(ClientError) as caught:
        _say(lex, ids, "rasa-stopped-2", "what events are there")
    assert time.monotonic() - started < 5
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert error["Error"]["Code"] == "InternalServerException"
    assert "Rasa: cannot connect" in error["Error"]["Message"]
    health = httpx.get(f"{rasa_base_url}/health")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert "Rasa" in health.json()["reason"]
