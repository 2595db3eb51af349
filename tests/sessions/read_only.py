"""A file made read-only for one test, also for root (who writes through permission bits): then
the file is made immutable with `chattr +i`, and the test is skipped where that is not allowed."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    mode = path.stat().st_mode
    path.chmod(0o444)
    immutable = False
    try:
        if os.geteuid() == 0:
            chattr = shutil.which("chattr")
            done = chattr and subprocess.run(
                [chattr, "+i", str(path)], capture_output=True, check=False
            )
            if not done or done.returncode != 0:
                pytest.skip("root writes through read-only files and chattr +i is not available")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run([str(shutil.which("chattr")), "-i", str(path)], check=True)
        path.chmod(mode)
