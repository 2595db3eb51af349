"""Per-intent dispatch for Lex code hooks: one Lambda function, one handler per intent and hook.

```python
router = Router()

@router.dialog("BookHotel")          # DialogCodeHook for BookHotel
def validate(event: LexV2Event) -> dict: ...

@router.fulfillment("BookHotel")     # FulfillmentCodeHook for BookHotel
def book(event: LexV2Event) -> dict: ...

def lambda_handler(event, context):
    return router(event, context)
```

The router tells a V2 event (`sessionState`) from a V1 one (`currentIntent`), wraps it in
`LexV2Event`/`LexV1Event` (the Lambda context is on `event.context`) and returns what the
handler returns, untouched. It never lets an exception escape to Lex, whose answer to a failing
Lambda is an opaque `DependencyFailedException`: an intent without a handler gets a valid
Failed close, and so does a handler that raises or returns something other than a dict (the
error is logged with its traceback). A dialog hook for an intent that has only a fulfilment
handler delegates, since there is nothing to validate. Standard library only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

from fulfillment import lexv1, lexv2
from fulfillment.errors import ResponseError
from fulfillment.events import LexEvent, LexV1Event, LexV2Event, parse_event

__all__ = ["Hook", "Router"]

logger = logging.getLogger(__name__)

Hook = Literal["dialog", "fulfillment"]
HOOKS: tuple[Hook, ...] = ("dialog", "fulfillment")
Handler = Callable[[Any], Mapping[str, Any]]
H = TypeVar("H", bound=Callable[..., Any])

UNKNOWN_INTENT_MESSAGE = "Sorry, I can't help with that yet."
ERROR_MESSAGE = "Sorry, something went wrong on my side. Please try again later."
_SOURCES: dict[str, Hook] = {"DialogCodeHook": "dialog", "FulfillmentCodeHook": "fulfillment"}


class Router:
    """Handlers keyed by (intent name, hook); registering a key twice raises `ValueError`."""

    def __init__(
        self,
        *,
        unknown_intent_message: str = UNKNOWN_INTENT_MESSAGE,
        error_message: str = ERROR_MESSAGE,
    ) -> None:
        self._routes: dict[tuple[str, Hook], Handler] = {}
        self._defaults: dict[Hook, Handler] = {}
        self.unknown_intent_message = unknown_intent_message
        self.error_message = error_message

    # --- registration ---------------------------------------------------------------------

    def dialog(self, intent_name: str) -> Callable[[H], H]:
        """Register the DialogCodeHook handler of `intent_name`."""
        return self.route(intent_name, "dialog")

    def fulfillment(self, intent_name: str) -> Callable[[H], H]:
        """Register the FulfillmentCodeHook handler of `intent_name`."""
        return self.route(intent_name, "fulfillment")

    def route(self, intent_name: str, hook: Hook) -> Callable[[H], H]:
        def register(handler: H) -> H:
            self.add(intent_name, hook, handler)
            return handler

        return register

    def add(self, intent_name: str, hook: Hook, handler: Handler) -> None:
        """Register without a decorator."""
        if hook not in HOOKS:
            raise ValueError(f"hook must be one of {HOOKS}, not {hook!r}")
        if not intent_name or not isinstance(intent_name, str):
            raise ValueError(f"an intent name is a non-empty string, not {intent_name!r}")
        key = (intent_name, hook)
        if key in self._routes:
            raise ValueError(f"a {hook} handler for intent {intent_name!r} is already registered")
        self._routes[key] = handler

    def default(self, hook: Hook | Callable[..., Any] | None = None) -> Any:
        """Register the handler for intents that have none: `@router.default()` for both
        hooks, `@router.default("dialog")` for one (plain `@router.default` works too)."""
        if callable(hook):
            return self.default()(hook)
        hooks = HOOKS if hook is None else (hook,)

        def register(handler: H) -> H:
            for one in hooks:
                if one not in HOOKS:
                    raise ValueError(f"hook must be one of {HOOKS}, not {one!r}")
                if one in self._defaults:
                    raise ValueError(f"a default {one} handler is already registered")
            for one in hooks:
                self._defaults[one] = handler
            return handler

        return register

    def include_router(self, other: Router) -> None:
        """Add every route of `other`; nothing is added if any key is already taken."""
        clashes = [key for key in other._routes if key in self._routes]
        clashes += [("*", hook) for hook in other._defaults if hook in self._defaults]
        if clashes:
            taken = ", ".join(f"{name}/{hook}" for name, hook in clashes)
            raise ValueError(f"already registered: {taken}")
        self._routes.update(other._routes)
        self._defaults.update(other._defaults)

    @property
    def routes(self) -> dict[tuple[str, Hook], Handler]:
        """A copy of the registered (intent name, hook) → handler map."""
        return dict(self._routes)

    def resolve(self, intent_name: str, hook: Hook) -> Handler | None:
        """The handler that would run: the intent's own, else the default for the hook."""
        return self._routes.get((intent_name, hook)) or self._defaults.get(hook)

    # --- dispatch -------------------------------------------------------------------------

    def __call__(self, event: Mapping[str, Any] | LexEvent, context: Any = None) -> dict[str, Any]:
        """The Lambda entry point: `return router(event, context)`. A dict that is not a Lex
        event raises `EventError`: there is no valid answer to give."""
        if not isinstance(event, LexV2Event | LexV1Event):
            event = parse_event(event, context)
        return self.dispatch(event)

    def dispatch(self, event: LexEvent) -> dict[str, Any]:
        source = event.invocation_source or ""
        hook = _SOURCES.get(source)
        name = event.intent_name or ""
        handler = self.resolve(name, hook) if hook else None
        if handler is None:
            if hook == "dialog" and (name, "fulfillment") in self._routes:
                return self._delegate(event)
            logger.warning("No handler for intent %r (%s)", name, source or "no invocationSource")
            return failed_close(event, self.unknown_intent_message)
        try:
            response = handler(event)
            if not isinstance(response, Mapping):
                raise TypeError(f"returned {type(response).__name__}, not a response dict")
        except Exception:
            label = getattr(handler, "__qualname__", repr(handler))
            logger.exception("Code hook %s failed for intent %r (%s)", label, name, source)
            return failed_close(event, self.error_message)
        return response if isinstance(response, dict) else dict(response)

    def _delegate(self, event: LexEvent) -> dict[str, Any]:
        try:
            if isinstance(event, LexV1Event):
                return lexv1.delegate(event.session_attributes, event.current_intent.slots)
            return lexv2.delegate(event)
        except ResponseError:
            logger.exception("Could not delegate for intent %r", event.intent_name)
            return failed_close(event, self.error_message)


def failed_close(event: LexEvent, message: str) -> dict[str, Any]:
    """A Close with the intent Failed and `message`, valid whatever the event holds."""
    try:
        if isinstance(event, LexV1Event):
            return lexv1.close(event.session_attributes, "Failed", message)
        intent = None if event.intent_name else "FallbackIntent"  # Close must name an intent
        return lexv2.close(event, "Failed", message, intent=intent)
    except ResponseError:  # e.g. non-string session attributes: answer without them
        logger.exception("Could not echo the event's state in a Failed close")
    if isinstance(event, LexV1Event):
        return lexv1.close(None, "Failed", message)
    name = event.intent_name or "FallbackIntent"
    return {
        "sessionState": {
            "dialogAction": {"type": "Close"},
            "intent": {"name": name, "state": "Failed", "confirmationState": "None"},
        },
        "messages": [lexv2.plain_text(message)],
    }
