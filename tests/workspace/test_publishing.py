"""Publishing the DRAFT for serving processes (`bot.drafts`): whole copies, one `current` link,
old copies let go, and two publishers at once never overwrite each other."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.drafts import KEEP_PUBLISHED, SERVING_DIR, publish, published, published_root
from bot.training import is_current, train_project
from tests.workspace.conftest import set_greeting, write_bot


def test_a_published_draft_is_whole_and_current_moves_to_it(tmp_path: Path) -> None:
    root = write_bot(tmp_path / "shop", "ShopBot", "Hello")
    assert published(root) is None and published_root(root) == root
    train_project(root)
    first = publish(root)
    assert first is not None and published_root(root) == first
    assert is_current(first)  # its bot files and its model belong together
    set_greeting(root, "Hello again")
    assert publish(root) is None  # edited since training: nothing to publish yet
    assert published_root(root) == first
    train_project(root)
    for _ in range(KEEP_PUBLISHED + 2):
        publish(root)
    kept = sorted(p.name for p in (root / SERVING_DIR).iterdir() if p.name.isdigit())
    assert len(kept) == KEEP_PUBLISHED and published(root) == kept[-1]


def test_two_publishers_at_once_each_get_a_copy_of_their_own(tmp_path: Path) -> None:
    root = write_bot(tmp_path / "shop", "ShopBot", "Hello")
    train_project(root)
    made: list[Path | None] = []
    threads = [threading.Thread(target=lambda: made.append(publish(root))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert None not in made and len(set(made)) == 2
    assert all(is_current(p) for p in made if p is not None)
