"""The Rasa project made from the bot files, trained and served by a Rasa installation of the
user's choosing (Rasa 3.6 needs Python ≤ 3.10, so it never shares our process).

`bot rasa train` writes `models/rasa/` — the project `bot export rasa` writes, with an explicit
NLU pipeline — and runs `rasa train nlu` there; a model whose fingerprint (bot files, pipeline)
matches is kept. `bot rasa serve` replaces itself with `rasa run --enable-api` on that model.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.errors import ConfigurationError, ModelError
from bot.project.loader import load_project
from bot.transfer.bot_files import dump_yaml, read_bot_files
from bot.transfer.rasa_export import export_rasa

RASA_DIR = Path("models") / "rasa"
MODEL_NAME = "nlu"
FINGERPRINT = "fingerprint.txt"
DEFAULT_EPOCHS = 100  # DIETClassifier's own default
DEFAULT_PORT = 5005


def rasa_dir(root: Path) -> Path:
    return Path(root) / RASA_DIR


def model_path(root: Path) -> Path:
    return rasa_dir(root) / "models" / f"{MODEL_NAME}.tar.gz"


def find_rasa(rasa: str | None) -> str:
    """The Rasa executable: `rasa` as given (a path or a name on PATH)."""
    found = shutil.which(rasa or "rasa")
    if found is None:
        raise ConfigurationError(
            f"Rasa not found ({rasa or 'rasa'}): install Rasa 3.6 in a Python 3.10 environment "
            "(see the README) and give its executable with --rasa"
        )
    return found


def pipeline(language: str, epochs: int) -> dict[str, Any]:
    """Rasa's suggested NLU pipeline, with the epochs given and without its FallbackClassifier:
    the bot's own threshold decides when no intent is meant."""
    return {
        "recipe": "default.v1",
        "language": language,
        "pipeline": [
            {"name": "WhitespaceTokenizer"},
            {"name": "RegexFeaturizer"},
            {"name": "LexicalSyntacticFeaturizer"},
            {"name": "CountVectorsFeaturizer"},
            {
                "name": "CountVectorsFeaturizer",
                "analyzer": "char_wb",
                "min_ngram": 1,
                "max_ngram": 4,
            },
            {"name": "DIETClassifier", "epochs": epochs, "constrain_similarities": True},
            {"name": "EntitySynonymMapper"},
        ],
        "policies": [],
        "assistant_id": "lexbot",
    }


def write_project(root: Path, epochs: int = DEFAULT_EPOCHS) -> tuple[Path, str]:
    """Write the Rasa project of the bot's first locale; its folder and fingerprint."""
    project = load_project(root)
    out = rasa_dir(root)
    export_rasa(read_bot_files(Path(root)), out)
    config = dump_yaml(pipeline(project.locale.split("_")[0], epochs))
    (out / "config.yml").write_text(config, encoding="utf-8")
    digest = hashlib.sha256()
    for name in ("config.yml", "domain.yml", "data/nlu.yml"):
        digest.update((out / name).read_bytes())
    return out, digest.hexdigest()


def train(
    root: Path,
    rasa: str | None = None,
    *,
    epochs: int = DEFAULT_EPOCHS,
    force: bool = False,
    say: Callable[[str], None] = lambda _msg: None,
) -> bool:
    """Train the Rasa model unless the one there matches; True when trained."""
    executable = find_rasa(rasa)
    out, fingerprint = write_project(root, epochs)
    stamp = out / FINGERPRINT
    model = model_path(root)
    if not force and model.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        say(f"Rasa model is current: {model}")
        return False
    stamp.unlink(missing_ok=True)
    say(f"training Rasa NLU ({epochs} epochs) in {out}")
    started = time.monotonic()
    command = [executable, "train", "nlu", "--config", "config.yml", "--nlu", "data/nlu.yml"]
    command += ["--out", "models", "--fixed-model-name", MODEL_NAME]
    done = subprocess.run(command, cwd=out, env=_rasa_environment(), check=False)
    if done.returncode != 0 or not model.exists():
        raise ModelError(f"rasa train nlu failed (exit {done.returncode}); see its output above")
    stamp.write_text(fingerprint)
    say(f"Rasa model trained in {time.monotonic() - started:.0f} s: {model}")
    return True


def serve_command(
    root: Path, rasa: str | None = None, *, port: int = DEFAULT_PORT, host: str = "127.0.0.1"
) -> list[str]:
    """`rasa run` serving the trained model's `/model/parse` (and nothing else of Rasa's)."""
    executable = find_rasa(rasa)
    model = model_path(root)
    if not model.exists():
        raise ModelError(f"no Rasa model at {model}: run `bot rasa train` first")
    return [
        executable,
        "run",
        "--enable-api",
        "--model",
        str(model.resolve()),
        "--port",
        str(port),
        "--interface",
        host,
    ]


def serve(root: Path, rasa: str | None = None, *, port: int = DEFAULT_PORT) -> None:
    """Become Rasa's server (signals then reach Rasa itself); returns only on failure."""
    command = serve_command(root, rasa, port=port)
    os.chdir(rasa_dir(root))
    os.execve(command[0], command, _rasa_environment())


def _rasa_environment() -> dict[str, str]:
    # Rasa would otherwise ask about and send telemetry on first use.
    return os.environ | {"RASA_TELEMETRY_ENABLED": "false"}
