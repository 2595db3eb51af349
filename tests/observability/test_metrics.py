"""`/metrics` of a served bot after real turns over boto3: turns by intent, dialog action and
API, the fallback, NLU confidence and latency, the in-process code hook's calls, store failures;
nothing a user said and no session id in the body; the bearer token when one is configured."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from bot.observability import metrics
from bot.observability.store import ObservedStore
from bot.runtime import BotRuntime
from bot.security import SecuritySettings
from bot.server import create_app
from bot.sessions import MemorySessionStore
from bot.turn import SessionKey
from tests.observability.conftest import Conversation, scrape, unique
from tests.serving import serving_app

V2 = {"api": "V2"}


def test_turns_are_counted_by_intent_dialog_action_and_api(served, conversation: Conversation):
    before = scrape(served)
    session = unique("metrics-session")
    conversation.say(session, "register me for PyCon")
    conversation.say(session, "12 March 2027")
    after = scrape(served)

    turns = {"intent": "RegisterUserForEvent", "dialog_action": "ElicitSlot", **V2}
    assert after.delta(before, "bot_turns_total", **turns) == 2
    assert after.delta(before, "bot_turn_duration_seconds_count", **V2) == 2
    assert after.delta(before, "bot_nlu_confidence_count", intent="RegisterUserForEvent") >= 1


def test_a_fallback_is_counted(served, conversation: Conversation):
    before = scrape(served)
    reply = conversation.say(unique("metrics-session"), "purple zebrafish juggle quantum teacups")
    after = scrape(served)

    assert reply["sessionState"]["intent"]["name"] == "FallbackIntent"
    assert after.delta(before, "bot_fallbacks_total", **V2) == 1
    assert after.delta(before, "bot_turns_total", intent="FallbackIntent", **V2) == 1


def test_code_hook_calls_are_counted_by_transport_and_source(served, conversation: Conversation):
    before = scrape(served)
    conversation.say(unique("metrics-session"), "register me for PyCon")  # a dialog hook call
    after = scrape(served)

    calls = {"transport": "python", "source": "dialog"}
    assert after.delta(before, "bot_hook_calls_total", **calls) == 1
    assert after.delta(before, "bot_hook_duration_seconds_count", **calls) == 1
    assert after.delta(before, "bot_hook_errors_total", **calls) == 0


def test_the_body_holds_no_session_id_and_no_user_text(served, conversation: Conversation):
    session = unique("secret-session-id")
    conversation.say(session, "register me for Kubecon wombatfest")
    conversation.say(session, "xylophone marmalade")
    body = scrape(served).body

    for private in (session, "wombatfest", "xylophone", "marmalade"):
        assert private not in body


def test_an_unknown_intent_name_is_labelled_other(hooked_runtime: BotRuntime):
    observer = hooked_runtime._observer
    assert observer.intent_label("RegisterUserForEvent") == "RegisterUserForEvent"
    assert observer.intent_label("what the user typed") == metrics.OTHER
    assert observer.intent_label(None) == "none"


def test_store_failures_are_counted_by_operation():
    class BrokenStore(MemorySessionStore):
        def load(self, key, now):
            raise OSError("disk gone")

    store = ObservedStore(BrokenStore())
    key = SessionKey("B", "A", "en_US", "s")
    before = metrics.STORE_ERRORS.labels("load")._value.get()
    with pytest.raises(OSError):
        store.load(key, 0.0)
    assert metrics.STORE_ERRORS.labels("load")._value.get() == before + 1


def test_a_lost_race_is_a_conflict_not_a_store_failure():
    store = ObservedStore(MemorySessionStore())
    key = SessionKey("B", "A", "en_US", "s")
    store.save(key, {}, expected_version=0, now=0.0, ttl_seconds=60)
    conflicts = metrics.SESSION_CONFLICTS._value.get()
    failures = metrics.STORE_ERRORS.labels("save")._value.get()
    with pytest.raises(Exception, match="version"):
        store.save(key, {}, expected_version=0, now=0.0, ttl_seconds=60)
    assert metrics.SESSION_CONFLICTS._value.get() == conflicts + 1
    assert metrics.STORE_ERRORS.labels("save")._value.get() == failures


def test_metrics_answer_any_host_like_health(served):
    response = httpx.get(f"{served}/metrics", headers={"Host": "10.1.2.3:9100"})
    assert response.status_code == 200


def test_metrics_need_the_bearer_token_when_one_is_set(hooked_runtime: BotRuntime):
    security = SecuritySettings.defaults().model_copy(
        update={"metrics_token": SecretStr("scrape-me")}
    )
    with serving_app(create_app(hooked_runtime, security)) as url:
        assert httpx.get(f"{url}/metrics").status_code == 401
        wrong = httpx.get(f"{url}/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"].startswith("Bearer")
        assert "scrape-me" not in wrong.text
        assert scrape(url, Authorization="Bearer scrape-me").value("bot_turns_total") >= 0
        assert httpx.get(f"{url}/health").status_code == 200  # /health stays open
