"""The bot engine: bot files, NLU, dialog, sessions, server and CLI."""

__version__ = "0.1.0"
