#!/usr/bin/env bash
# NLU figures on the Snips benchmark (needs ../shared/datasets/snips beside the checkout).
# Prints the JSON report of `bot evaluate`; the per-intent table goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SNIPS_DIR:-../shared/datasets/snips}
bot=${BOT:-.venv/bin/bot}
mkdir -p bench/out
"$bot" evaluate --train "$data/train.jsonl" --test "$data/test.jsonl" \
  --out bench/out/snips.json --predictions bench/out/snips_predictions.jsonl
