"""A fake of Slack's Web API for bench/duplicates.py, served by aiohttp on a loopback port in the
bench's own event loop: `chat.postMessage` and `chat.update` answered `ok: true` as Slack does,
every post recorded with its channel, thread and text, so a simulated user can wait for the
bot's reply to what it said. Any other method answers Slack's `unknown_method` and is counted.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections import Counter, defaultdict
from typing import Any

from aiohttp import web

Key = tuple[str, str]  # (channel, thread_ts)


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
