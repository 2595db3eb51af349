"""A Lambda function ships alone: `fulfillment` must load with the standard library only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Prints the top-level modules that the import added to a bare interpreter's.
PROBE = """
import json, sys
before = set(sys.modules)
import {module}
added = sorted({{name.partition(".")[0] for name in set(sys.modules) - before}})
print(json.dumps(added))
"""


def _added_modules(module: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_the_lambda_handler_imports_neither_bot_pydantic_nor_boto3() -> None:
    added = _added_modules("fulfillment.lambda_function")
    assert "fulfillment" in added
    assert not {"bot", "pydantic", "boto3", "botocore"} & set(added)


@pytest.mark.parametrize(
    "module", ["fulfillment", "fulfillment.lambda_function", "fulfillment.replies"]
)
def test_fulfillment_loads_nothing_but_the_standard_library(module: str) -> None:
    added = set(_added_modules(module)) - {"fulfillment"}
    # `_sysconfigdata_*` is the stdlib's platform-specific build data (loaded via sysconfig).
    outside = {
        name
        for name in added
        if name not in sys.stdlib_module_names and not name.startswith("_sysconfigdata")
    }
    assert not outside, f"{module} imports non-stdlib modules: {sorted(outside)}"


def test_import_fulfillment_alone_loads_no_submodule() -> None:
    probe = "import sys, fulfillment; print(sorted(m for m in sys.modules if 'fulfillment' in m))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['fulfillment']"
