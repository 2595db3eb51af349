"""Memory of a server flooded with oversized unsigned posts: bodies must never be held whole.

Serves a copy of the example bot (`bot serve`, loopback, memory sessions, Slack and Messenger
live with dummy secrets) and sends, to each webhook and to the Lex V2 RecognizeText route,
`--concurrency` unsigned posts of `--megabytes` MB at once, streamed from a raw socket by a
client that keeps sending until the server stops it: once with a true `Content-Length`, once
chunked (no length to refuse up front). Prints JSON: the server's peak RSS (VmHWM, from /proc)
after start and at the end, and the answers seen per route and mode. Goal: peak RSS under
150 MB, every answer 413. Stops the server by itself. Run from the project root:

    .venv/bin/python bench/body_limits.py [--megabytes 50] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from _serving import wait_until_up

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
CHUNK = 64 * 1024
SECRETS = {
    "SLACK_SIGNING_SECRET": "bench-signing-secret",
    "SLACK_BOT_TOKEN": "xoxb-bench",
    "FACEBOOK_APP_SECRET": "bench-app-secret",
    "FACEBOOK_VERIFY_TOKEN": "bench-verify",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "bench-page-token",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM in /proc")


def _post(port: int, path: str, size: int, chunked: bool) -> str:
    """One flooding post; the status line of the answer, or how the connection ended."""
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    head += f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    block = b"x" * CHUNK
    if chunked:
        block = f"{CHUNK:x}\r\n".encode() + block + b"\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head.encode())
        try:
            for _ in range(size // CHUNK):
                sock.sendall(block)  # an attacker does not stop to read
        except OSError:
            pass
        try:
            answer = sock.recv(200)
        except OSError as exc:
            return f"no answer ({type(exc).__name__})"
    return answer.split(b"\r\n", 1)[0].decode() if answer else "closed without an answer"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bot = Path(folder)
        shutil.copy(ROOT / "bot.yaml", bot / "bot.yaml")
        for name in ("intents", "training_data"):
            shutil.copytree(ROOT / name, bot / name)
        port = _free_port()
        command = [sys.executable, "-m", "bot.cli", "serve", "--project", str(bot)]
        command += ["--port", str(port), "--sessions", "memory://"]
        server = subprocess.Popen(command, env={**os.environ, **SECRETS}, cwd=ROOT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url + "/health", server)
            bot_id = httpx.get(url + "/health").json()["bot"]["botId"]
            started = _peak_rss_mb(server.pid)
            routes = {
                "Slack events": "/channels/slack/events",
                "Slack interactive": "/channels/slack/interactive",
                "Messenger": "/channels/facebook/webhook",
                "REST": "/webhooks/rest/webhook",
                "Lex V2 RecognizeText": f"/bots/{bot_id}/botAliases/TSTALIASID/botLocales/en_US"
                "/sessions/bench-1/text",
            }
            answers: dict[str, dict[str, int]] = {}
            began = time.monotonic()
            with ThreadPoolExecutor(args.concurrency) as pool:
                for name, path in routes.items():
                    for chunked in (False, True):
                        jobs = [
                            pool.submit(_post, port, path, args.megabytes * MB, chunked)
                            for _ in range(args.concurrency)
                        ]
                        mode = "chunked" if chunked else "Content-Length"
                        answers[f"{name}, {mode}"] = dict(Counter(j.result() for j in jobs))
            report = {
                "posts": f"{args.concurrency} at once × {args.megabytes} MB, per route and mode",
                "peak_rss_mb_after_start": started,
                "peak_rss_mb_at_end": _peak_rss_mb(server.pid),
                "seconds": round(time.monotonic() - began, 1),
                "answers": answers,
            }
            print(json.dumps(report, indent=2, ensure_ascii=False))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
