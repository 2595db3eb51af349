"""Nothing in a source is dropped silently: every value is carried into the bot files at the
place its key names, or lies under a path that the report lists as ignored or unsupported."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.transfer.accounting import unaccounted_cfn, unaccounted_v2
from tests.transfer.conftest import (
    FAQ_TEMPLATE,
    FLOW_BOT,
    HOTEL_TEMPLATE,
    PIZZA_SHOP,
    import_and_check,
    zip_folder,
)


@pytest.mark.parametrize("export", [FLOW_BOT, PIZZA_SHOP], ids=lambda p: p.name)
def test_every_leaf_of_a_v2_export_is_carried_or_reported(export: Path, tmp_path: Path) -> None:
    imported = import_and_check(export, tmp_path / "bot")
    assert unaccounted_v2(export, imported.files, imported.report) == []


def test_every_leaf_of_a_zipped_export_is_carried_or_reported(tmp_path: Path) -> None:
    archive = zip_folder(FLOW_BOT, tmp_path / "FlowBot.zip")
    imported = import_and_check(archive, tmp_path / "bot")
    assert unaccounted_v2(FLOW_BOT, imported.files, imported.report) == []


@pytest.mark.parametrize("template", [HOTEL_TEMPLATE, FAQ_TEMPLATE], ids=lambda p: p.name)
def test_every_leaf_of_a_template_bot_is_carried_or_reported(
    template: Path, tmp_path: Path
) -> None:
    imported = import_and_check(template, tmp_path / "bot")
    assert unaccounted_cfn(template, imported.files, imported.report) == []


def test_accounting_notices_a_dropped_key(tmp_path: Path) -> None:
    imported = import_and_check(FLOW_BOT, tmp_path / "bot")
    del imported.intent("BookTable")["intentClosingSetting"]["nextStep"]
    missing = unaccounted_v2(FLOW_BOT, imported.files, imported.report)
    assert missing and all("intentClosingSetting.nextStep" in m for m in missing)
