"""Dialog behaviours over HTTP with boto3: confirmation edge cases, contexts with TTL, ElicitIntent."""

from tests.api.test_lex_v2 import _action, _say, _slot


def _to_confirmation(lex, ids, sid):
    r = _say(
        lex,
        ids,
        sid,
        "please register maria@example.com for PyCon on 12 March 2027, my name is Maria",
    )
    assert _action(r)["type"] == "ConfirmIntent", r["sessionState"]
    return r


def test_an_unclear_confirmation_answer_asks_again(lex, ids, session_id):
    sid = session_id()
    _to_confirmation(lex, ids, sid)
    r = _say(lex, ids, sid, "purple")
    assert _action(r)["type"] == "ConfirmIntent"
    assert "yes or no" in r["messages"][0]["content"].lower()


def test_changing_a_slot_while_confirming_confirms_again(lex, ids, session_id):
    sid = session_id()
    _to_confirmation(lex, ids, sid)
    r = _say(lex, ids, sid, "actually make it DevOps Days")
    assert _slot(r, "eventName") == "DevOps Days"
    assert _action(r)["type"] == "ConfirmIntent"
    assert r["sessionState"]["intent"]["confirmationState"] == "None"
    assert "DevOps Days" in r["messages"][0]["content"]


def _register(lex, ids, sid):
    _to_confirmation(lex, ids, sid)
    r = _say(lex, ids, sid, "yes")
    assert r["sessionState"]["intent"]["state"] == "Fulfilled"
    return r


def test_yes_after_registering_chains_to_event_details(lex, ids, session_id):
    sid = session_id()
    _register(lex, ids, sid)
    r = _say(lex, ids, sid, "yes please")
    assert r["sessionState"]["intent"]["name"] == "EventDetails"
    assert _slot(r, "eventName") == "PyCon"


def test_the_follow_up_context_expires_after_its_seconds(lex, ids, session_id, clock):
    sid = session_id()
    _register(lex, ids, sid)
    clock.advance(301)  # the `registered` context lives 300 s
    r = _say(lex, ids, sid, "yes please")
    assert r["sessionState"].get("intent", {}).get("name") != "EventDetails"


def test_the_follow_up_context_expires_after_its_turns(lex, ids, session_id):
    sid = session_id()
    _register(lex, ids, sid)
    for _ in range(3):  # the `registered` context lives 3 turns
        _say(lex, ids, sid, "hello")
    r = _say(lex, ids, sid, "yes please")
    assert r["sessionState"].get("intent", {}).get("name") != "EventDetails"


def test_start_over_elicits_the_intent(lex, ids, session_id):
    sid = session_id()
    _say(lex, ids, sid, "register me for PyCon")
    r = _say(lex, ids, sid, "start over")
    assert _action(r)["type"] == "ElicitIntent"
