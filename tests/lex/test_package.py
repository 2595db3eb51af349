"""`bot.lex` sits below the runtime API and the code hooks: it imports only the neutral turn
model and the NLU types, and neither user reaches into the other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.lex.common import scalar_text

BOT = Path(__file__).resolve().parents[2] / "bot"


def bot_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    return {name for name in names if name.startswith("bot")}


@pytest.mark.parametrize("path", sorted((BOT / "lex").glob("*.py")), ids=lambda p: p.name)
def test_the_lex_package_imports_only_the_turn_model_and_nlu_types(path: Path) -> None:
    allowed = {"bot.turn", "bot.nlu.types", "bot.lex", "bot.lex.common"}
    assert bot_imports(path) <= allowed


@pytest.mark.parametrize("path", sorted((BOT / "hooks").glob("*.py")), ids=lambda p: p.name)
def test_the_code_hooks_never_import_the_runtime_api(path: Path) -> None:
    assert not {name for name in bot_imports(path) if name.startswith("bot.api")}


@pytest.mark.parametrize(
    ("sent", "read"), [(25, "25"), (2.5, "2.5"), (True, "true"), (False, "false"), ("x", "x")]
)
def test_numbers_and_booleans_read_as_their_json_text(sent: object, read: str) -> None:
    assert scalar_text(sent) == read
