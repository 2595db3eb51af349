"""Whole conversations over HTTP with the real boto3 `lexv2-runtime` client."""

import base64
import gzip
import json
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from botocore.exceptions import ClientError

from bot.turn import SessionKey


def _say(lex, ids, sid, text, **extra):
    return lex.recognize_text(**ids, sessionId=sid, text=text, **extra)


def _action(response):
    return response["sessionState"]["dialogAction"]


def _slot(response, name):
    value = response["sessionState"]["intent"]["slots"][name]
    return value and value["value"]["interpretedValue"]


def _unb64(header: str):
    return json.loads(gzip.decompress(base64.b64decode(header)))


def test_a_whole_registration(lex, ids, session_id, clock):
    sid = session_id()
    r = _say(lex, ids, sid, "register me for PyCon")
    assert r["sessionState"]["intent"]["name"] == "RegisterUserForEvent"
    assert _action(r) == {"type": "ElicitSlot", "slotToElicit": "eventDate"}
    assert _slot(r, "eventName") == "PyCon"
    assert r["messages"][0]["contentType"] == "PlainText"
    assert r["interpretations"][0]["nluConfidence"]["score"] > 0.4

    r = _say(lex, ids, sid, "tomorrow")
    tomorrow = (
        datetime.fromtimestamp(clock(), ZoneInfo("Europe/London")) + timedelta(days=1)
    ).date()
    assert _slot(r, "eventDate") == tomorrow.isoformat()
    assert _action(r) == {"type": "ElicitSlot", "slotToElicit": "firstName"}

    r = _say(lex, ids, sid, "Maria")
    assert _slot(r, "firstName") == "Maria"
    assert _action(r)["slotToElicit"] == "email"

    r = _say(lex, ids, sid, "maria@example.com")
    assert _action(r)["type"] == "ConfirmIntent"
    assert "Maria" in r["messages"][0]["content"]

    r = _say(lex, ids, sid, "yes please")
    assert _action(r)["type"] == "Close"
    assert r["sessionState"]["intent"]["state"] == "Fulfilled"
    assert r["sessionState"]["intent"]["confirmationState"] == "Confirmed"
    assert r["messages"]
    assert any(c["name"] == "registered" for c in r["sessionState"]["activeContexts"])


def test_confirmation_no_fails_the_intent_with_the_declination(lex, ids, session_id):
    sid = session_id()
    _say(
        lex,
        ids,
        sid,
        "please register maria@example.com for PyCon on 12 March 2027, my name is Maria",
    )
    r = lex.get_session(**ids, sessionId=sid)
    if r["sessionState"]["dialogAction"]["type"] != "ConfirmIntent":
        pytest.fail(f"expected a confirmation, got {r['sessionState']}")
    r = _say(lex, ids, sid, "no")
    assert _action(r)["type"] == "Close"
    assert r["sessionState"]["intent"]["state"] == "Failed"
    assert r["sessionState"]["intent"]["confirmationState"] == "Denied"


def test_an_image_response_card_arrives_as_lex_sends_it(lex, ids, session_id):
    r = _say(lex, ids, session_id(), "I want to register for an event")
    assert _action(r) == {"type": "ElicitSlot", "slotToElicit": "eventName"}
    cards = [
        m["imageResponseCard"] for m in r["messages"] if m["contentType"] == "ImageResponseCard"
    ]
    assert cards and 1 <= len(cards[0]["buttons"]) <= 5
    assert {"text", "value"} <= set(cards[0]["buttons"][0])


def test_retries_exhausted_go_to_the_fallback(lex, ids, session_id):
    sid = session_id()
    _say(lex, ids, sid, "I want to register for an event")
    for _ in range(3):
        r = _say(lex, ids, sid, "banana smoothie recipe")
    assert r["sessionState"]["intent"]["name"] == "FallbackIntent"


def test_unrelated_text_gets_the_fallback_intent(lex, ids, session_id):
    r = _say(lex, ids, session_id(), "what is the boiling point of mercury")
    assert r["interpretations"][0]["intent"]["name"] == "FallbackIntent"
    assert "nluConfidence" not in r["interpretations"][0]


def test_session_attributes_replace_and_persist(lex, ids, session_id):
    sid = session_id()
    r = _say(lex, ids, sid, "hello", sessionState={"sessionAttributes": {"a": "1", "b": "2"}})
    assert r["sessionState"]["sessionAttributes"] == {"a": "1", "b": "2"}
    r = _say(lex, ids, sid, "hello")
    assert r["sessionState"]["sessionAttributes"] == {"a": "1", "b": "2"}
    r = _say(lex, ids, sid, "hello", sessionState={"sessionAttributes": {"c": "3"}})
    assert r["sessionState"]["sessionAttributes"] == {"c": "3"}


def test_request_attributes_are_echoed_for_one_turn(lex, ids, session_id):
    sid = session_id()
    r = _say(lex, ids, sid, "hello", requestAttributes={"channel": "web"})
    assert r["requestAttributes"] == {"channel": "web"}
    assert "requestAttributes" not in _say(lex, ids, sid, "hello")


def test_time_zone_request_attribute_moves_tomorrow(lex, ids, session_id, clock):
    zone = "Pacific/Kiritimati"  # UTC+14: usually already a day ahead of London
    r = _say(
        lex, ids, session_id(), "register me for PyCon tomorrow",
        requestAttributes={"x-amz-lex:time-zone": zone},
    )  # fmt: skip
    expected = (datetime.fromtimestamp(clock(), ZoneInfo(zone)) + timedelta(days=1)).date()
    assert _slot(r, "eventDate") == expected.isoformat()


def test_get_put_delete_session_round_trip(lex, ids, session_id):
    sid = session_id()
    state = {
        "dialogAction": {"type": "ElicitSlot", "slotToElicit": "email"},
        "intent": {
            "name": "RegisterUserForEvent",
            "slots": {
                "eventName": {
                    "value": {
                        "originalValue": "PyCon",
                        "interpretedValue": "PyCon",
                        "resolvedValues": ["PyCon"],
                    }
                }
            },
            "state": "InProgress",
        },
        "sessionAttributes": {"source": "put"},
    }
    put = lex.put_session(
        **ids,
        sessionId=sid,
        sessionState=state,
        messages=[{"contentType": "PlainText", "content": "Your e-mail?"}],
    )
    assert put["sessionId"] == sid
    assert _unb64(put["sessionState"])["dialogAction"] == {
        "type": "ElicitSlot",
        "slotToElicit": "email",
    }
    assert _unb64(put["messages"])[0]["content"] == "Your e-mail?"
    assert put["audioStream"].read() == b""

    got = lex.get_session(**ids, sessionId=sid)
    assert got["sessionState"]["sessionAttributes"] == {"source": "put"}
    assert got["messages"][0]["content"] == "Your e-mail?"

    r = _say(lex, ids, sid, "jo@example.com")
    assert _slot(r, "email") == "jo@example.com"
    assert _slot(r, "eventName") == "PyCon"

    deleted = lex.delete_session(**ids, sessionId=sid)
    assert deleted["sessionId"] == sid and deleted["botId"] == ids["botId"]
    with pytest.raises(lex.exceptions.ResourceNotFoundException):
        lex.get_session(**ids, sessionId=sid)


def test_escaped_latest_alias_is_decoded(lex, ids, session_id):
    r = lex.recognize_text(**{**ids, "botAliasId": "$LATEST"}, sessionId=session_id(), text="hello")
    assert r["sessionState"]["intent"]["name"] == "Greeting"


def test_concurrent_turns_on_one_session_lose_no_update(lex, ids, runtime, session_id, clock):
    sid = session_id()
    _say(lex, ids, sid, "hello")
    outcomes: list[str] = []
    lock = threading.Lock()

    def talk() -> None:
        for _ in range(15):
            try:
                _say(lex, ids, sid, "hello there")
                result = "ok"
            except ClientError as exc:
                result = exc.response["Error"]["Code"]
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=talk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(outcomes) <= {"ok", "ConflictException"}
    key = SessionKey(ids["botId"], ids["botAliasId"], ids["localeId"], sid)
    stored = runtime.store.load(key, clock())
    # Every accepted turn saved exactly once on top of the one before it.
    assert stored.version == 1 + outcomes.count("ok")
