"""The example bot served with its code hooks, for the console's tests; and Debian's Chromium,
driven by Playwright (the Python package, never a browser it downloads)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import build_runtime
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.security import SecuritySettings
from bot.server import create_app
from tests.serving import serving_app

CHROMIUM = os.environ.get("BOT_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "console"
TOKEN = "console-test-token-0123456789"
ACCESS_KEY, SECRET_KEY = "AKIDCONSOLE", "console-secret-key"


@pytest.fixture(scope="session")
def hooked_runtime(trained_bot: tuple[BotProject, NLUEngine, Path]) -> BotRuntime:
    """The example bot with its code hooks (its model already trained), sessions in memory."""
    return build_runtime(trained_bot[2], store_url="memory://", train=False)


@pytest.fixture
def console_url(hooked_runtime: BotRuntime) -> Iterator[str]:
    with serving_app(create_app(hooked_runtime)) as url:
        yield url


@pytest.fixture
def token_console_url(hooked_runtime: BotRuntime) -> Iterator[str]:
    security = SecuritySettings(api_auth="token", api_tokens=SecretStr(TOKEN))
    with serving_app(create_app(hooked_runtime, security)) as url:
        yield url


@pytest.fixture
def sigv4_console_url(hooked_runtime: BotRuntime) -> Iterator[str]:
    credentials = SecretStr(f"{ACCESS_KEY}:{SECRET_KEY}")
    security = SecuritySettings(api_auth="sigv4", api_credentials=credentials)
    with serving_app(create_app(hooked_runtime, security)) as url:
        yield url


# Per module: Playwright's sync API keeps an event loop running in this thread until it stops,
# and later tests that call asyncio.run() must not find one.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: sh .ci/system-packages installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page; its screenshot is saved under test-artifacts/console/ whatever happens."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
