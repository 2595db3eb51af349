"""Errors arrive as Lex sends them: status, x-amzn-ErrorType, {"__type", "message"}; never a 500."""

import httpx
import pytest
from botocore.exceptions import ClientError, ParamValidationError


def _v2(base_url, ids, sid="user-1", suffix="/text"):
    return (
        f"{base_url}/bots/{ids['botId']}/botAliases/{ids['botAliasId']}"
        f"/botLocales/{ids['localeId']}/sessions/{sid}{suffix}"
    )


def _error(response: httpx.Response) -> str:
    body = response.json()
    assert response.headers["x-amzn-errortype"] == body["__type"]
    assert body["message"]
    assert response.headers["x-amzn-requestid"]
    return body["__type"]


def test_health_names_the_bot_ids(base_url, ids):
    body = httpx.get(f"{base_url}/health").json()
    assert body["status"] == "ok"
    assert body["bot"]["botId"] == ids["botId"] and len(ids["botId"]) == 10
    assert {"TSTALIASID", "$LATEST"} <= set(body["bot"]["aliases"])
    assert body["bot"]["locales"][0] == "en_US"


def test_every_answer_has_a_request_id(base_url):
    assert httpx.get(f"{base_url}/health").headers["x-amzn-requestid"]


def test_unknown_bot_is_resource_not_found(lex, ids):
    with pytest.raises(ClientError) as err:
        lex.recognize_text(**{**ids, "botId": "ZZZZZZZZZZ"}, sessionId="u-1", text="hello")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


@pytest.mark.parametrize("field", ["botAliasId", "localeId"])
def test_unknown_alias_or_locale_is_resource_not_found(lex, ids, field):
    with pytest.raises(lex.exceptions.ResourceNotFoundException):
        lex.recognize_text(**{**ids, field: "nope_XX"}, sessionId="u-1", text="hello")


def test_get_session_of_a_missing_session_is_resource_not_found(lex, ids):
    with pytest.raises(lex.exceptions.ResourceNotFoundException):
        lex.get_session(**ids, sessionId="never-seen")


def test_delete_session_of_a_missing_session_is_resource_not_found(lex, ids):
    with pytest.raises(lex.exceptions.ResourceNotFoundException):
        lex.delete_session(**ids, sessionId="never-seen")


def test_boto3_refuses_a_short_bot_id_before_sending(lex, ids):
    with pytest.raises(ParamValidationError):
        lex.recognize_text(**{**ids, "botId": "SHORT"}, sessionId="u-1", text="hi")


def test_text_over_1024_characters_is_a_validation_error(base_url, ids):
    response = httpx.post(_v2(base_url, ids), json={"text": "a" * 1025})
    assert response.status_code == 400
    assert _error(response) == "ValidationException"


def test_session_id_outside_botocores_pattern_is_a_validation_error(base_url, ids):
    response = httpx.post(_v2(base_url, ids, sid="bad%20id!"), json={"text": "hi"})
    assert response.status_code == 400
    assert _error(response) == "ValidationException"


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"text": 5}', b"{}"])
def test_malformed_body_is_a_validation_error(base_url, ids, body):
    response = httpx.post(
        _v2(base_url, ids), content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert _error(response) == "ValidationException"


def test_bad_session_state_is_a_validation_error(base_url, ids):
    body = {"text": "hi", "sessionState": {"dialogAction": {"type": "Dance"}}}
    response = httpx.post(_v2(base_url, ids), json=body)
    assert response.status_code == 400
    assert _error(response) == "ValidationException"


def test_unknown_path_is_a_lex_shaped_404(base_url):
    response = httpx.get(f"{base_url}/no/such/thing")
    assert response.status_code == 404
    assert _error(response) == "ResourceNotFoundException"


def test_v1_errors_use_v1_names(base_url):
    response = httpx.post(
        f"{base_url}/bot/NoSuchBot/alias/prod/user/u-1/text", json={"inputText": "hi"}
    )
    assert response.status_code == 404
    assert _error(response) == "NotFoundException"
    response = httpx.post(f"{base_url}/bot/EventBot/alias/TSTALIASID/user/u-1/text", json={})
    assert response.status_code == 400
    assert _error(response) == "BadRequestException"


def test_v1_missing_session_is_not_found(lex_v1):
    with pytest.raises(lex_v1.exceptions.NotFoundException):
        lex_v1.get_session(botName="EventBot", botAlias="$LATEST", userId="never-seen")


def test_model_parse_answers_in_rasa_shape(base_url):
    body = httpx.post(f"{base_url}/model/parse", json={"text": "register me for PyCon"}).json()
    assert body["intent"]["name"] == "RegisterUserForEvent"
    assert body["intent_ranking"][0]["name"] == "RegisterUserForEvent"
    assert any(e["entity"] == "eventName" and e["value"] == "PyCon" for e in body["entities"])
