#!/usr/bin/env bash
# Cold-start cost of the example code hook (issue 5): wall-clock time of
#   python -X importtime -c "import fulfillment.lambda_function"
# minus that of a bare `python -c pass`, median of RUNS (10) runs each, interleaved so drift
# hits both alike. Target: <= 100 ms. Also prints what -X importtime itself reports for
# fulfillment.lambda_function (cumulative, median). Exits 1 over the target.
# Usage: bench/import_time.sh   (PYTHON=/path/to/python, RUNS=n to change)
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python3}
runs=${RUNS:-10}
"$py" - "$py" "$runs" <<'PY'
import os
import statistics
import subprocess
import sys
import time

python, runs = sys.argv[1], int(sys.argv[2])
bare_cmd = [python, "-c", "pass"]
import_cmd = [python, "-X", "importtime", "-c", "import fulfillment.lambda_function"]


def timed(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return (time.perf_counter() - start) * 1000, done.stderr


def self_reported_ms(stderr):
    # "import time: self [us] | cumulative | imported package"; the last match is the outermost.
    for line in reversed(stderr.splitlines()):
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == "fulfillment.lambda_function":
            return int(parts[1]) / 1000
    raise SystemExit("fulfillment.lambda_function missing from -X importtime output")


timed(bare_cmd), timed(import_cmd)  # warm the file cache
bare, full, reported = [], [], []
for _ in range(runs):
    bare.append(timed(bare_cmd)[0])
    ms, stderr = timed(import_cmd)
    full.append(ms)
    reported.append(self_reported_ms(stderr))

bare_ms, full_ms = statistics.median(bare), statistics.median(full)
diff = full_ms - bare_ms
print(f"python -c pass:                              median {bare_ms:6.1f} ms ({runs} runs)")
print(f"python -X importtime -c 'import fulfillment.lambda_function': median {full_ms:6.1f} ms")
reported_ms = statistics.median(reported)
print(f"-X importtime cumulative for fulfillment.lambda_function: median {reported_ms:.1f} ms")
cache = "off" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
print(f"bytecode cache: {cache} (off: our modules compile on every run, like a zip without .pyc)")
print(f"difference (median): {diff:.1f} ms (target <= 100 ms)")
sys.exit(0 if diff <= 100 else 1)
PY
