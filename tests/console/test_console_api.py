"""The console's routes over HTTP: the page is static and loads nothing from other hosts, a
marked turn's trace is fetched by its request id and never appears in the Lex answer, unmarked
turns are not traced, and the console's data routes are behind the runtime API's token."""

from __future__ import annotations

import re

import boto3
import httpx

from bot.runtime import BotRuntime, bot_id_for
from tests.console.conftest import TOKEN


def text_path(runtime: BotRuntime, session: str) -> str:
    bot_id = runtime.identity.bot_id
    return f"/bots/{bot_id}/botAliases/TSTALIASID/botLocales/en_US/sessions/{session}/text"


def test_the_page_and_its_files_come_from_this_server_only(console_url: str) -> None:
    page = httpx.get(f"{console_url}/console")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/console/static/") for s in sources)
    for source in sources:
        assert httpx.get(f"{console_url}{source}").status_code == 200
    assert httpx.get(f"{console_url}/console/static/secrets.txt").status_code == 404


def test_a_console_turn_is_traced_by_request_id_and_the_lex_answer_is_unchanged(
    console_url: str, hooked_runtime: BotRuntime
) -> None:
    path = text_path(hooked_runtime, "api-console-1")
    body = {"text": "register me for PyCon"}
    marked = httpx.post(f"{console_url}{path}", json=body, headers={"x-lexbot-console": "turn"})
    assert marked.status_code == 200
    assert set(marked.json()) <= {
        "messages",
        "sessionState",
        "interpretations",
        "requestAttributes",
        "sessionId",
    }
    request_id = marked.headers["x-amzn-requestid"]
    trace = httpx.get(f"{console_url}/console/api/traces/{request_id}").json()
    assert [h["source"] for h in trace["hooks"]] == ["dialog"]
    assert trace["hooks"][0]["transport"] == "python" and trace["hooks"][0]["error"] is None
    assert trace["nluParses"] >= 1 and trace["turnMs"] > 0

    # What boto3 gets for the same kind of turn has no trace in it either.
    lex = boto3.client(
        "lexv2-runtime",
        endpoint_url=console_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    answer = lex.recognize_text(
        botId=hooked_runtime.identity.bot_id,
        botAliasId="TSTALIASID",
        localeId="en_US",
        sessionId="api-console-2",
        text="hello",
    )
    assert "hooks" not in str(answer) and "nluMs" not in str(answer)
    unmarked = answer["ResponseMetadata"]["RequestId"]
    assert httpx.get(f"{console_url}/console/api/traces/{unmarked}").status_code == 404


def test_the_console_data_routes_need_the_api_token(
    token_console_url: str, hooked_runtime: BotRuntime
) -> None:
    bot = httpx.get(f"{token_console_url}/console/api/bot").json()
    assert bot["auth"] == "token" and bot["botId"] == hooked_runtime.identity.bot_id
    for route in ("/console/api/missed", "/console/api/traces/x", "/console/api/conversations/x"):
        refused = httpx.get(f"{token_console_url}{route}")
        assert refused.status_code == 403, route
        assert refused.json()["__type"] == "MissingAuthenticationTokenException"
    allowed = httpx.get(
        f"{token_console_url}/console/api/missed", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert allowed.status_code == 200 and "groups" in allowed.json()


def test_the_console_describes_every_bot_and_its_data_routes_take_the_bot(
    workspace_console_url: str,
) -> None:
    url = workspace_console_url
    described = httpx.get(f"{url}/console/api/bot").json()
    assert (described["name"], described["auth"]) == ("CafeBot", "none")  # the first bot's
    assert [b["name"] for b in described["bots"]] == ["CafeBot", "ShopBot"]
    shop = described["bots"][1]
    assert shop["botId"] == bot_id_for("ShopBot") and shop["locales"] == ["en_US"]
    assert shop["aliases"][0] == "TSTALIASID" and "prod" in shop["aliases"]
    assert set(shop) == {"name", "botId", "aliases", "locales", "timeZone"}
    assert (described["timeZone"], shop["timeZone"]) == ("UTC", "Europe/Rome")

    path = f"/bots/{shop['botId']}/botAliases/prod/botLocales/en_US/sessions/api-shop-1/text"
    said = httpx.post(f"{url}{path}", json={"text": "whats the weather on mars"})
    assert said.status_code == 200
    assert httpx.get(f"{url}/console/api/missed?bot=ShopBot").json()["total"] == 1
    assert httpx.get(f"{url}/console/api/missed").json()["total"] == 0  # CafeBot's
    export = httpx.get(f"{url}/console/api/missed/export?bot=ShopBot").text
    assert "- whats the weather on mars" in export

    for route in ("/console/api/missed", "/console/api/conversations/api-shop-1"):
        unknown = httpx.get(f"{url}{route}?bot=TeaBot")
        assert unknown.status_code == 404, route
        assert unknown.headers["x-amzn-errortype"] == "ResourceNotFoundException"
        assert unknown.json() == {
            "__type": "ResourceNotFoundException",
            "message": "Bot TeaBot not found (this server runs CafeBot, ShopBot)",
        }


def test_a_console_conversation_is_recorded_with_the_defaults_of_the_bot_it_names(
    workspace_console_url: str,
) -> None:
    url = workspace_console_url
    path = f"/bots/{bot_id_for('ShopBot')}/botAliases/prod/botLocales/en_US/sessions/api-s/text"
    body = {"text": "hello", "requestAttributes": {"x-amz-lex:time-zone": "Europe/Rome"}}
    turn = httpx.post(f"{url}{path}", json=body, headers={"x-lexbot-console": "turn"})
    assert turn.status_code == 200
    shop = httpx.get(f"{url}/console/api/conversations/api-s?bot=ShopBot").text
    assert "- Hello from v1" in shop and "timeZone" not in shop  # ShopBot's own zone
    cafe = httpx.get(f"{url}/console/api/conversations/api-s").text
    assert "timeZone: Europe/Rome" in cafe  # not the first bot's (UTC)
