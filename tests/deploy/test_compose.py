"""compose.yaml, read as Compose reads it (no daemon here): the bot built from the Dockerfile with
its sessions in the Redis service, authentication it cannot start without, health checks and
restart policies on both services."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.deploy.files import (
    COMPOSE_FILE,
    MissingVariable,
    final_stage,
    interpolate,
)

REDIS_URL = "redis://redis:6379/0"  # the form issue 11 gives: redis://host:port/db
USER_SET = {
    "BOT_API_AUTH": "sigv4",
    "BOT_API_CREDENTIALS": "AKIDEXAMPLE:a-long-secret",
    "BOT_ALLOWED_HOSTS": "bot.example.com",
}


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def _environment(service: dict[str, Any], user: dict[str, str]) -> dict[str, str]:
    return {key: interpolate(str(value), user) for key, value in service["environment"].items()}


def test_compose_has_the_bot_and_redis(services):
    assert set(services) == {"bot", "redis"}


def test_bot_is_built_from_the_dockerfile_at_the_root(services):
    assert services["bot"]["build"] == "."


def test_bot_keeps_its_sessions_in_the_redis_service(services):
    assert _environment(services["bot"], USER_SET)["BOT_SESSIONS"] == REDIS_URL
    assert services["bot"]["depends_on"]["redis"]["condition"] == "service_healthy"


@pytest.mark.parametrize("variable", ["BOT_API_AUTH", "BOT_ALLOWED_HOSTS"])
def test_bot_does_not_start_until_the_user_sets(services, variable):
    unset = {k: v for k, v in USER_SET.items() if k != variable}
    with pytest.raises(MissingVariable, match=variable):
        _environment(services["bot"], unset)


def test_bot_passes_the_users_authentication_through_unchanged(services):
    environment = _environment(services["bot"], USER_SET)
    assert {k: environment[k] for k in USER_SET} == USER_SET
    assert environment["BOT_API_TOKENS"] == ""


def test_bot_health_check_is_the_images(services):
    image = next(i for i in final_stage() if i.keyword == "HEALTHCHECK").exec_form()
    assert services["bot"]["healthcheck"]["test"] == ["CMD", *image]


def test_redis_is_the_official_image_pinned_checked_and_not_published(services):
    redis = services["redis"]
    name, _, tag = redis["image"].partition(":")
    assert name == "redis" and tag[:1].isdigit() and tag != "latest"
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "ports" not in redis


def test_both_services_restart_unless_stopped(services):
    assert {s["restart"] for s in services.values()} == {"unless-stopped"}
