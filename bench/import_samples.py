"""Import every sample under /work/shared/lex-samples and say how each one fares.

For each Lex V2 folder, zip, Lex V1 JSON and CloudFormation template: import it into a temporary
folder, run `bot check` (load_project) on the result, and print one table row: the format, whether
it imported, whether the check passed (or its first problem), how many fields are unsupported
(their reasons summarised) and how many values are left to deployment (a Lambda ARN the stack
computes: `--code-hook` gives it). One bad sample never stops the run.

    .venv/bin/python bench/import_samples.py [SAMPLES_DIR]
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot.errors import BotDefinitionError
from bot.project.loader import load_project
from bot.transfer import detect_format, import_bot

SAMPLES = Path("/work/shared/lex-samples")


def samples(root: Path) -> list[Path]:
    found = sorted(p for p in (root / "v2").glob("*") if p.is_dir())
    found += sorted((root / "zips").glob("*.zip"))
    found += sorted((root / "v1").glob("*.json"))
    found += sorted(p for p in (root / "cfn").glob("*") if p.is_file())
    return found


def run(sample: Path, root: Path) -> tuple[str, ...]:
    name = sample.relative_to(root).as_posix()
    try:
        kind: str = detect_format(sample)
    except Exception as exc:  # noqa: BLE001 - one bad sample must not stop the bench
        return name, "?", f"error: {_short(exc)}", "-", "-", "-", ""
    try:
        files, report = import_bot(sample)
    except Exception as exc:  # noqa: BLE001
        return name, kind, f"error: {_short(exc)}", "-", "-", "-", ""
    with tempfile.TemporaryDirectory() as out:
        try:
            files.write(Path(out))
            load_project(Path(out))
            check = "yes"
        except BotDefinitionError as exc:
            check = _short(exc.problems[0]) if exc.problems else _short(exc)
        except Exception as exc:  # noqa: BLE001
            check = f"error: {_short(exc)}"
    reasons = Counter(_gist(note.reason) for note in report.unsupported)
    summary = "; ".join(f"{count}× {reason}" for reason, count in reasons.most_common())
    left = str(len(report.deployment))
    return name, kind, "yes", check, str(len(report.unsupported)), left, summary


def _gist(reason: str) -> str:
    """A reason without the names that make each note unique, so like notes count together."""
    reason = re.sub(r"'[^']*'", "'…'", reason)
    reason = re.sub(r"\b(slot|parameter|intent) \S+", r"\1 …", reason)
    return reason if len(reason) <= 110 else reason[:107] + "…"


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 140 else text[:137] + "…"


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES
    table = Table(
        "sample", "format", "imported", "bot check", "unsupported", "to deploy", "reasons"
    )
    rows = [run(sample, root) for sample in samples(root)]
    for row in rows:
        table.add_row(*row)
    Console(width=250).print(table)
    imported = sum(row[2] == "yes" for row in rows)
    passed = sum(row[3] == "yes" for row in rows)
    clean = sum(row[4] == "0" for row in rows)
    print(
        f"{len(rows)} samples: {imported} imported, {passed} pass bot check, "
        f"{clean} with no unsupported field"
    )


if __name__ == "__main__":
    main()
