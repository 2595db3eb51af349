"""A real Rasa 3.6 server for the tests of `nlu: {engine: rasa}`: the example bot's Rasa model,
trained with few epochs (and kept between runs, keyed by the Rasa project's fingerprint), served
by `bot rasa serve` on a free loopback port, and our server in front of it, reached with boto3.

Rasa lives in its own Python 3.10 environment made by `.ci/rasa`; without it these tests fail.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from botocore.config import Config

from bot.app import build_runtime
from bot.rasa.project import FINGERPRINT, model_path, train, write_project
from bot.runtime import BotRuntime
from bot.server import create_app
from tests.conftest import copy_example_bot
from tests.serving import serving_app

RASA_VERSION = "3.6.21"
RASA_HOME = Path(os.environ.get("LEXBOT_RASA_HOME", Path.home() / ".cache" / "lexbot-rasa"))
EPOCHS = 20  # enough for the example bot's intents and entities; Rasa's default is 100
START_TIMEOUT = 240  # Rasa imports TensorFlow and loads the model before it listens


def rasa_executable() -> str:
    given = os.environ.get("BOT_TEST_RASA")
    path = Path(given) if given else RASA_HOME / f"venv-{RASA_VERSION}" / "bin" / "rasa"
    if not path.is_file():
        pytest.fail(
            f"Rasa {RASA_VERSION} not found at {path}: run `sh .ci/rasa` (it installs Rasa in its "
            "own Python 3.10 environment), or set BOT_TEST_RASA to a Rasa 3.6 executable",
            pytrace=False,
        )
    return str(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RasaServer:
    """`bot rasa serve` in a process group of its own, so stopping it stops Rasa."""

    def __init__(self, root: Path, rasa: str, port: int, log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        bot = Path(sys.executable).parent / "bot"
        command = [str(bot), "rasa", "serve", "--project", str(root), "--rasa", rasa]
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [*command, "--port", str(port)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Rasa exited ({self.process.returncode}):\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/status", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        pytest.fail(f"Rasa did not answer within {START_TIMEOUT} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def trained_rasa_bot(root: Path, rasa: str) -> None:
    """Train the bot's Rasa model, or take the one trained earlier on the same project."""
    _, fingerprint = write_project(root, EPOCHS)
    cached = RASA_HOME / "models" / f"{fingerprint}.tar.gz"
    if cached.is_file():
        model_path(root).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cached, model_path(root))
        (model_path(root).parent.parent / FINGERPRINT).write_text(fingerprint)
    if train(root, rasa, epochs=EPOCHS):
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(model_path(root), cached.with_suffix(".tmp"))
        cached.with_suffix(".tmp").rename(cached)


@pytest.fixture(scope="session")
def rasa_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def rasa_bot_root(tmp_path_factory: pytest.TempPathFactory, rasa_port: int) -> Path:
    rasa = rasa_executable()
    root = copy_example_bot(tmp_path_factory.mktemp("rasa-bot"))
    config = (root / "bot.yaml").read_text()
    # English reads with Rasa (a locale's own setting); Japanese keeps our engine.
    rasa_locale = (
        "  - localeId: en_US\n"
        f"    nlu: {{engine: rasa, url: 'http://127.0.0.1:{rasa_port}', timeoutInSeconds: 3}}\n"
    )
    assert "  - en_US\n" in config
    (root / "bot.yaml").write_text(config.replace("  - en_US\n", rasa_locale))
    trained_rasa_bot(root, rasa)
    return root


@pytest.fixture(scope="session")
def rasa_server(
    rasa_bot_root: Path, rasa_port: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RasaServer]:
    log = tmp_path_factory.mktemp("rasa-log") / "rasa.log"
    server = RasaServer(rasa_bot_root, rasa_executable(), rasa_port, log)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def rasa_runtime(rasa_bot_root: Path, rasa_server: RasaServer) -> BotRuntime:
    # The real clock: the example bot's code hook refuses dates before today.
    return build_runtime(rasa_bot_root, store_url="memory://", rng=random.Random(0))


@pytest.fixture(scope="session")
def rasa_base_url(rasa_runtime: BotRuntime) -> Iterator[str]:
    with serving_app(create_app(rasa_runtime)) as url:
        yield url


@pytest.fixture(scope="session")
def lex(rasa_base_url: str):
    return boto3.client(
        "lexv2-runtime",
        endpoint_url=rasa_base_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 1}),
    )


@pytest.fixture(scope="session")
def ids(rasa_runtime: BotRuntime) -> dict[str, str]:
    return {"botId": rasa_runtime.identity.bot_id, "botAliasId": "TSTALIASID", "localeId": "en_US"}
