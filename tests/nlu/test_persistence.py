import json
import shutil

import pytest

from bot.errors import ModelError
from bot.nlu.engine import NLUEngine
from bot.training import is_current, load_model, model_dir, train_project
from tests.conftest import copy_example_bot


@pytest.fixture
def model_copy(trained_bot, tmp_path):
    """A private copy of the trained example bot, model included, that a test may spoil."""
    _, _, root = trained_bot
    shutil.copytree(root, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_loaded_model_parses_like_the_trained_one(trained_bot, tmp_path, ctx):
    _, engine, _ = trained_bot
    engine.persist(tmp_path / "m")
    again = NLUEngine.load(tmp_path / "m")
    for text in ["register me for PyCon tomorrow", "what's on at DevOps Days", "bake me a cake"]:
        a, b = engine.parse(text, ctx), again.parse(text, ctx)
        assert [i.to_lex() for i in a.interpretations] == [i.to_lex() for i in b.interpretations]


def test_model_manifest_names_format_and_fingerprint(trained_bot):
    _, _, root = trained_bot
    manifest = json.loads((model_dir(root) / "manifest.json").read_text())
    assert manifest["format_version"] == 1
    assert len(manifest["fingerprint"]) == 64


def test_training_is_skipped_when_the_bot_files_did_not_change(trained_bot):
    _, _, root = trained_bot
    assert is_current(root)
    _, trained = train_project(root)
    assert trained is False


def test_a_model_of_changed_bot_files_is_refused(tmp_path):
    root = copy_example_bot(tmp_path)
    train_project(root)
    greeting = root / "intents" / "Greeting.yaml"
    greeting.write_text(
        greeting.read_text().replace("sampleUtterances:", "sampleUtterances:\n  - howdy partner")
    )
    assert not is_current(root)
    with pytest.raises(ModelError, match="stale or foreign"):
        load_model(root)


def test_a_model_of_another_format_version_is_refused(model_copy):
    manifest_file = model_dir(model_copy) / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["format_version"] = 999
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="format version 999"):
        NLUEngine.load(model_dir(model_copy))


def test_a_missing_model_says_to_train(tmp_path):
    with pytest.raises(ModelError, match="bot train"):
        NLUEngine.load(tmp_path / "nothing-here")


def test_a_corrupt_model_is_refused_with_a_clear_error(model_copy):
    (model_dir(model_copy) / "domain.json").write_text("{not json")
    with pytest.raises(ModelError, match="corrupt"):
        NLUEngine.load(model_dir(model_copy))
