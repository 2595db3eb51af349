"""The console's routes over HTTP: the page is static and loads nothing from other hosts, a
marked turn's trace is fetched by its request id and never appears in the Lex answer, unmarked
turns are not traced, and the console's data routes are behind the runtime API's token."""

from __future__ import annotations

import re

import boto3
import httpx

from bot.runtime import BotRuntime
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
