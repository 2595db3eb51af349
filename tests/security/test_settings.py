"""The security settings: read from `BOT_…`, defaults by bound address, secrets never shown, and
`bot serve` refusing an open API off loopback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pydantic import SecretStr

from bot.errors import ConfigurationError
from bot.security import SecuritySettings, is_loopback
from tests.security.conftest import SECRET, TOKEN, sigv4_settings


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("BOT_API_AUTH", "SigV4")
    monkeypatch.setenv("BOT_API_CREDENTIALS", f"AKID1:{SECRET}, AKID2:two")
    monkeypatch.setenv("BOT_ALLOWED_HOSTS", "bot.example.com,Other.Example")
    monkeypatch.setenv("BOT_API_RATE_LIMIT", "5")
    monkeypatch.setenv("BOT_API_CHANNEL_SESSIONS", "allow")
    settings = SecuritySettings.from_environment()
    assert settings.auth_mode == "sigv4"
    assert list(settings.credentials) == ["AKID1", "AKID2"]
    assert settings.credentials["AKID1"].get_secret_value() == SECRET
    assert settings.trusted_hosts() == ("bot.example.com", "other.example")
    assert (settings.api_rate_limit, settings.rate_burst) == (5, 10)
    assert settings.channel_sessions_allowed


def test_secrets_stay_out_of_reprs_descriptions_and_errors(monkeypatch):
    settings = sigv4_settings(api_tokens=SecretStr(TOKEN))
    for shown in (repr(settings), str(settings), settings.describe()):
        assert SECRET not in shown and TOKEN not in shown
    monkeypatch.setenv("BOT_API_AUTH", "sigv4")
    monkeypatch.setenv("BOT_API_CREDENTIALS", f"AKID1:{SECRET},{SECRET}")
    with pytest.raises(ConfigurationError) as exc:
        SecuritySettings.from_environment()
    assert "entry 2" in str(exc.value) and SECRET not in str(exc.value)


@pytest.mark.parametrize(
    ("values", "needed"),
    [
        ({"api_auth": "sigv4"}, "BOT_API_CREDENTIALS"),
        ({"api_auth": "token"}, "BOT_API_TOKENS"),
        ({"allowed_hosts": " , "}, "BOT_ALLOWED_HOSTS"),
    ],
)
def test_incomplete_settings_say_what_to_set(values, needed):
    with pytest.raises(ValueError, match=needed):
        SecuritySettings(**values)


def test_on_loopback_the_default_is_open_and_answers_loopback_names():
    settings = SecuritySettings().bound_to("127.0.0.2")
    assert settings.auth_mode == "none"
    assert set(settings.trusted_hosts()) == {"localhost", "127.0.0.1", "::1", "127.0.0.2"}
    assert settings.warnings("127.0.0.2") == []


def test_off_loopback_authentication_and_hosts_must_be_set():
    with pytest.raises(ConfigurationError) as exc:
        SecuritySettings().bound_to("0.0.0.0")
    assert "BOT_API_AUTH" in str(exc.value) and "BOT_ALLOWED_HOSTS" in str(exc.value)
    with pytest.raises(ConfigurationError, match="BOT_ALLOWED_HOSTS"):
        sigv4_settings().bound_to("0.0.0.0")
    assert sigv4_settings(allowed_hosts="*").bound_to("0.0.0.0").auth_mode == "sigv4"


def test_an_open_api_off_loopback_starts_with_a_warning():
    settings = SecuritySettings(api_auth="none", allowed_hosts="*").bound_to("10.1.2.3")
    assert "BOT_API_AUTH=none" in settings.warnings("10.1.2.3")[0]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("bot.example.com", False)],
)  # fmt: skip
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def _serve(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve", "--host", "0.0.0.0", "-p", str(tmp_path)],
        env={**clean, **env},
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_off_loopback_without_bot_api_auth_exits_1_saying_what_to_set(tmp_path):
    result = _serve(tmp_path)
    assert result.returncode == 1
    assert "BOT_API_AUTH" in result.stderr and "BOT_ALLOWED_HOSTS" in result.stderr
    assert not (tmp_path / "models").exists()  # refused before loading anything


def test_serve_never_prints_a_bad_credential(tmp_path):
    result = _serve(tmp_path, BOT_API_AUTH="sigv4", BOT_API_CREDENTIALS=f"{SECRET}")
    assert result.returncode == 1
    assert "BOT_API_CREDENTIALS" in result.stderr and SECRET not in result.stderr + result.stdout
