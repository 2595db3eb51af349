"""Fulfillment: Lex-format code-hook events, response builders and the dispatcher. Never imports `bot`."""
