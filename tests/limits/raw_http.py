"""A raw HTTP/1.1 client over a socket, for the probes a well-behaved client cannot make: a
`Content-Length` that lies, a body sent in chunks with pauses, a body that never ends. It sends
what it is told, stops sending if the server answers or closes, and reads one answer."""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float  # from the first byte sent to the answer's end

    def json(self) -> Any:
        return json.loads(self.body)


def exchange(
    url: str,
    path: str,
    headers: dict[str, str],
    body: Iterable[bytes] = (),
    *,
    pause: float = 0.0,
    timeout: float = 30.0,
    stop_on_answer: bool = True,
) -> Answer:
    """POST `body` (its parts sent one by one, `pause` seconds apart) with exactly `headers`;
    with `stop_on_answer`, sending stops when an answer arrives early (as HTTP clients do)."""
    parts = urlsplit(url)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        head = f"POST {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
        sock.sendall(head.encode("latin-1"))
        try:
            for part in body:
                sock.sendall(part)
                if pause:
                    time.sleep(pause)
                if stop_on_answer and select.select([sock], [], [], 0)[0]:
                    break  # an early answer (a refusal): stop sending, as HTTP clients do
        except OSError:
            pass  # the server answered and closed while we were still sending
        raw = _read_answer(sock)
    head_bytes, _, rest = raw.partition(b"\r\n\r\n")
    lines = head_bytes.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    answer_headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in lines[1:])
    }
    length = int(answer_headers.get("content-length", len(rest)))
    return Answer(status, answer_headers, rest[:length], time.monotonic() - started)


def _read_answer(sock: socket.socket) -> bytes:
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break  # a reset after the answer arrived: what we read is what there is
        if not chunk:
            break
        data += chunk
        head, sep, rest = data.partition(b"\r\n\r\n")
        if sep:
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length" and len(rest) >= int(value):
                    return data
    if b"\r\n\r\n" not in data:
        raise ConnectionError(f"no answer, only {data[:200]!r}")
    return data


def chunked(parts: Iterable[bytes]) -> Iterator[bytes]:
    """`parts` in chunked transfer coding, ending with the last chunk."""
    for part in parts:
        yield f"{len(part):x}\r\n".encode() + part + b"\r\n"
    yield b"0\r\n\r\n"


def repeated(size: int, chunk: int = 64 * 1024, fill: bytes = b"x") -> Iterator[bytes]:
    """`size` bytes of `fill`, made `chunk` bytes at a time (never held whole)."""
    block = fill * chunk
    sent = 0
    while sent < size:
        part = block[: min(chunk, size - sent)]
        sent += len(part)
        yield part
