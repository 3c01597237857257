#!/usr/bin/env bash
# Run every Brian2 workload/target serially, REPEAT times each (each repeat in a
# fresh process), and print a table of medians with the load average.
#
#   bench/brian2/run_all.sh [--long] [--repeat N] [--out-dir DIR] [--only REGEX]
#
#   --long        also run the W3 loop variants (cython: all 512 points, ~2-4 min
#                 per repeat; cpp_standalone: 4 points, extrapolated to 512)
#   --repeat N    repeats per case (default 3; the table shows medians)
#   --out-dir DIR keep runs.jsonl, table.md and the W3 count CSVs there
#                 (default: a temp dir, removed at the end)
#   --only REGEX  run only the cases whose label matches (e.g. 'W3|W5')
#
# Needs Debian's python3-brian (apt-get install -y python3-brian python3-dev) and
# g++; uses /usr/bin/python3, not whatever python3 is first on PATH.
# JSON lines go to DIR/runs.jsonl, progress and Brian's output to stderr, the
# table to stdout.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3
LONG=0
REPEAT=3
OUT=""
ONLY="."
while [ $# -gt 0 ]; do
  case "$1" in
    --long) LONG=1 ;;
    --repeat) REPEAT="$2"; shift ;;
    --out-dir) OUT="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

KEEP=1
if [ -z "$OUT" ]; then
  OUT="$(mktemp -d -t brian2bench_out.XXXXXX)"
  KEEP=0
fi
mkdir -p "$OUT"
RUNS="$OUT/runs.jsonl"
: > "$RUNS"
cleanup() { if [ "$KEEP" = 0 ]; then rm -rf "$OUT"; fi; }
trap cleanup EXIT

"$PY" -c 'import brian2' 2>/dev/null || {
  echo "Brian2 not importable by $PY: apt-get install -y python3-brian python3-dev" >&2; exit 1; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc)"
  echo "brian2: $("$PY" -c 'import brian2; print(brian2.__version__)' 2>/dev/null), $(g++ --version | head -1)"
  echo "uptime at start: $(uptime)"
} | tee "$OUT/machine.txt" >&2

# label | arguments of bench.py
CASES=(
  "W1 cpp1|--workload W1 --target cpp_standalone --threads 1"
  "W1 cpp2|--workload W1 --target cpp_standalone --threads 2"
  "W1 cython|--workload W1 --target cython"
  "W1 numpy|--workload W1 --target numpy"
  "W2 cpp1|--workload W2 --target cpp_standalone --threads 1"
  "W2 cpp2|--workload W2 --target cpp_standalone --threads 2"
  "W2 cython|--workload W2 --target cython"
  "W3 vec cython|--workload W3 --variant vec --target cython --out $OUT/w3_vec_cython.csv"
  "W3 vec cpp1|--workload W3 --variant vec --target cpp_standalone --out $OUT/w3_vec_cpp.csv"
  "W3 event cpp1|--workload W3 --variant event --target cpp_standalone --out $OUT/w3_event_cpp.csv"
  "W3 event cython|--workload W3 --variant event --target cython"
  "W3 vec cython strict-fp|--workload W3 --variant vec --target cython --strict-fp --out $OUT/w3_counts_strictfp.csv"
  "W4 vec cpp1|--workload W4 --variant vec --target cpp_standalone"
  "W4 vec cpp2|--workload W4 --variant vec --target cpp_standalone --threads 2"
  "W4 event cpp1|--workload W4 --variant event --target cpp_standalone"
  "W4 vec cython|--workload W4 --variant vec --target cython"
  "W5 cython rec|--workload W5 --target cython"
  "W5 cython no-rec|--workload W5 --target cython --no-record"
  "W5 cpp1 rec|--workload W5 --target cpp_standalone"
  "W5 cpp1 no-rec|--workload W5 --target cpp_standalone --no-record"
)
if [ "$LONG" = 1 ]; then
  CASES+=(
    "W3 loop cython|--workload W3 --variant loop --target cython --out $OUT/w3_loop_cython.csv"
    "W3 loop cpp1 (4 points)|--workload W3 --variant loop --target cpp_standalone --points 4"
  )
fi

for c in "${CASES[@]}"; do
  label="${c%%|*}"
  args="${c#*|}"
  if ! [[ "$label" =~ $ONLY ]]; then continue; fi
  echo "== $label (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  # shellcheck disable=SC2086
  "$PY" "$HERE/bench.py" $args --repeat "$REPEAT" | tee -a "$RUNS" >&2
done

echo >&2
shopt -s nullglob
csvs=("$OUT"/w3_*.csv)
if [ ${#csvs[@]} -gt 0 ]; then
  echo "W3 per-point counts against the independent numpy stepper (check_w3.py):" >&2
  "$PY" "$HERE/check_w3.py" "${csvs[@]}" >&2 || true
fi
{
  cat "$OUT/machine.txt"
  echo "uptime at end: $(uptime)"
  echo
  "$PY" "$HERE/summarize.py" "$RUNS"
} | tee "$OUT/table.md"
if [ "$KEEP" = 1 ]; then echo "results in $OUT" >&2; fi
