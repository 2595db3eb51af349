"""REST webhook tests (Rasa REST channel contract) against a real server."""
