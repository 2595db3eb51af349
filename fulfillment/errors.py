"""Errors raised by the fulfillment library.

One small tree: everything derives from `FulfillmentError`. `ResponseError` means a builder was
asked for a response that Lex would reject (a card with six buttons, an empty message, …); it
is raised in the Lambda, where the stack trace points at the offending call, rather than
surfacing later as an opaque `DependencyFailedException` from Lex. Standard library only.
"""

from __future__ import annotations


class FulfillmentError(Exception):
    """Base class of every error raised by `fulfillment`."""


class ResponseError(FulfillmentError, ValueError):
    """A response builder was given values outside the limits Lex accepts."""


class EventError(FulfillmentError, ValueError):
    """The input is not a Lex V2 or V1 code-hook event."""
