"""`BOT_API_AUTH=sigv4`: boto3 clients with the configured keys work unchanged; unsigned, unknown,
wrongly signed, tampered and stale requests get 403 in Lex's error shape and change nothing."""

from __future__ import annotations

import datetime as dt
import json

import botocore.auth
import httpx
import pytest
from botocore import UNSIGNED
from botocore.exceptions import ClientError

from tests.security.conftest import (
    OTHER_KEY_ID,
    OTHER_SECRET,
    SECRET,
    client,
    error_type,
    signed,
    v2_path,
)


def _code(exc: pytest.ExceptionInfo[ClientError]) -> tuple[int, str]:
    response = exc.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"]


@pytest.fixture
def conversation(lex, ids, session_id) -> tuple[str, dict]:
    """A session with a slot filled, and how GetSession shows it."""
    sid = session_id()
    lex.recognize_text(**ids, sessionId=sid, text="register me for PyCon")
    lex.put_session(
        **ids,
        sessionId=sid,
        sessionState={"sessionAttributes": {"email": "maria@example.com"}},
    )
    return sid, _state(lex, ids, sid)


def _state(lex, ids, sid: str) -> dict:
    return lex.get_session(**ids, sessionId=sid)["sessionState"]


# ------------------------------------------------------------ what works


def test_boto3_v2_with_the_keys_runs_every_operation(lex, ids, session_id):
    sid = session_id()
    answer = lex.recognize_text(**ids, sessionId=sid, text="register me for PyCon")
    assert answer["sessionState"]["intent"]["name"] == "RegisterUserForEvent"
    put = lex.put_session(
        **ids, sessionId=sid, sessionState={"sessionAttributes": {"team": "blue"}}
    )
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _state(lex, ids, sid)["sessionAttributes"] == {"team": "blue"}
    assert lex.delete_session(**ids, sessionId=sid)["sessionId"] == sid
    with pytest.raises(lex.exceptions.ResourceNotFoundException):
        lex.get_session(**ids, sessionId=sid)


def test_boto3_v1_with_the_keys_runs_every_operation_on_latest(lex_v1, runtime, session_id):
    names = {"botName": runtime.identity.name, "botAlias": "$LATEST", "userId": session_id()}
    answer = lex_v1.post_text(**names, inputText="register me for PyCon")
    assert answer["intentName"] == "RegisterUserForEvent"
    lex_v1.put_session(**names, sessionAttributes={"team": "blue"})
    session = lex_v1.get_session(**names, checkpointLabelFilter="after lunch")  # a signed query
    assert session["sessionAttributes"] == {"team": "blue"}
    assert lex_v1.delete_session(**names)["userId"] == names["userId"]


def test_a_second_configured_key_works_too(sigv4_url, ids, session_id):
    other = client("lexv2-runtime", sigv4_url, OTHER_KEY_ID, OTHER_SECRET)
    assert other.recognize_text(**ids, sessionId=session_id(), text="hello")["sessionId"]


def test_model_parse_takes_a_signed_request(sigv4_url):
    body = json.dumps({"text": "register me for PyCon"}).encode()
    url = f"{sigv4_url}/model/parse"
    response = httpx.post(url, content=body, headers=signed("POST", url, body))
    assert response.status_code == 200
    assert response.json()["intent"]["name"] == "RegisterUserForEvent"


# ------------------------------------------------------------ what is refused


def test_unsigned_boto3_is_refused_and_the_session_is_unchanged(sigv4_url, lex, ids, conversation):
    sid, before = conversation
    anonymous = client("lexv2-runtime", sigv4_url, signature_version=UNSIGNED)
    with pytest.raises(ClientError) as exc:
        anonymous.get_session(**ids, sessionId=sid)
    assert _code(exc) == (403, "MissingAuthenticationTokenException")
    with pytest.raises(ClientError) as exc:
        anonymous.delete_session(**ids, sessionId=sid)
    assert _code(exc) == (403, "MissingAuthenticationTokenException")
    assert _state(lex, ids, sid) == before


def test_an_unknown_access_key_is_an_unrecognized_client(sigv4_url, lex, ids, conversation):
    sid, before = conversation
    stranger = client("lexv2-runtime", sigv4_url, "AKIDUNKNOWN", SECRET)
    with pytest.raises(ClientError) as exc:
        stranger.put_session(**ids, sessionId=sid, sessionState={"sessionAttributes": {}})
    assert _code(exc) == (403, "UnrecognizedClientException")
    assert _state(lex, ids, sid) == before


def test_a_wrong_secret_is_an_invalid_signature(sigv4_url, lex, ids, conversation):
    sid, before = conversation
    impostor = client("lexv2-runtime", sigv4_url, secret="not-the-secret")
    with pytest.raises(ClientError) as exc:
        impostor.recognize_text(**ids, sessionId=sid, text="cancel")
    assert _code(exc) == (403, "InvalidSignatureException")
    assert _state(lex, ids, sid) == before


def test_a_signature_replayed_with_another_body_is_refused(sigv4_url, lex, ids, conversation):
    sid, before = conversation
    url = sigv4_url + v2_path(ids, sid)
    original = json.dumps({"sessionState": {"sessionAttributes": {"email": "x"}}}).encode()
    headers = signed("POST", url, original)
    forged = json.dumps({"sessionState": {"sessionAttributes": {"email": "evil"}}}).encode()
    assert httpx.post(url, content=original, headers=headers).status_code == 200  # the real one
    lex.put_session(**ids, sessionId=sid, sessionState=before)  # put it back
    response = httpx.post(url, content=forged, headers=headers)
    assert (response.status_code, error_type(response)) == (403, "InvalidSignatureException")
    # Claiming the signed body's hash does not help either.
    claimed = {**headers, "X-Amz-Content-SHA256": botocore.auth.sha256(original).hexdigest()}
    response = httpx.post(url, content=forged, headers=claimed)
    assert (response.status_code, error_type(response)) == (403, "InvalidSignatureException")
    assert _state(lex, ids, sid) == before


def test_a_signature_replayed_on_another_session_path_is_refused(
    sigv4_url, lex, ids, conversation, session_id
):
    sid, before = conversation
    headers = signed("DELETE", sigv4_url + v2_path(ids, session_id()))
    response = httpx.delete(sigv4_url + v2_path(ids, sid), headers=headers)
    assert (response.status_code, error_type(response)) == (403, "InvalidSignatureException")
    assert _state(lex, ids, sid) == before


def test_a_changed_signed_header_is_refused(sigv4_url, lex, ids, conversation):
    sid, before = conversation
    url = sigv4_url + v2_path(ids, sid, "/text")
    body = json.dumps({"text": "cancel"}).encode()
    headers = {**signed("POST", url, body), "Content-Type": "application/json; charset=utf-8"}
    response = httpx.post(url, content=body, headers=headers)
    assert (response.status_code, error_type(response)) == (403, "InvalidSignatureException")
    assert _state(lex, ids, sid) == before


@pytest.mark.parametrize("minutes", [-6, 6])
def test_a_request_signed_more_than_5_minutes_away_is_refused(
    monkeypatch, lex, sigv4_url, ids, conversation, minutes
):
    sid, before = conversation
    real_now = botocore.auth.get_current_datetime
    monkeypatch.setattr(
        botocore.auth, "get_current_datetime", lambda: real_now() + dt.timedelta(minutes=minutes)
    )
    skewed = client("lexv2-runtime", sigv4_url)
    with pytest.raises(ClientError) as exc:
        skewed.delete_session(**ids, sessionId=sid)
    assert _code(exc) == (403, "InvalidSignatureException")
    expected = "Signature expired" if minutes < 0 else "Signature not yet current"
    assert exc.value.response["Error"]["Message"].startswith(expected)
    monkeypatch.undo()
    assert _state(lex, ids, sid) == before


def test_a_request_signed_4_minutes_ago_still_works(monkeypatch, sigv4_url, ids, conversation):
    sid, before = conversation
    real_now = botocore.auth.get_current_datetime
    monkeypatch.setattr(
        botocore.auth, "get_current_datetime", lambda: real_now() - dt.timedelta(minutes=4)
    )
    late = client("lexv2-runtime", sigv4_url)
    assert late.get_session(**ids, sessionId=sid)["sessionState"] == before


def test_v1_refusals_come_in_v1_shape(sigv4_url, runtime, session_id):
    url = f"{sigv4_url}/bot/{runtime.identity.name}/alias/%24LATEST/user/{session_id()}/text"
    response = httpx.post(url, json={"inputText": "hello"})
    assert (response.status_code, error_type(response)) == (
        403,
        "MissingAuthenticationTokenException",
    )
    assert response.json()["Message"] == "Missing Authentication Token"


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic dXNlcjpwYXNz",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE0001/20260101/eu-west-1/lex/aws4_request",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE0001, SignedHeaders=host, Signature=" + "0" * 64,
    ],
)
def test_a_malformed_authorization_is_an_incomplete_signature(sigv4_url, ids, authorization):
    url = sigv4_url + v2_path(ids, "anyone")
    response = httpx.get(url, headers={"Authorization": authorization})
    assert (response.status_code, error_type(response)) == (403, "IncompleteSignatureException")


def test_a_signature_scoped_to_another_service_is_refused(sigv4_url, ids, conversation):
    sid, _ = conversation
    url = sigv4_url + v2_path(ids, sid)
    headers = signed("GET", url)
    headers["Authorization"] = headers["Authorization"].replace("/lex/", "/s3/")
    response = httpx.get(url, headers=headers)
    assert (response.status_code, error_type(response)) == (403, "InvalidSignatureException")


def test_model_parse_needs_a_signature(sigv4_url):
    response = httpx.post(f"{sigv4_url}/model/parse", json={"text": "hello"})
    assert (response.status_code, error_type(response)) == (
        403,
        "MissingAuthenticationTokenException",
    )


def test_health_stays_open_and_shows_no_secret(sigv4_url):
    response = httpx.get(f"{sigv4_url}/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert SECRET not in response.text and OTHER_SECRET not in response.text
    assert "AKID" not in response.text
