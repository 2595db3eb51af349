"""Bot files as a loaded, checked `BotProject`, for exporters.

Exporters work from the validated models (canonical message groups, slot types with the Rasa
lookups and synonyms merged in, Rasa examples parsed) rather than from raw YAML, so they never
re-implement the bot-file short forms. The files are written to a temporary folder and loaded
there; nothing outside that folder is touched.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.project.loader import BotProject, load_project
from bot.transfer.bot_files import BotFiles


def load_bot_files(files: BotFiles) -> BotProject:
    """The project the files make (raises BotDefinitionError if they are not a valid bot)."""
    with tempfile.TemporaryDirectory(prefix="bot-export-") as folder:
        files.write(Path(folder))
        project = load_project(Path(folder))
        for locale in project.locales().values():
            locale.domain()  # computed now: the folder is gone afterwards
        return project


def declared_intents(files: BotFiles, locale: str) -> set[str]:
    """Intents that have a file (the loader adds an implicit FallbackIntent to every locale)."""
    return {name for loc in files.locales if loc.locale == locale for name in loc.intents}
