#!/usr/bin/env bash
# NLU figures on every development set in ../shared/datasets (or $DATASETS): SNIPS full, the three
# SNIPS-70 draws (tested on SNIPS test) and CLINC150 val, each with `bot evaluate`, then one
# Markdown table. Times are also given scaled to the reference box, where the yardstick loop
# below takes 0.6 s. Reports and predictions are kept in bench/out/understanding/ (the `encoder`
# pipeline's in bench/out/understanding/encoder/). Usage: bench/understanding.sh [PIPELINE]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${DATASETS:-../shared/datasets}
bot=${BOT:-.venv/bin/bot}
python=${PYTHON:-.venv/bin/python}
pipeline=${1:-default}
out=bench/out/understanding
[ "$pipeline" = default ] || out="$out/$pipeline"
mkdir -p "$out"

yardstick() {
  "$python" -c 'import time
t = time.perf_counter(); s = 0
for i in range(10_000_000): s += i
print(round(time.perf_counter() - t, 3))'
}

run() {  # name train test; the yardstick runs just before and after, for this run's scale
  local before after
  before=$(yardstick)
  "$bot" evaluate --train "$2" --test "$3" --pipeline "$pipeline" --out "$out/$1.json" \
    --predictions "$out/$1_predictions.jsonl" >/dev/null 2>"$out/$1.log"
  after=$(yardstick)
  echo "$before $after" >"$out/$1.yardstick"
  echo "ran $1 (yardstick $before s before, $after s after)" >&2
}

run snips "$data/snips/train.jsonl" "$data/snips/test.jsonl"
for seed in 0 1 2; do
  run "snips70_s$seed" "$data/snips-70/train-70-s$seed.jsonl" "$data/snips/test.jsonl"
done
run clinc150_val "$data/clinc150/train.jsonl" "$data/clinc150/val.jsonl"

"$python" - "$out" <<'EOF'
import json, sys
from pathlib import Path

out = Path(sys.argv[1])
names = ("snips", "snips70_s0", "snips70_s1", "snips70_s2", "clinc150_val")
r = {n: json.loads((out / f"{n}.json").read_text()) for n in names}
yard = {n: sum(map(float, (out / f"{n}.yardstick").read_text().split())) / 2 for n in names}
draws = [r[f"snips70_s{s}"] for s in range(3)]
print("Times: as measured, and [scaled] to the reference box, where the yardstick loop")
print("`s = 0; for i in range(10_000_000): s += i` takes 0.6 s (here: its mean just before")
print(f"and after each run). Pipeline: {r['snips'].get('pipeline', 'default')}; peak RSS of an")
print("evaluate run (training workers included):", max(d["peak_rss_mb"] for d in r.values()), "MB.")


def mean(key):
    return sum(d[key] for d in draws) / 3


def times(n):
    m, k = r[n], 0.6 / yard[n]
    return (f"{yard[n]:.2f} s | {m['train_seconds']:.1f} s [{m['train_seconds'] * k:.1f}] | "
            f"{m['parse_ms_p50']:.3f} [{m['parse_ms_p50'] * k:.3f}] / "
            f"{m['parse_ms_p99']:.2f} [{m['parse_ms_p99'] * k:.2f}] ms")


print()
print("| set | intent accuracy | slot micro-F1 | in-scope / out-of-scope recall | yardstick "
      "| train [scaled] | parse p50 / p99 [scaled] |")
print("|---|---|---|---|---|---|---|")
s = r["snips"]
print(f"| SNIPS full | {s['intent_accuracy']:.4f} | {s['slot_micro_f1']:.4f} | — | "
      f"{times('snips')} |")
for k, d in enumerate(draws):
    print(f"| SNIPS-70 s{k} | {d['intent_accuracy']:.4f} | {d['slot_micro_f1']:.4f} | — | "
          f"{times(f'snips70_s{k}')} |")
print(f"| SNIPS-70 mean of 3 | **{mean('intent_accuracy'):.4f}** | "
      f"**{mean('slot_micro_f1'):.4f}** | — | — | — | — |")
c = r["clinc150_val"]
print(f"| CLINC150 val | {c['intent_accuracy']:.4f} | — | {c['in_scope_accuracy']:.4f} / "
      f"{c['oos_recall']:.2f} | {times('clinc150_val')} |")
EOF
