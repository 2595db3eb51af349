"""What the benchmark scripts share: waiting for a `bot serve` they started to answer."""

from __future__ import annotations

import subprocess
import time

import httpx


def wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    """Return once `url` answers 200; raise if the server exits or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")
