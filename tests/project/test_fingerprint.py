"""The project fingerprint detects any change to the bot files."""

from __future__ import annotations

from bot.project import project_fingerprint
from tests.project.conftest import ProjectWriter


def test_fingerprint_is_stable_for_unchanged_files(write_project: ProjectWriter) -> None:
    root = write_project()
    assert project_fingerprint(root) == project_fingerprint(root)


def test_fingerprint_changes_when_a_file_changes(write_project: ProjectWriter) -> None:
    root = write_project()
    before = project_fingerprint(root)
    path = root / "intents" / "BookRoom.yaml"
    path.write_text(path.read_text() + "  - reserve a room\n")
    assert project_fingerprint(root) != before


def test_fingerprint_changes_when_a_training_file_is_added(write_project: ProjectWriter) -> None:
    root = write_project()
    before = project_fingerprint(root)
    (root / "training_data" / "extra.yml").write_text("nlu: []\n")
    assert project_fingerprint(root) != before


def test_fingerprint_changes_when_a_file_is_renamed(write_project: ProjectWriter) -> None:
    root = write_project()
    before = project_fingerprint(root)
    (root / "intents" / "BookRoom.yaml").rename(root / "intents" / "BookRoom.yml")
    assert project_fingerprint(root) != before


def test_fingerprint_ignores_files_outside_the_bot(write_project: ProjectWriter) -> None:
    root = write_project()
    before = project_fingerprint(root)
    (root / "README.md").write_text("notes")
    assert project_fingerprint(root) == before
