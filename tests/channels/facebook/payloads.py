"""Messenger webhook payloads shaped as Meta sends them (reference notes §2.3), and signing.

`sign` computes `X-Hub-Signature-256` here, independently of the code under test.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from typing import Any

PAGE_ID = "104857600123456"
APP_SECRET = "test-app-secret-5b1c"
_ids = itertools.count(1)
_MS = 1_795_000_000_000  # epoch milliseconds, as Meta stamps events


def sign(raw_body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()  # ASCII with \u escapes, as Meta serialises


def new_mid() -> str:
    return f"m_{next(_ids)}-AbCdEfGhIjKlMn"


def page_event(*items: dict[str, Any], page_id: str = PAGE_ID) -> dict[str, Any]:
    return {
        "object": "page",
        "entry": [{"id": page_id, "time": _MS, "messaging": list(items)}],
    }


def _item(psid: str, **event: Any) -> dict[str, Any]:
    return {"sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": _MS, **event}


def text_message(psid: str, text: str, *, mid: str | None = None) -> dict[str, Any]:
    return _item(psid, message={"mid": mid or new_mid(), "text": text})


def quick_reply(psid: str, title: str, payload: str) -> dict[str, Any]:
    message = {"mid": new_mid(), "text": title, "quick_reply": {"payload": payload}}
    return _item(psid, message=message)


def postback(psid: str, title: str, payload: str) -> dict[str, Any]:
    return _item(psid, postback={"mid": new_mid(), "title": title, "payload": payload})


def echo(psid: str, text: str) -> dict[str, Any]:
    """The Page's own send, echoed back: sender and recipient swapped."""
    message = {"mid": new_mid(), "is_echo": True, "app_id": 1517776481860111, "text": text}
    return {
        "sender": {"id": PAGE_ID},
        "recipient": {"id": psid},
        "timestamp": _MS,
        "message": message,
    }


def delivery(psid: str) -> dict[str, Any]:
    return _item(psid, delivery={"mids": [new_mid()], "watermark": _MS})


def read(psid: str) -> dict[str, Any]:
    return _item(psid, read={"watermark": _MS})
