"""A fake of Slack's Web API for bench/duplicates.py, served by aiohttp on a loopback port in the
bench's own event loop: `chat.postMessage` and `chat.update` answered `ok: true` as Slack does,
every post recorded with its channel, thread and text, so a simulated user can wait for the
bot's reply to what it said. Any other method answers Slack's `unknown_method` and is counted.
Also what Slack sends the bot: signed Events API deliveries (`message_event`, `signed`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import socket
import time
from collections import Counter, defaultdict
from typing import Any

from aiohttp import web

Key = tuple[str, str]  # (channel, thread_ts)
TEAM = "T0BENCH01"
BOT_USER = "U0EVENTBOT"


class FakeSlack:
    def __init__(self) -> None:
        self.posts: dict[Key, list[str]] = defaultdict(list)
        self.calls: Counter[str] = Counter()
        self.unthreaded = 0  # posts outside any thread: answers to no turn the bench sent
        self.tokens: set[str] = set()
        self._waiters: dict[Key, tuple[int, asyncio.Future[list[str]]]] = {}
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Serve on a free loopback port; the base URL `SLACK_API_URL` takes."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._web_api)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        site = web.SockSite(self._runner, sock, backlog=1024)
        await site.start()
        return f"http://127.0.0.1:{sock.getsockname()[1]}/api/"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def wait_for(self, key: Key, count: int, timeout: float) -> list[str]:
        """The first `count` posts in this thread, once they have arrived (TimeoutError if not)."""
        if len(self.posts[key]) >= count:
            return self.posts[key][:count]
        future: asyncio.Future[list[str]] = asyncio.get_running_loop().create_future()
        self._waiters[key] = (count, future)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiters.pop(key, None)

    async def _web_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls[method] += 1
        self.tokens.add(request.headers.get("Authorization", ""))
        if method not in ("chat.postMessage", "chat.update"):
            return web.json_response({"ok": False, "error": "unknown_method"})
        body: dict[str, Any] = await request.json()
        channel = str(body.get("channel", ""))
        ts = body.get("ts") or f"1800000000.{next(self._ts):06d}"
        if method == "chat.postMessage":
            self._record(channel, body.get("thread_ts"), str(body.get("text", "")))
        message = {"type": "message", "text": body.get("text"), "ts": ts}
        return web.json_response({"ok": True, "channel": channel, "ts": ts, "message": message})

    def _record(self, channel: str, thread_ts: str | None, text: str) -> None:
        if thread_ts is None:
            self.unthreaded += 1
            return
        key = (channel, thread_ts)
        self.posts[key].append(text)
        waiter = self._waiters.get(key)
        if waiter is not None and len(self.posts[key]) >= waiter[0] and not waiter[1].done():
            waiter[1].set_result(self.posts[key][: waiter[0]])


# ------------------------------------------------------------------ Slack's side of the wire


def signed(body: bytes, secret: str, retry: bool) -> dict[str, str]:
    """Slack's headers for `body`: v0 signature, HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    timestamp = str(int(time.time()))
    base = b"v0:" + timestamp.encode() + b":" + body
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest(),
    }
    if retry:
        headers |= {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    return headers


def message_event(event_id: str, channel: str, user: str, text: str, ts: str) -> bytes:
    event = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "thread_ts": ts,
        "channel_type": "im",
        "client_msg_id": f"msg-{event_id}",
    }
    return json.dumps({
        "type": "event_callback",
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0EVENTBOT",
        "event": event,
        "event_id": event_id,
        "event_time": int(float(ts)),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    }).encode()  # fmt: skip
