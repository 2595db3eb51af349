from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from bot.errors import ModelError
from bot.project.aliases import alias_settings, set_alias_version
from bot.training import is_current, train_project
from bot.versions import create_version, list_versions, version_root
from tests.workspace.conftest import set_greeting, write_bot

runner = CliRunner()


def test_versions_are_numbered_frozen_and_listed(tmp_path: Path) -> None:
    root = write_bot(tmp_path / "bot", "ShopBot", "Hello from v1")
    first = runner.invoke(
        app, ["version", "create", "--project", str(root), "--description", "one"]
    )
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == "1"
    set_greeting(root, "Hello from v2")
    assert create_version(root, "two").version == "2"
    assert [(v.version, v.description) for v in list_versions(root)] == [("1", "one"), ("2", "two")]
    frozen = (version_root(root, "1") / "intents" / "Greeting.yaml").read_text()
    assert "Hello from v1" in frozen  # the draft moved on, version 1 did not
    listed = runner.invoke(app, ["version", "list", "--project", str(root)])
    assert listed.exit_code == 0
    assert "DRAFT" in listed.stdout and "one" in listed.stdout and "two" in listed.stdout


def test_moving_an_alias_keeps_the_draft_model_current(tmp_path: Path) -> None:
    root = write_bot(tmp_path / "bot", "ShopBot", "Hello")
    create_version(root)
    assert is_current(root)
    result = runner.invoke(app, ["alias", "set", "prod", "1", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert is_current(root)  # bot.yaml changed, but only its aliases
    assert alias_settings(root)["prod"].botVersion == "1"
    text = (root / "bot.yaml").read_text()
    assert text.startswith("# ShopBot: a test bot\n")  # the author's other lines are kept
    assert yaml.safe_load(text)["aliases"] == {"prod": {"botVersion": 1}}


def test_an_alias_on_a_version_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    root = write_bot(tmp_path / "bot", "ShopBot", "Hello")
    train_project(root)
    result = runner.invoke(app, ["alias", "set", "prod", "7", "--project", str(root)])
    assert result.exit_code == 1
    assert "bot version 7 does not exist" in result.output
    assert alias_settings(root)["prod"].botVersion == "DRAFT"
    with pytest.raises(ModelError):
        version_root(root, "7")


def test_the_test_alias_always_answers_from_draft(tmp_path: Path) -> None:
    root = write_bot(tmp_path / "bot", "ShopBot", "Hello")
    with pytest.raises(Exception, match="always answers from DRAFT"):
        set_alias_version(root, "TSTALIASID", "1")


def test_a_version_in_use_is_kept_and_a_deleted_number_is_never_given_again(
    tmp_path: Path,
) -> None:
    root = write_bot(tmp_path / "bot", "ShopBot", "Hello")
    create_version(root)
    create_version(root)
    set_alias_version(root, "prod", "2")
    refused = runner.invoke(app, ["version", "delete", "2", "--project", str(root)])
    assert refused.exit_code == 1
    assert "bot version 2 is in use by alias prod" in refused.output
    assert [v.version for v in list_versions(root)] == ["1", "2"]
    set_alias_version(root, "prod", "1")
    deleted = runner.invoke(app, ["version", "delete", "2", "--project", str(root)])
    assert deleted.exit_code == 0, deleted.output
    assert [v.version for v in list_versions(root)] == ["1"]
    assert create_version(root).version == "3"  # as Lex: numbers are not reused
    missing = runner.invoke(app, ["version", "delete", "2", "--project", str(root)])
    assert missing.exit_code == 1 and "bot version 2 does not exist" in missing.output
    draft = runner.invoke(app, ["version", "delete", "DRAFT", "--project", str(root)])
    assert draft.exit_code == 1 and "the DRAFT cannot be deleted" in draft.output


def test_a_version_frozen_under_an_older_training_recipe_still_loads(tmp_path: Path) -> None:
    import json

    from bot.project.loader import project_fingerprint
    from bot.training import load_models, model_dir, model_fingerprint

    root = write_bot(tmp_path / "bot", "ShopBot", "Hello")
    create_version(root)
    frozen = version_root(root, "1")
    manifest_path = model_dir(frozen) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["fingerprint"] = model_fingerprint(project_fingerprint(frozen), recipe="2")
    manifest_path.write_text(json.dumps(manifest))
    assert load_models(frozen, frozen=True)  # versions are never retrained: their model stays
    result = runner.invoke(app, ["alias", "set", "prod", "1", "--project", str(root)])
    assert result.exit_code == 0, result.output
    with pytest.raises(ModelError):
        load_models(frozen)  # as the DRAFT it would be stale
    manifest["fingerprint"] = model_fingerprint("other bot files", recipe="2")
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ModelError):
        load_models(frozen, frozen=True)
