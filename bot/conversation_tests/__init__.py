"""Conversation tests (`bot test`): whole conversations written as YAML files, run in-process
against the engine with the bot's code hooks, compared with what a Lex V2 client would get; and
recording a conversation held in the console or the shell as such a file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.conversation_tests.runner import ConversationResult, ConversationRunner
from bot.conversation_tests.spec import Conversation, conversation_files, read_conversation
from bot.errors import Problem

__all__ = ["ConversationResult", "ConversationRunner", "read_conversations", "run_conversations"]


def read_conversations(root: Path, given: list[Path]) -> tuple[list[Conversation], list[Problem]]:
    """The conversations in `given` (default: the project's tests/conversations/), and the
    problems of the files that cannot run."""
    conversations: list[Conversation] = []
    problems: list[Problem] = []
    for path in conversation_files(root, given):
        conversation, found = read_conversation(path, root)
        problems += found
        if conversation is not None:
            conversations.append(conversation)
    return conversations, problems


def run_conversations(
    root: Path, conversations: list[Conversation], progress: Callable[[str], None] | None = None
) -> list[ConversationResult]:
    runner = ConversationRunner.for_project(root, progress)
    results = []
    for number, conversation in enumerate(conversations, 1):
        if progress is not None:
            progress(f"running {conversation.name}")
        results.append(runner.run(conversation, number))
    return results
