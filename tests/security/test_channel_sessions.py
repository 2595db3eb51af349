"""Channel conversations (Slack, Facebook, REST) live under their own alias, `$CHANNELS`: the
runtime API can neither read, change, delete nor talk in them, unless the operator opts in."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from bot.runtime import CHANNEL_ALIAS, BotRuntime
from bot.security import SecuritySettings
from channels.core import ChannelBridge, session_id_for
from tests.security.conftest import client, served, sigv4_settings


def _rest_turn(url: str, sender: str, message: str) -> None:
    answer = httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message})
    assert answer.status_code == 200 and answer.json()


def _stored(runtime: BotRuntime, session_id: str) -> dict:
    stored = runtime.store.load(runtime.channel_key(session_id), runtime.clock())
    assert stored is not None
    return stored.data


@pytest.fixture(scope="module")
def open_url(runtime) -> Iterator[str]:
    with served(runtime, SecuritySettings.defaults().bound_to("127.0.0.1")) as url:
        yield url


@pytest.fixture
def rest_session(open_url, runtime, session_id) -> tuple[str, dict]:
    """A REST conversation with an e-mail address in it, and how the store holds it."""
    sender = session_id()
    _rest_turn(open_url, sender, "register me for PyCon")
    _rest_turn(open_url, sender, "tomorrow")
    _rest_turn(open_url, sender, "Maria")
    sid = session_id_for("rest", sender)
    return sid, _stored(runtime, sid)


@pytest.mark.parametrize("alias", ["TSTALIASID", CHANNEL_ALIAS])
def test_a_rest_session_cannot_be_read_changed_or_deleted_through_the_api(
    open_url, runtime, ids, rest_session, alias
):
    sid, before = rest_session
    lex = client("lexv2-runtime", open_url)
    names = {**ids, "botAliasId": alias, "sessionId": sid}
    with pytest.raises(lex.exceptions.ResourceNotFoundException):
        lex.get_session(**names)
    with pytest.raises(lex.exceptions.ResourceNotFoundException):
        lex.delete_session(**names)
    if alias == CHANNEL_ALIAS:
        with pytest.raises(lex.exceptions.ResourceNotFoundException):
            lex.put_session(**names, sessionState={"sessionAttributes": {"owned": "yes"}})
        with pytest.raises(lex.exceptions.ResourceNotFoundException):
            lex.recognize_text(**names, text="cancel")
    else:  # the same id under an API alias is another session, which the channel never sees
        lex.put_session(**names, sessionState={"sessionAttributes": {"owned": "yes"}})
        lex.recognize_text(**names, text="cancel")
    assert _stored(runtime, sid) == before


def test_a_slack_session_is_out_of_reach_of_the_api(open_url, runtime, ids):
    sid = session_id_for("slack", "T0TEAM001", "C0CHANNEL", "U0MARIA")
    asyncio.run(ChannelBridge(runtime, "Slack").turn(sid, "register me for PyCon"))
    before = _stored(runtime, sid)
    lex = client("lexv2-runtime", open_url)
    for alias in ("TSTALIASID", CHANNEL_ALIAS):
        with pytest.raises(lex.exceptions.ResourceNotFoundException):
            lex.delete_session(**{**ids, "botAliasId": alias}, sessionId=sid)
    assert _stored(runtime, sid) == before


def test_the_v1_api_cannot_name_the_channel_alias(open_url, runtime, rest_session):
    sid, before = rest_session
    lex_v1 = client("lex-runtime", open_url)
    names = {"botName": runtime.identity.name, "botAlias": CHANNEL_ALIAS, "userId": sid}
    with pytest.raises(lex_v1.exceptions.NotFoundException):
        lex_v1.delete_session(**names)
    assert _stored(runtime, sid) == before


def test_an_operator_who_opts_in_reads_channel_sessions(runtime, ids, session_id):
    settings = sigv4_settings(api_channel_sessions="allow")
    with served(runtime, settings) as url:
        sender = session_id()
        _rest_turn(url, sender, "register me for PyCon")
        lex = client("lexv2-runtime", url)
        names = {**ids, "botAliasId": CHANNEL_ALIAS, "sessionId": session_id_for("rest", sender)}
        state = lex.get_session(**names)["sessionState"]
        assert state["intent"]["name"] == "RegisterUserForEvent"
        lex.delete_session(**names)
        with pytest.raises(lex.exceptions.ResourceNotFoundException):
            lex.get_session(**names)


def test_channel_turns_still_work_with_the_api_locked(runtime, session_id):
    with served(runtime, sigv4_settings()) as url:
        _rest_turn(url, session_id(), "hello")
