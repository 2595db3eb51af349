"""A conversation survives a server restart with the SQLite session store."""

import random

import boto3
from botocore.config import Config

from bot.app import build_runtime
from tests.api.conftest import FakeClock, serving


def test_conversation_resumes_after_a_restart(bot_root, tmp_path):
    store = f"sqlite:///{tmp_path / 'sessions.sqlite'}"
    clock = FakeClock()
    first = build_runtime(
        bot_root, store_url=store, clock=clock, rng=random.Random(0), code_hooks=False
    )
    ids = {"botId": first.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}
    config = Config(retries={"max_attempts": 1})
    with serving(first) as url:
        lex = boto3.client("lexv2-runtime", endpoint_url=url, config=config)
        r = lex.recognize_text(**ids, sessionId="restart-1", text="register me for PyCon")
        assert r["sessionState"]["dialogAction"]["slotToElicit"] == "eventDate"
    first.store.close()

    second = build_runtime(
        bot_root, store_url=store, clock=clock, rng=random.Random(0), code_hooks=False
    )
    with serving(second) as url:
        lex = boto3.client("lexv2-runtime", endpoint_url=url, config=config)
        assert (
            lex.get_session(**ids, sessionId="restart-1")["sessionState"]["intent"]["name"]
            == "RegisterUserForEvent"
        )
        r = lex.recognize_text(**ids, sessionId="restart-1", text="12 March 2027")
        slots = r["sessionState"]["intent"]["slots"]
        assert slots["eventName"]["value"]["interpretedValue"] == "PyCon"
        assert slots["eventDate"]["value"]["interpretedValue"] == "2027-03-12"


def test_an_idle_session_expires_after_its_ttl(bot_root, tmp_path):
    clock = FakeClock()
    runtime = build_runtime(
        bot_root, store_url="memory://", clock=clock, rng=random.Random(0), code_hooks=False
    )
    ids = {"botId": runtime.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}
    with serving(runtime) as url:
        lex = boto3.client(
            "lexv2-runtime", endpoint_url=url, config=Config(retries={"max_attempts": 1})
        )
        lex.recognize_text(**ids, sessionId="idle-1", text="register me for PyCon")
        clock.advance(runtime.project.config.idleSessionTTLInSeconds + 1)
        try:
            lex.get_session(**ids, sessionId="idle-1")
            raise AssertionError("the session should have expired")
        except lex.exceptions.ResourceNotFoundException:
            pass
        r = lex.recognize_text(**ids, sessionId="idle-1", text="12 March 2027")
        assert r["sessionState"].get("intent", {}).get("name") != "RegisterUserForEvent" or (
            r["sessionState"]["intent"]["slots"].get("eventName") is None
        )
