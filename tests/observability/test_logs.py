"""Structured logs of a served bot: `bot serve` with `BOT_LOG_FORMAT=json` in a subprocess on a
free port, a few turns over boto3, then SIGTERM; every line on stdout is one JSON object with
the request's context, the session id only hashed, and the user's text only with
`BOT_LOG_TEXT=true`."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from bot.observability.logs import hashed
from bot.server import V2_SESSION
from tests.observability.conftest import NO_RETRIES, unique

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("time", "level", "logger", "message", "request_id", "bot", "locale", "session_hash")
SAID = ("register me for PyCon", "xylophone marmalade")


@dataclass
class Served:
    lines: list[dict[str, Any]]
    stdout: str
    session_id: str
    request_ids: list[str]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bot serve exited: {process.communicate()[1]}")
        try:
            return str(httpx.get(f"{url}/health", timeout=2).json()["bot"]["botId"])
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("bot serve did not start")


def serve_and_talk(bot_root: Path, **env: str) -> Served:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "bot.cli", "serve", "--project", str(bot_root)]
    command += ["--port", str(port), "--sessions", "memory://"]
    environment = {**os.environ, "BOT_LOG_FORMAT": "json", "PYTHONPATH": str(ROOT), **env}
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        bot_id = wait_for(url, process)
        lex = boto3.client(
            "lexv2-runtime",
            endpoint_url=url,
            config=NO_RETRIES,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        session_id = unique("log-secret-session")
        ids = {"botId": bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}
        request_ids = [
            lex.recognize_text(**ids, sessionId=session_id, text=text)["ResponseMetadata"][
                "RequestId"
            ]
            for text in SAID
        ]
    finally:
        process.terminate()
        stdout, _ = process.communicate(timeout=60)
    lines = [json.loads(line) for line in stdout.splitlines()]
    return Served(lines, stdout, session_id, request_ids)


@pytest.fixture(scope="module")
def served_json(bot_root: Path) -> Served:
    return serve_and_talk(bot_root)


def test_every_line_is_a_json_object_with_the_context_fields(served_json: Served):
    assert served_json.lines
    for line in served_json.lines:
        assert set(FIELDS) <= line.keys(), line
    loggers = {line["logger"] for line in served_json.lines}
    assert {"bot.access", "bot.turns", "uvicorn.error"} <= loggers  # uvicorn's go through it too


def test_each_request_has_an_access_line_with_its_route_template(served_json: Served):
    access = [line for line in served_json.lines if line["logger"] == "bot.access"]
    for request_id in served_json.request_ids:
        (line,) = [a for a in access if a["request_id"] == request_id]
        assert line["method"] == "POST"
        assert line["route"] == V2_SESSION + "/text"
        assert line["status"] == 200
        assert line["duration_ms"] > 0
        assert (line["bot"], line["locale"]) == ("EventBot", "en_US")


def test_turn_lines_name_the_session_by_its_hash_only(served_json: Served):
    turns = [line for line in served_json.lines if line["logger"] == "bot.turns"]
    assert [t["request_id"] for t in turns] == served_json.request_ids
    expected = hashlib.sha256(served_json.session_id.encode()).hexdigest()[:16]
    assert {t["session_hash"] for t in turns} == {expected} == {hashed(served_json.session_id)}
    assert turns[0]["intent"] == "RegisterUserForEvent"
    assert turns[0]["dialog_action"] == "ElicitSlot"
    assert served_json.session_id not in served_json.stdout


def test_no_user_text_is_logged_by_default(served_json: Served):
    for said in SAID:
        assert said not in served_json.stdout
    assert "xylophone" not in served_json.stdout
    assert not any("input_text" in line for line in served_json.lines)


def test_the_user_text_is_logged_when_asked_for(bot_root: Path):
    served = serve_and_talk(bot_root, BOT_LOG_TEXT="true")
    turns = [line for line in served.lines if line["logger"] == "bot.turns"]
    assert [t["input_text"] for t in turns] == list(SAID)
    assert all(isinstance(t["reply_text"], list) for t in turns)
    assert served.session_id not in served.stdout  # the session id stays hashed
