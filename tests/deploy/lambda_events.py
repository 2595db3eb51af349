"""The events AWS hands a function, as API Gateway and function URLs write them: an HTTP API
(payload format 2.0), a REST API proxy integration (format 1.0, stage `prod`) and a function URL
(format 2.0 on its own host name). Built here so a test or a benchmark can feed the handler what
AWS would, with nothing of AWS running.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

API_ID = "a1b2c3d4e5"
REGION = "us-east-1"
HTTP_API_HOST = f"{API_ID}.execute-api.{REGION}.amazonaws.com"
FUNCTION_URL_HOST = f"k3mxb7exampleurlid.lambda-url.{REGION}.on.aws"
ALLOWED_HOSTS = f"*.execute-api.{REGION}.amazonaws.com,*.lambda-url.{REGION}.on.aws"
SOURCE_IP = "203.0.113.7"
# The example bot's registration, turn by turn: what the user says, the dialog action answered.
REGISTRATION = [
    ("register me for PyCon", "ElicitSlot"),
    ("tomorrow", "ElicitSlot"),
    ("Maria", "ElicitSlot"),
    ("maria@example.com", "ConfirmIntent"),
    ("yes", "Close"),
]


def http_api(
    method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """An HTTP API (v2) event; `body` is sent as JSON unless it is already a string."""
    return _v2(method, path, body, headers, HTTP_API_HOST)


def function_url(
    method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    return _v2(method, path, body, headers, FUNCTION_URL_HOST)


def rest_api(
    method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """A REST API (v1) proxy event of stage `prod`."""
    all_headers = {"Host": HTTP_API_HOST, "Content-Type": "application/json", **(headers or {})}
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": API_ID,
            "domainName": HTTP_API_HOST,
            "httpMethod": method,
            "identity": {"sourceIp": SOURCE_IP, "userAgent": "test"},
            "path": f"/prod{path}",
            "protocol": "HTTP/1.1",
            "requestId": str(uuid.uuid4()),
            "resourcePath": "/{proxy+}",
            "stage": "prod",
        },
        "body": _body(body),
        "isBase64Encoded": False,
    }


def _v2(
    method: str, path: str, body: Any, headers: dict[str, str] | None, host: str
) -> dict[str, Any]:
    api_id = host.split(".")[0]
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"host": host, "content-type": "application/json", **(headers or {})},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": api_id,
            "domainName": host,
            "domainPrefix": api_id,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": SOURCE_IP,
                "userAgent": "test",
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": "29/Nov/2026:10:00:00 +0000",
            "timeEpoch": 1795946400000,
        },
        "body": _body(body),
        "isBase64Encoded": False,
    }


def _body(body: Any) -> str | None:
    if body is None:
        return None
    return body if isinstance(body, str) else json.dumps(body)
