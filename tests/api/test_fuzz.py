"""schemathesis over the served OpenAPI document: the Lex V2 and V1 routes, the REST webhook and
`/model/parse` never answer a server error, and every error answer has its route's shape.

The example bot (no code hooks, in-memory sessions) is served by uvicorn on a loopback port. Each
operation is fuzzed with bodies that follow its schema and bodies that break it, with the bot's
own ids in the path, so that the bodies reach the dialog and the session store, and (when it has
path parameters) again with generated ones. Examples are bounded and derandomized, with no example database, so
CI runs the same few hundred cases every time, in seconds.

The cases come from `APIOperation.as_strategy` under Hypothesis' `@given`: schemathesis' pytest
loader for a schema served by a fixture (`schemathesis.pytest.from_fixture`) fails under
pytest 9 (it sets `Function._nodeid`, which pytest 9 no longer has).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis.checks import CheckContext, not_a_server_error

import channels
from bot.app import build_runtime
from bot.runtime import BotRuntime
from bot.server import create_app
from tests.serving import serving_app

V2_SESSION = "/bots/{bot_id}/botAliases/{alias_id}/botLocales/{locale_id}/sessions/{session_id}"
V1_USER = "/bot/{bot_name}/alias/{alias}/user/{user_id}"
FUZZED = (
    f"POST {V2_SESSION}/text",
    f"GET {V2_SESSION}",
    f"POST {V2_SESSION}",
    f"DELETE {V2_SESSION}",
    f"POST {V1_USER}/text",
    f"GET {V1_USER}/session/",
    f"POST {V1_USER}/session",
    f"DELETE {V1_USER}/session",
    "POST /webhooks/rest/webhook",
    "POST /model/parse",
)
JSON_BODIES = [label for label in FUZZED if label.startswith("POST ")]
LEX_PATHS = ("/bots/", "/bot/", "/model/")  # errors in Lex's shape; the webhook's are {"error"}
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
# Examples per operation: most with the bot's ids in the path, a few with generated ones (an
# operation without path parameters runs once, as the bot's).
BOT_IDS, GENERATED_IDS = "the bot's ids", "generated ids"
EXAMPLES = {BOT_IDS: 40, GENERATED_IDS: 10}
RUNS = [(label, ids) for label in FUZZED for ids in EXAMPLES if ids == BOT_IDS or "{" in label]


@pytest.fixture(scope="module")
def fuzzed_runtime(bot_root: Path) -> BotRuntime:
    return build_runtime(bot_root, store_url="memory://", rng=random.Random(0), code_hooks=False)


@pytest.fixture(scope="module")
def base_url(fuzzed_runtime: BotRuntime) -> Iterator[str]:
    app = create_app(fuzzed_runtime)
    channels.mount(app, fuzzed_runtime)
    with serving_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def api(base_url: str) -> schemathesis.BaseSchema:
    """The served document; its operations are sent to the server that served it."""
    return schemathesis.openapi.from_url(f"{base_url}/openapi.json")


@pytest.fixture(scope="module")
def bot_ids(fuzzed_runtime: BotRuntime) -> dict[str, str]:
    """Path parameters that reach the example bot, V2's and V1's."""
    return {
        "bot_id": fuzzed_runtime.identity.bot_id,
        "alias_id": "TSTALIASID",
        "locale_id": "en_US",
        "session_id": "fuzz-v2",
        "bot_name": "EventBot",
        "alias": "TSTALIASID",
        "user_id": "fuzz-v1",
    }


def start_sessions(base_url: str, ids: dict[str, str]) -> None:
    """One turn on each fuzzed session, so that GetSession and DeleteSession find it."""
    with httpx.Client(base_url=base_url) as client:
        for path, body in (
            (V2_SESSION + "/text", {"text": "hello"}),
            (V1_USER + "/text", {"inputText": "hello"}),
        ):
            client.post(path.format(**ids), json=body).raise_for_status()


def errors_in_route_shape(
    ctx: CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """An error answer is JSON in its route's shape: Lex's (`__type`, `message` and the same
    type in `x-amzn-ErrorType`) on the runtime API, `{"error"}` on the REST webhook."""
    if response.status_code < 400:
        return
    body = json.loads(response.content)
    if case.path.startswith(LEX_PATHS):
        assert isinstance(body.get("__type"), str), body
        assert isinstance(body.get("message"), str), body
        assert response.headers.get("x-amzn-errortype") == [body["__type"]], response.headers
    else:
        assert isinstance(body.get("error"), str), body


CHECKS = [not_a_server_error, errors_in_route_shape]


def test_the_document_describes_each_json_body(api: schemathesis.BaseSchema) -> None:
    for label in JSON_BODIES:
        method, path = label.split(" ", 1)
        body = api[path][method].definition.raw["requestBody"]
        assert body["required"] is True
        schema = body["content"]["application/json"]["schema"]
        assert schema["type"] == "object", label
        assert "$ref" not in json.dumps(schema), label  # stands alone: nothing left to resolve


@pytest.mark.parametrize(("label", "paths"), RUNS)
def test_operation_never_answers_a_server_error(
    label: str, paths: str, api: schemathesis.BaseSchema, base_url: str, bot_ids: dict[str, str]
) -> None:
    method, path = label.split(" ", 1)
    fixed = {}
    if paths == BOT_IDS:
        fixed = {name: value for name, value in bot_ids.items() if f"{{{name}}}" in path}
        start_sessions(base_url, bot_ids)
    operation = api[path][method]
    cases = st.one_of(*(operation.as_strategy(mode, path_parameters=fixed) for mode in MODES))
    statuses: Counter[int] = Counter()

    @settings(max_examples=EXAMPLES[paths], deadline=None, derandomize=True, database=None)
    @given(case=cases)
    def fuzz(case: schemathesis.Case) -> None:
        statuses[case.call_and_validate(checks=CHECKS).status_code] += 1

    fuzz()
    if paths == BOT_IDS:
        assert statuses[200], f"no case reached the bot: {dict(statuses)}"
