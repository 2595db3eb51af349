"""The example bot served with its code hooks, for the console's tests; a workspace of two
small bots; and Debian's Chromium, driven by Playwright (the Python package, never a browser it
downloads)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import build_runtime
from bot.nlu.engine import NLUEngine
from bot.project.aliases import set_alias_version
from bot.project.loader import BotProject
from bot.runtime import BotRuntime
from bot.security import SecuritySettings
from bot.server import create_app
from bot.training import train_project
from bot.versions import create_version
from bot.workspace import find_projects, open_workspace
from tests.serving import serving_app
from tests.workspace.conftest import set_greeting, write_bot

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


@pytest.fixture(scope="module")
def two_bots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """CafeBot (first, by folder name; UTC) and ShopBot (Europe/Rome), whose prod alias is on
    version 1 ("Hello from v1") while its DRAFT says v2; both trained."""
    root = tmp_path_factory.mktemp("console-workspace")
    write_bot(root / "cafe", "CafeBot", "Welcome to the cafe", aliases="[live]")
    shop = write_bot(root / "shop", "ShopBot", "Hello from v1")
    create_version(shop)
    set_greeting(shop, "Hello from v2")
    with (shop / "bot.yaml").open("a") as bot_file:
        bot_file.write("timeZone: Europe/Rome\n")
    set_alias_version(shop, "prod", "1")
    for bot in find_projects(root):
        train_project(bot)
    return root


@pytest.fixture
def workspace_console_url(two_bots: Path) -> Iterator[str]:
    """The two bots served by one app, sessions (and missed utterances) in a fresh memory store."""
    bots = open_workspace(find_projects(two_bots), store_url="memory://", train=False)
    try:
        with serving_app(create_app(bots.fleet)) as url:
            yield url
    finally:
        bots.close()


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
