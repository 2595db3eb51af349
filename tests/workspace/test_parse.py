"""Rasa's `POST /model/parse` on a server with several bots: `?bot=` picks the bot (the first
without it), `?alias=` what an alias serves (the DRAFT without it)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.project.aliases import set_alias_version
from bot.server import create_app
from bot.versions import create_version
from bot.workspace import find_projects, open_workspace
from tests.serving import serving_app
from tests.workspace.conftest import write_bot


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """CafeBot (first) and ShopBot, whose DRAFT knows TrackOrder while version 1 (prod) does
    not."""
    tmp_path = tmp_path_factory.mktemp("parse-workspace")
    write_bot(tmp_path / "cafe", "CafeBot", "Welcome to the cafe", aliases="[live]")
    shop = write_bot(tmp_path / "shop", "ShopBot", "Hello", aliases="{prod: {botAliasId: PROD1}}")
    create_version(shop)
    set_alias_version(shop, "prod", "1")
    (shop / "intents" / "TrackOrder.yaml").write_text(
        "name: TrackOrder\nsampleUtterances: [where is my order, track my order, "
        "has my order shipped, when does my parcel arrive]\n"
        "intentClosingSetting:\n  closingResponse: It is on its way.\n"
    )
    bots = open_workspace(find_projects(tmp_path), store_url="memory://")
    try:
        with serving_app(create_app(bots.fleet)) as served:
            yield served
    finally:
        bots.close()


def _intent(url: str, query: str) -> str:
    answer = httpx.post(f"{url}/model/parse{query}", json={"text": "where is my order"})
    assert answer.status_code == 200, answer.text
    name: str = answer.json()["intent"]["name"]
    return name


def test_model_parse_uses_the_bot_and_alias_it_names(url: str) -> None:
    assert _intent(url, "") != "TrackOrder"  # the first bot, CafeBot
    assert _intent(url, "?bot=ShopBot") == "TrackOrder"  # ShopBot's DRAFT
    assert _intent(url, "?bot=ShopBot&alias=TSTALIASID") == "TrackOrder"
    assert _intent(url, "?bot=ShopBot&alias=prod") != "TrackOrder"  # version 1
    assert _intent(url, "?bot=ShopBot&alias=PROD1") != "TrackOrder"  # by its id too
    assert _intent(url, "?alias=live") != "TrackOrder"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?bot=TeaBot", "Bot TeaBot not found (this server runs CafeBot, ShopBot)"),
        ("?bot=ShopBot&alias=live", "Bot alias live not found for bot ShopBot"),
    ],
)
def test_model_parse_answers_404_for_a_bot_or_alias_it_does_not_run(
    url: str, query: str, message: str
) -> None:
    answer = httpx.post(f"{url}/model/parse{query}", json={"text": "hello"})
    assert answer.status_code == 404
    assert answer.headers["x-amzn-errortype"] == "ResourceNotFoundException"
    assert answer.json()["__type"] == "ResourceNotFoundException"
    assert answer.json()["message"].startswith(message)
