"""Serve a bot imported from a source file and give a boto3 client for it (conversation tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.server import create_app
from bot.transfer import import_bot
from tests.serving import serving_app


def served_import(
    source: Path, out: Path, client: str, code_hook: str | None = None
) -> Iterator[tuple[Any, BotRuntime]]:
    """Import `source` into `out` (nothing unsupported), serve it, yield a `client` boto3
    client and the runtime."""
    files, report = import_bot(source, code_hook=code_hook)
    assert report.unsupported == []
    files.write(out)
    runtime = build_runtime(out, store_url="memory://")
    with serving_app(create_app(runtime)) as url:
        lex = boto3.client(
            client,
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"max_attempts": 1}),
        )
        yield lex, runtime
