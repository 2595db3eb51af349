"""`bot package lambda`: the zip holds what the function needs, and nothing else — unzipped into
an empty folder and loaded by a fresh interpreter that has no site-packages, its handler answers a
whole registration conversation given as API Gateway and function URL events (`context` None),
with its sessions in moto's DynamoDB server. The SAM template passes cfn-lint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.aws_lambda.package import LambdaPackage, build_package
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.sessions.dynamodb_table import create_table
from tests.deploy import lambda_events as events
from tests.dynamodb_servers import AWS_TEST_ENV, ENDPOINT_ENV, moto_dynamodb, table_url

TOKEN = "lambda-test-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
REGISTRATION = events.REGISTRATION
# Reads events as JSON lines on stdin and answers each on stdout, with only the unzipped
# function on its path: -I -S leave out site-packages, the environment's paths and the cwd.
DRIVER = """
import json, sys
sys.path.insert(0, sys.argv[1])
print(json.dumps({"path": sys.path}), flush=True)
import bot_lambda
for line in sys.stdin:
    print(json.dumps(bot_lambda.handler(json.loads(line), None)), flush=True)
"""


@pytest.fixture(scope="module")
def package(
    trained_bot: tuple[BotProject, NLUEngine, Path], tmp_path_factory: pytest.TempPathFactory
) -> LambdaPackage:
    return build_package(trained_bot[2], tmp_path_factory.mktemp("lambda-out"))


@pytest.fixture(scope="module")
def function_dir(package: LambdaPackage, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("function")
    with zipfile.ZipFile(package.zip_path) as zf:
        zf.extractall(folder)
    return folder


@pytest.fixture(scope="module")
def lambda_env() -> Iterator[dict[str, str]]:
    """What the SAM template sets, with the store in a fresh table of moto's server."""
    with moto_dynamodb() as endpoint:
        store = table_url() + f"?region={events.REGION}"
        env = {**AWS_TEST_ENV, ENDPOINT_ENV: endpoint}
        patch = pytest.MonkeyPatch()
        for name, value in env.items():
            patch.setenv(name, value)
        create_table(store)
        patch.undo()
        yield {
            **env,
            "PATH": os.environ.get("PATH", ""),
            "BOT_SESSIONS": store,
            "BOT_API_AUTH": "token",
            "BOT_API_TOKENS": TOKEN,
            "BOT_ALLOWED_HOSTS": events.ALLOWED_HOSTS,
        }


def run_driver(
    function_dir: Path, env: dict[str, str], batch: list[dict[str, Any]], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    return subprocess.run(
        [sys.executable, "-I", "-S", str(driver), str(function_dir)],
        check=False,
        input="".join(json.dumps(event) + "\n" for event in batch),
        capture_output=True,
        text=True,
        env={**env, "HOME": str(tmp_path)},
        cwd=tmp_path,
        timeout=120,
    )


def invoke(
    function_dir: Path, env: dict[str, str], batch: list[dict[str, Any]], tmp_path: Path
) -> tuple[list[dict[str, Any]], list[str]]:
    """Feed `batch` to the handler in a fresh interpreter: its answers, and its sys.path."""
    run = run_driver(function_dir, env, batch, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    first, *answers = (json.loads(line) for line in run.stdout.splitlines())
    return answers, first["path"]


def body(answer: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(answer["body"]))


def test_the_zip_holds_the_handler_the_project_its_model_and_only_what_serving_needs(
    package: LambdaPackage,
) -> None:
    with zipfile.ZipFile(package.zip_path) as zf:
        names = set(zf.namelist())
        assert zf.testzip() is None
    tops = {name.split("/")[0] for name in names}
    assert "bot_lambda.py" in names
    assert {"bot", "channels", "fulfillment", "numpy", "mangum", "boto3", "pycrfsuite"} <= tops
    assert {"project/bot.yaml", "project/models/nlu/manifest.json"} <= names
    assert any(name.startswith("project/intents/") for name in names)
    # Training and terminal tools stay out, as do caches.
    assert not {"sklearn", "scipy", "uvicorn", "typer", "rich"} & tops
    assert not any("__pycache__" in name for name in names)
    assert package.unzipped_bytes < 250 * 1024 * 1024
    assert package.runtime == f"python{sys.version_info[0]}.{sys.version_info[1]}"
    assert f"Runtime: {package.runtime}" in package.template_path.read_text()
    assert "MB zipped" in package.describe()


def test_the_rendered_sam_template_passes_cfn_lint(package: LambdaPackage) -> None:
    lint = Path(sys.executable).with_name("cfn-lint")
    run = subprocess.run(
        [str(lint), str(package.template_path)], check=False, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_registration_conversation_through_api_gateway_and_function_url_events(
    function_dir: Path, lambda_env: dict[str, str], tmp_path: Path
) -> None:
    health, path = invoke(function_dir, lambda_env, [events.http_api("GET", "/health")], tmp_path)
    assert not any("site-packages" in entry for entry in path), path
    assert health[0]["statusCode"] == 200, health
    bot_id = body(health[0])["bot"]["botId"]
    session = f"/bots/{bot_id}/botAliases/TSTALIASID/botLocales/en_US/sessions/lambda-user-1"
    # The first turns over an HTTP API, the next over a REST API, the last at a function URL.
    makers = [events.http_api] * 2 + [events.rest_api] * 2 + [events.function_url]
    batch = [
        make("POST", f"{session}/text", {"text": text}, AUTH)
        for make, (text, _) in zip(makers, REGISTRATION, strict=True)
    ]
    batch.append(events.http_api("GET", session, None, AUTH))
    answers, _ = invoke(function_dir, lambda_env, batch, tmp_path)
    for answer, (text, action) in zip(answers, REGISTRATION, strict=False):
        assert answer["statusCode"] == 200, (text, answer)
        assert body(answer)["sessionState"]["dialogAction"]["type"] == action, (text, answer)
        assert answer["headers"]["x-amzn-requestid"]
    final = body(answers[-2])["sessionState"]["intent"]
    assert final["state"] == "Fulfilled"
    assert final["slots"]["firstName"]["value"]["interpretedValue"] == "Maria"
    # A fresh process read the session back from DynamoDB.
    stored = body(answers[-1])
    assert stored["sessionState"]["intent"]["state"] == "Fulfilled"


def test_the_function_refuses_callers_without_the_token_and_unknown_hosts(
    function_dir: Path, lambda_env: dict[str, str], tmp_path: Path
) -> None:
    path = "/bots/ANY/botAliases/TSTALIASID/botLocales/en_US/sessions/lambda-user-2/text"
    unknown = events.http_api("POST", path, {"text": "hi"}, {**AUTH, "host": "evil.example.com"})
    answers, _ = invoke(
        function_dir,
        lambda_env,
        [events.http_api("POST", path, {"text": "hi"}), unknown],
        tmp_path,
    )
    (no_token, bad_host) = answers
    assert no_token["statusCode"] in (401, 403)
    assert no_token["headers"]["x-amzn-errortype"]
    assert bad_host["statusCode"] == 400
    assert "__type" in body(bad_host)


def test_the_function_does_not_start_without_explicit_authentication(
    function_dir: Path, lambda_env: dict[str, str], tmp_path: Path
) -> None:
    env = {k: v for k, v in lambda_env.items() if k != "BOT_API_AUTH"}
    run = run_driver(function_dir, env, [events.http_api("GET", "/health")], tmp_path)
    assert run.returncode != 0
    assert "BOT_API_AUTH" in run.stderr
