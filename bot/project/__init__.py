"""Bot projects: the YAML files a bot is made of, validated and turned into an NLU `Domain`.

from bot.project import load_project
project = load_project(Path("."))      # raises BotDefinitionError listing every problem
domain = project.domain()              # intents, slot types and training examples
"""

from bot.project.loader import BotProject, load_project, project_fingerprint

__all__ = ["BotProject", "load_project", "project_fingerprint"]
