"""The `bot` command: parses arguments and calls library functions, nothing more. Each module
registers its commands on the one Typer app (`bot.cli.common.app`)."""

# ruff: noqa: I001 - the modules register in this order, which is the order of `bot --help`.
from bot.cli.common import app
from bot.cli import model  # noqa: F401 - registers train, check, parse, evaluate
from bot.cli import transfer  # noqa: F401 - import, export
from bot.cli import serving  # noqa: F401 - serve, shell
from bot.cli import conversations  # noqa: F401 - test, missed
from bot.cli import versions  # noqa: F401 - version, alias
from bot.cli import platforms  # noqa: F401 - sessions, package, rasa

__all__ = ["app"]
