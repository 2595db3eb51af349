"""DynamoDB for tests: moto in server mode on a free loopback port, reached over HTTP by the real
boto3 client through `AWS_ENDPOINT_URL_DYNAMODB`, so the store runs exactly as against AWS. Also
a proxy in front of it that loses the answer to a write after the write was made, as a dropped
connection would, to see what botocore's retry of it does.

moto's server starts with each test run (nothing to install but the `moto[server]` test extra);
it keeps items past their TTL (it has no TTL deleter), as DynamoDB does for a while.
"""

from __future__ import annotations

import http.client
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import urlsplit

ENDPOINT_ENV = "AWS_ENDPOINT_URL_DYNAMODB"
# Dummy credentials and a region: a fresh machine has no ~/.aws, and moto accepts any.
AWS_TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@contextmanager
def moto_dynamodb() -> Iterator[str]:
    """moto's server on a free loopback port; yields its endpoint URL.

    What `moto.server.ThreadedMotoServer` starts, with one difference: requests are applied one
    at a time. DynamoDB applies each conditional write atomically; moto's backend checks the
    condition and writes without a lock, so two threads' writes could both pass and one update
    be lost — moto's race, which a test of ours must not see."""
    # About a second to import: only when a test needs it.
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    dispatcher = DomainDispatcherApplication(create_backend_app)
    one_at_a_time = threading.Lock()

    def app(environ: Any, start_response: Any) -> Any:
        with one_at_a_time:
            return dispatcher(environ, start_response)

    server = make_server("127.0.0.1", 0, app, True, request_handler=MotoRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="moto", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def table_url() -> str:
    """The store URL of a table no other test uses."""
    return f"dynamodb://sessions-{uuid.uuid4().hex[:12]}"


class LossyProxy:
    """Forwards DynamoDB requests to `endpoint`; the first `lose` requests of `operation` reach
    DynamoDB, but their caller gets a 500 instead of the answer (a retryable error to botocore).
    """

    def __init__(self, endpoint: str, operation: str, lose: int = 1) -> None:
        self.target = urlsplit(endpoint)
        self.operation = operation
        self.to_lose = lose
        self.forwarded: list[str] = []  # operations, in order
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                operation = self.headers.get("X-Amz-Target", "").rpartition(".")[2]
                status, headers, answer = proxy._forward(self.path, dict(self.headers), body)
                if proxy._loses(operation):
                    status, headers = 500, {"Content-Type": "application/x-amz-json-1.0"}
                    answer = b'{"__type":"InternalServerError","message":"answer lost"}'
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def _forward(
        self, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=10)
        try:
            conn.request("POST", path, body=body, headers=headers)
            answer = conn.getresponse()
            return answer.status, dict(answer.getheaders()), answer.read()
        finally:
            conn.close()

    def _loses(self, operation: str) -> bool:
        with self._lock:
            self.forwarded.append(operation)
            if operation == self.operation and self.to_lose > 0:
                self.to_lose -= 1
                return True
            return False

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
