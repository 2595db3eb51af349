"""Reading the container files as Docker and Compose read them, for tests that have no daemon:
the Dockerfile's instructions by build stage, which paths `.dockerignore` keeps out of the build
context, and Compose's `${VAR:?message}` / `${VAR:-default}` interpolation.

Only the parts of those formats that our files use; it never runs anything.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE_FILE = ROOT / "compose.yaml"


@dataclass(frozen=True)
class Instruction:
    stage: int  # 0 for the first FROM's stage
    keyword: str  # upper case: FROM, RUN, ENV, …
    args: str  # the rest of the logical line, continuations joined

    def exec_form(self) -> list[str]:
        """The JSON array of a CMD/ENTRYPOINT/HEALTHCHECK in exec form."""
        return list(json.loads(self.args[self.args.index("[") :]))


def instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    """The Dockerfile's logical lines, comments dropped and `\\` continuations joined."""
    found: list[Instruction] = []
    stage, pending = -1, ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        pending = ""
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        found.append(Instruction(stage, keyword, " ".join(args.split())))
    return found


def final_stage(path: Path = DOCKERFILE) -> list[Instruction]:
    every = instructions(path)
    return [i for i in every if i.stage == every[-1].stage]


def env_defaults(stage: list[Instruction]) -> dict[str, str]:
    """`ENV KEY=value …` of one stage (the form our Dockerfile uses)."""
    env: dict[str, str] = {}
    for instruction in stage:
        if instruction.keyword == "ENV":
            for pair in instruction.args.split():
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def ignored_by_docker(relative: str, path: Path = DOCKERIGNORE) -> bool:
    """Whether `.dockerignore` keeps a file out of the build context: the last pattern matching
    the path or one of its parent folders decides, `!` re-includes."""
    patterns = [
        line.strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = relative.strip("/").split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        # `**/x` also matches a top-level x.
        variants = {pattern, pattern.removeprefix("**/")}
        if any(_segment_match(p, v) for p in prefixes for v in variants):
            ignored = not negated
    return ignored


def _segment_match(path: str, pattern: str) -> bool:
    if "**" in pattern:
        return fnmatch.fnmatchcase(path, pattern)
    # Without **, a * never crosses a folder, as in Go's filepath.Match.
    names, globs = path.split("/"), pattern.split("/")
    return len(names) == len(globs) and all(
        fnmatch.fnmatchcase(n, g) for n, g in zip(names, globs, strict=True)
    )


_VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:\?|:-)(?P<arg>[^}]*))?\}")


class MissingVariable(Exception):
    """A `${VAR:?message}` whose variable is unset or empty: Compose refuses to start."""


def interpolate(value: str, environment: dict[str, str]) -> str:
    """A Compose value with `${VAR}`, `${VAR:-default}` and `${VAR:?message}` filled in."""

    def fill(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        current = environment.get(name, "")
        if current:
            return current
        if op == ":?":
            raise MissingVariable(f"{name}: {arg}")
        return arg if op == ":-" else ""

    return _VARIABLE.sub(fill, value)
