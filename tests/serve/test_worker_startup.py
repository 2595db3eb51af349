"""`bot serve --workers 2` whose workers cannot start, run for real as a subprocess: the
supervisor checks what it needs and starts them, each worker fails building its app (here, on a
channel setting only workers read), and `bot serve` stops with status 1 and says why, instead of
starting the workers again and again or exiting 0."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.redis_servers import free_port

BOT = shutil.which("bot") or str(Path(sys.executable).with_name("bot"))
TIMEOUT = 120.0  # generous: the workers load the model before they fail


def test_workers_that_cannot_start_stop_bot_serve_with_status_1(
    trained_bot: Any, tmp_path: Path
) -> None:
    project = tmp_path / "bot"
    shutil.copytree(trained_bot[2], project)
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    env["REST_CORS_ORIGINS"] = "not a JSON list"
    done = subprocess.run(
        [BOT, "serve", "--project", str(project), "--port", str(free_port()), "--workers", "2"]
        + ["--sessions", f"sqlite:///{tmp_path / 'sessions.sqlite'}"],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )

    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert lines[-1] == "error: a worker could not start (see above); bot serve stopped"
    reasons = [line for line in lines if "could not start: " in line]
    # Each worker said why in one line, once: none was started again.
    assert 1 <= len(reasons) <= 2, lines
    assert all(
        line.startswith("error: worker ")
        and line.endswith(
            'could not start: error parsing value for field "rest_cors_origins" '
            'from source "EnvSettingsSource"'
        )
        for line in reasons
    )
    assert "Traceback" not in done.stderr
