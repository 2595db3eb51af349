"""How a route that reads its body raw describes that body in the OpenAPI document.

The Lex routes, `/model/parse` and the REST webhook read their body themselves (strict JSON,
errors in the route's own shape), so they declare no body parameter and FastAPI cannot describe
one. `json_body(Model)` is such a route's `openapi_extra`: a required JSON body with the pydantic
model's schema, its `$defs` inlined so that it stands alone in the document (the Lex V1 and V2
models share names, so they cannot share components). It only describes: it must never change
how a body is read or checked.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

_DEFS = "#/$defs/"


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """A route's `openapi_extra` saying it takes `model` as a required JSON body."""
    schema = inline_refs(model.model_json_schema(mode="validation"))
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema}},
        }
    }


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with every `#/$defs/…` reference replaced by the definition it names, and no
    `$defs` left; a model that contains itself cannot be inlined (`ValueError`)."""
    defs: dict[str, Any] = schema.get("$defs", {})

    def resolve(node: Any, within: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [resolve(item, within) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_DEFS):
            name = ref.removeprefix(_DEFS)
            if name in within:
                raise ValueError(f"{name} contains itself: its schema cannot be inlined")
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            return {**resolve(defs[name], within | {name}), **resolve(siblings, within)}
        return {k: resolve(v, within) for k, v in node.items() if k != "$defs"}

    resolved: dict[str, Any] = resolve(schema, frozenset())
    return resolved
